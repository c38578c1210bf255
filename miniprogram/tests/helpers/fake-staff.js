/**
 * The staff endpoints of the fake backend, with the response shapes of the real ones
 * (app/auth/staff_views.py, app/cards/views.py, app/campaigns/views.py) and their Chinese refusals.
 * Card and pickup tokens are the backend-signed ones in fixtures/card-tokens.json; the fake knows
 * them by value (it checks no signature: that is the phone's job offline, and the backend's online).
 */
const TOKENS = require('../fixtures/card-tokens.json')

const STATION = { id: 31, name: '新城区海拉尔东路驿站', address: '新城区海拉尔东路5号', opening_hours: '08:00-20:00',
  latitude: 40.85, longitude: 111.76, is_open: true }
const OTHER_STATION = { id: 32, name: '如意开发区户外劳动者驿站', address: '赛罕区如意和大街8号', opening_hours: '09:00-18:00',
  latitude: 40.8, longitude: 111.7, is_open: true }
const CAMPAIGN = { id: 4, name: '2026夏季送清凉', pack_contents: ['藿香正气水', '防暑毛巾', '矿泉水'],
  pickup_starts_at: '2026-06-20T08:00:00+08:00', pickup_ends_at: '2026-08-31T20:00:00+08:00' }
const ORG = { id: 3, name: '新城区总工会', kind: 'district' }
const ROLE_LABELS = { station_staff: '驿站工作人员', org_admin: '工会工作人员', city_admin: '市总工会管理员' }

/** Sign-ups the fake knows: 77 (the fixture's pickup token) at our station, 78 at another one. */
function defaultPickups() {
  return [
    { id: 77, short_code: '8F3K2Q', token: TOKENS.pickup_token, station: STATION, status: 'signed_up',
      worker_phone: '138****5678' },
    { id: 78, short_code: 'K7M2PX', token: null, station: OTHER_STATION, status: 'signed_up', worker_phone: null },
  ]
}

function error(status, code, message) {
  return [status, { error: { code, message, fields: {} } }]
}

const NOT_STAFF = error(403, 'not_staff', '您的微信未绑定可用的工作人员账号，不能使用工作人员模式')

function payloadOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('ascii'))
}

/**
 * Serve the staff endpoints on `server` (its `on`). Options and the returned state: bound, role,
 * station (null for an office account), bindCode, redeemedToday, stockLeft, pickups, revoked (the
 * card's membership ended). Change the state between steps to tell a story.
 */
function serveStaff(on, options) {
  const state = Object.assign({ bound: false, role: 'station_staff', station: STATION, bindCode: '246810',
    bindCodeUsed: false, redeemedToday: 3, stockLeft: 9, pickups: defaultPickups(), revoked: false }, options)
  const officer = () => ({ id: 5, username: 'zhang_staff', display_name: '张师傅', role: state.role, org: ORG,
    station_id: state.station ? state.station.id : null, is_active: true, password_change_required: false })
  const staffOnly = handler => req => (state.bound ? handler(req) : NOT_STAFF)

  on('GET', '/cards/public-key', [200, TOKENS.public_key])
  on('POST', '/staff/bind', req => {
    if (req.data.code !== state.bindCode || state.bindCodeUsed) {
      return error(409, 'bind_code_invalid', '绑定码无效或已过期，请在工作人员账号中重新获取')
    }
    state.bindCodeUsed = true
    state.bound = true
    return [200, { officer: officer(), bound: true }]
  })
  on('POST', '/staff/unbind', staffOnly(() => {
    state.bound = false
    return [200, { officer: officer(), bound: false }]
  }))
  on('GET', '/staff/me', staffOnly(() => [200, state.station
    ? { role: state.role, role_label: ROLE_LABELS[state.role], station: state.station, campaign: CAMPAIGN,
      redeemed_today: state.redeemedToday, stock_left: state.stockLeft }
    : { role: state.role, role_label: ROLE_LABELS[state.role], station: null, redeemed_today: null, stock_left: null }]))
  on('POST', '/staff/cards/verify', staffOnly(req => {
    if (req.data.token !== TOKENS.card_token) return error(400, 'card_token_forged', '会员码无效，不是本系统签发的会员码')
    if (Date.now() / 1000 > TOKENS.expires_at) return error(400, 'card_token_expired', '会员码已过期，请会员刷新后重新出示')
    if (state.revoked) return error(409, 'card_revoked', '该会员卡已失效（会籍已暂停或已转出）')
    return [200, { valid: true, member_status: 'active', name_masked: '李*明', member_no: 'NM2026000012K', org: ORG }]
  }))
  on('POST', '/staff/pickups/redeem', staffOnly(req => redeem(state, req.data)))
  return state
}

function redeem(state, { token, short_code: shortCode }) {
  let signup
  if (token) {
    signup = state.pickups.find(p => p.token === token)
    if (!signup) return error(400, 'pickup_token_invalid', '二维码无效，不是本活动的领取码')
    if (Date.now() / 1000 > payloadOf(token).exp) {
      return error(400, 'pickup_token_expired', '二维码已过期，请职工刷新领取码后重新出示')
    }
  } else {
    signup = state.pickups.find(p => p.short_code === shortCode)
    if (!signup) return error(404, 'pickup_code_not_found', '领取码不存在，请核对后重新输入')
  }
  if (!state.station || signup.station.id !== state.station.id) {
    return error(409, 'wrong_station', `该领取码属于「${signup.station.name}」，请到该驿站领取`)
  }
  if (signup.status === 'picked_up') return error(409, 'already_redeemed', '该清凉包已于07月01日 09:12领取，不能重复领取')
  if (signup.status === 'cancelled') return error(409, 'signup_cancelled', '该报名已取消，不能领取')
  signup.status = 'picked_up'
  state.redeemedToday += 1
  state.stockLeft -= 1
  return [200, { id: 900 + signup.id, signup_id: signup.id, station_id: state.station.id, station_name: state.station.name,
    short_code: signup.short_code, campaign_name: CAMPAIGN.name, worker_phone: signup.worker_phone,
    officer_name: '张师傅', method: token ? 'token' : 'short_code', redeemed_at: '2026-07-01T10:00:30+08:00' }]
}

module.exports = { serveStaff, TOKENS, STATION, OTHER_STATION }
