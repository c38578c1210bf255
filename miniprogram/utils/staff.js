/**
 * Staff mode (工作人员模式) for a WeChat user bound to a station worker's account: whether this user
 * is bound, the cached card-verification key, and the two checks a station makes. A member card is
 * verified by the server, or on the phone when the server can't be reached; a pickup is redeemed by
 * the server only (exactly once). Each check resolves to a result the scan page shows full screen.
 */
const api = require('./api')
const labels = require('./labels')
const { formatDateTime, formatTime } = require('./format')
const { classifyScan, verifyCardOffline } = require('./qr-token')

const PUBLIC_KEY_STORAGE = 'cardPublicKey'
// Set while this WeChat user is known to be bound: the home page then asks /staff/me, which a
// bound office account (not only station staff, whom /me flags) answers with 200.
const BOUND_STORAGE = 'staffBound'
const OFFLINE_NOTE = '离线核验（无法确认是否已注销）'
// A card at the door should not wait the default 15 s on a weak network: the phone can check it.
const CARD_VERIFY_TIMEOUT_MS = 5000

function rememberBound(bound) {
  if (bound) wx.setStorageSync(BOUND_STORAGE, true)
  else wx.removeStorageSync(BOUND_STORAGE)
}

function mayBeBound() {
  return Boolean(wx.getStorageSync(BOUND_STORAGE))
}

/** GET /staff/me: role, station, today's count and stock; null when this WeChat user is not bound. */
async function staffProfile() {
  try {
    const profile = await api.get('/staff/me')
    rememberBound(true)
    return profile
  } catch (err) {
    if (err.code !== 'not_staff') throw err
    rememberBound(false)
    return null
  }
}

/** Keep the key the server signs QR tokens with, for checks while offline; a failure keeps the old one. */
async function refreshPublicKey() {
  try {
    const res = await api.getPublic('/cards/public-key')
    const key = res.statusCode === 200 && res.data
    if (key && key.algorithm === 'Ed25519' && key.public_key_raw) {
      wx.setStorageSync(PUBLIC_KEY_STORAGE, { public_key_raw: key.public_key_raw, fetched_at: Date.now() })
    }
  } catch (err) {
    // Offline now: the stored key (if any) stays in use.
  }
}

function cachedPublicKey() {
  const saved = wx.getStorageSync(PUBLIC_KEY_STORAGE)
  return (saved && saved.public_key_raw) || ''
}

/** The server did not answer for itself: no network, or a gateway/server failure. */
function unreachable(err) {
  return err.code !== 'config_missing' && (err.status === 0 || err.status >= 500)
}

function passed(kind, title, reason, lines, extra) {
  return Object.assign({ ok: true, kind, title, reason, lines: lines || [], offline: false, note: '' }, extra)
}

function refused(kind, title, reason, extra) {
  return Object.assign({ ok: false, kind, title, reason, lines: [], offline: false, note: '' }, extra)
}

function cardOffline(token) {
  const key = cachedPublicKey()
  const offline = { offline: true, note: OFFLINE_NOTE }
  if (!key) {
    return refused('card', '无法核验', '网络不可用，本机也还没有保存验码公钥，无法离线核验。联网打开一次工作人员模式即可保存。',
      { offline: true })
  }
  const checked = verifyCardOffline(token, key, Date.now())
  if (checked.result === 'forged') {
    return refused('card', '会员码无效', '会员码无效，不是本系统签发的会员码', offline)
  }
  if (checked.result === 'expired') {
    return refused('card', '会员码已过期', '会员码已过期，请会员刷新后重新出示', offline)
  }
  const until = formatTime(new Date(checked.payload.exp * 1000).toISOString())
  return passed('card', '会员码有效', '会员码由工会签发且在有效期内。网络恢复后可再扫一次，确认会籍状态。',
    [{ label: '会员码有效至', value: until }], offline)
}

async function verifyCard(token) {
  try {
    const [card] = await Promise.all([api.post('/staff/cards/verify', { token }, { timeout: CARD_VERIFY_TIMEOUT_MS }), labels.ready()])
    return passed('card', '会员卡有效', '', [
      { label: '姓名', value: card.name_masked },
      { label: '会员号', value: card.member_no },
      { label: '所在工会', value: (card.org && card.org.name) || '' },
      { label: '会籍状态', value: labels.labelOf('member_status', card.member_status) },
    ])
  } catch (err) {
    if (unreachable(err)) return cardOffline(token)
    return refused('card', '会员卡核验未通过', err.message)
  }
}

/** Redeem a pickup: body is {token} or {short_code}. Never decided on the phone. */
async function redeemPickup(body) {
  try {
    const done = await api.post('/staff/pickups/redeem', body)
    const lines = [
      { label: '领取码', value: done.short_code },
      { label: '活动', value: done.campaign_name },
      { label: '驿站', value: done.station_name },
      { label: '核销时间', value: formatDateTime(done.redeemed_at) },
    ]
    if (done.worker_phone) lines.push({ label: '职工手机', value: done.worker_phone })
    return passed('pickup', '核销成功', '请发放清凉包 1 份', lines)
  } catch (err) {
    if (err.status === 0 && err.code !== 'config_missing') {
      // No answer is not a refusal either: the server may have redeemed it before the line dropped.
      return refused('pickup', '需要联网核销',
        '清凉包核销必须联网（每份只能领取一次），本机不能离线核销。未收到服务器答复，请先不要发放；恢复网络后点“重试”（如已核销，会显示领取时间）。',
        { offline: true, retry: body })
    }
    return refused('pickup', '不能核销', err.message, unreachable(err) ? { retry: body } : {})
  }
}

/** Whatever the camera read: a member card, a pickup QR or a typed-out short code. */
function checkScanned(text) {
  const scanned = classifyScan(text)
  if (!scanned) {
    return Promise.resolve(refused('unknown', '无法识别', '这不是会员码或清凉包领取码，请扫描职工出示的二维码'))
  }
  if (scanned.kind === 'card') return verifyCard(scanned.token)
  if (scanned.kind === 'pickup') return redeemPickup({ token: scanned.token })
  return redeemPickup({ short_code: scanned.shortCode })
}

module.exports = {
  staffProfile,
  rememberBound,
  mayBeBound,
  refreshPublicKey,
  cachedPublicKey,
  checkScanned,
  verifyCard,
  redeemPickup,
  OFFLINE_NOTE,
}
