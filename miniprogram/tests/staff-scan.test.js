/**
 * Stories for the staff mode's scan page: a bound station worker scans member cards (verified by the
 * server, or on the phone with the cached key when the network is down) and heat-relief pickups
 * (redeemed by the server only), types short codes, and reads each result full screen.
 */
const { renderPage, settle, textOf, allText, tap, type } = require('./helpers/render')
const { TOKENS } = require('./helpers/fake-staff')

// Only Date is frozen (inside the fixture tokens' 60 s of validity); timers stay real for settle().
const REAL_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
  'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'performance', 'hrtime']
const WITHIN_VALIDITY = (TOKENS.issued_at + 20) * 1000
const AFTER_EXPIRY = (TOKENS.expires_at + 1) * 1000

beforeEach(() => jest.useFakeTimers({ now: WITHIN_VALIDITY, doNotFake: REAL_TIMERS }))
afterEach(() => jest.useRealTimers())

async function openScan(options) {
  const staff = fake.server.serveStaff(Object.assign({ bound: true }, options))
  const page = renderPage('pages/staff/scan')
  await settle()
  await settle()
  return { page, staff }
}

async function scan(page, text) {
  fake.state.scanResult = text
  await tap(page, '.scan-button')
  await settle()
}

function resultOf(page) {
  const node = page.querySelector('.result')
  if (!node) return null
  const values = allText(page, '.result-value')
  return {
    ok: node.dom.className.includes('result-ok'),
    title: textOf(page, '.result-title'),
    offline: textOf(page, '.result-offline'),
    reason: textOf(page, '.result-reason'),
    lines: allText(page, '.result-label').map((label, i) => `${label} ${values[i]}`),
  }
}

test('the page shows the station, today’s count and stock, and keeps the verification key', async () => {
  const { page } = await openScan()
  expect(textOf(page, '.station-name')).toBe('新城区海拉尔东路驿站')
  expect(textOf(page, '.role')).toBe('驿站工作人员')
  expect(textOf(page, '.redeemed-today')).toBe('3')
  expect(textOf(page, '.stock-left')).toBe('9')
  expect(fake.storage.get('cardPublicKey').public_key_raw).toBe(TOKENS.public_key.public_key_raw)
  expect(fake.storage.get('staffBound')).toBe(true)
})

test('a worker without a binding is sent to bind, with no scan button', async () => {
  const { page } = await openScan({ bound: false })
  expect(textOf(page, '.not-staff .card-title')).toBe('未开启工作人员模式')
  expect(page.querySelector('.scan-button')).toBeFalsy()
  await tap(page, '.open-bind')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/bind' })
})

test('scanning a member card verifies it with the server and fills the screen with the member', async () => {
  const { page } = await openScan()
  await scan(page, TOKENS.card_token)

  expect(wx.scanCode).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['qrCode'] }))
  expect(fake.server.calls('POST', '/staff/cards/verify').map(r => r.data)).toEqual([{ token: TOKENS.card_token }])
  expect(fake.server.calls('POST', '/staff/pickups/redeem')).toHaveLength(0)
  expect(resultOf(page)).toEqual({ ok: true, title: '会员卡有效', offline: null, reason: null,
    lines: ['姓名 李*明', '会员号 NM2026000012K', '所在工会 新城区总工会', '会籍状态 正常'] })
  expect(wx.vibrateShort).toHaveBeenCalledTimes(1)

  await tap(page, '.close-result')
  expect(resultOf(page)).toBeNull()
})

test('a card checked while the network is down is verified on the phone and says so', async () => {
  const { page } = await openScan() // online once: the public key is kept
  fake.server.setOffline(true)
  await scan(page, TOKENS.card_token)

  expect(fake.server.calls('POST', '/staff/cards/verify')).toHaveLength(1) // tried the server first
  const verifyRequest = wx.request.mock.calls.map(([options]) => options).find(o => o.url.endsWith('/staff/cards/verify'))
  expect(verifyRequest.timeout).toBe(5000) // not the default 15 s at the door
  const result = resultOf(page)
  expect(result.ok).toBe(true)
  expect(result.title).toBe('会员码有效')
  expect(result.offline).toBe('离线核验（无法确认是否已注销）')
  expect(result.lines).toEqual(['会员码有效至 10:01'])
  expect(wx.vibrateShort).toHaveBeenCalledWith({ type: 'medium' })
})

describe('offline refusals come from the signature and the clock, not from the server', () => {
  test.each([
    ['a token signed with another key', 'forged_card_token', '会员码无效', '会员码无效，不是本系统签发的会员码'],
    ['a token whose expiry was pushed later', 'tampered_card_token', '会员码无效', '会员码无效，不是本系统签发的会员码'],
  ])('%s is refused', async (_, which, title, reason) => {
    const { page } = await openScan()
    fake.server.setOffline(true)
    await scan(page, TOKENS[which])
    const result = resultOf(page)
    expect(result).toEqual(expect.objectContaining({ ok: false, title, reason, offline: '离线核验（无法确认是否已注销）' }))
    expect(wx.vibrateShort).toHaveBeenCalledWith({ type: 'heavy' })
  })

  test('an expired card is refused', async () => {
    const { page } = await openScan()
    fake.server.setOffline(true)
    jest.setSystemTime(AFTER_EXPIRY)
    await scan(page, TOKENS.card_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '会员码已过期' }))
  })

  test('the genuine card fails against any other key: the signature is really checked', async () => {
    const { page } = await openScan()
    fake.storage.set('cardPublicKey', { public_key_raw: 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik' })
    fake.server.setOffline(true)
    await scan(page, TOKENS.card_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '会员码无效' }))
  })

  test('opened offline by a user bound before, the page still scans and checks cards on the phone', async () => {
    fake.storage.set('staffBound', true)
    fake.storage.set('cardPublicKey', { public_key_raw: TOKENS.public_key.public_key_raw, fetched_at: 0 })
    fake.server.setOffline(true)
    const { page } = await openScan()
    expect(textOf(page, '.load-error')).toContain('网络连接失败')
    expect(page.querySelector('.short-code-input')).toBeFalsy()
    await scan(page, TOKENS.card_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: true, offline: '离线核验（无法确认是否已注销）' }))
  })

  test('without a kept key the phone says it cannot check', async () => {
    fake.storage.set('staffBound', true)
    fake.server.setOffline(true)
    const { page } = await openScan()
    await scan(page, TOKENS.card_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '无法核验' }))
    expect(resultOf(page).reason).toContain('无法离线核验')
  })

  test('offline, a phone never bound shows no scan button', async () => {
    fake.server.setOffline(true)
    const { page } = await openScan()
    expect(page.querySelector('.scan-button')).toBeFalsy()
  })
})

test('scanning a pickup QR redeems it at the station and the figures move', async () => {
  const { page, staff } = await openScan()
  await scan(page, TOKENS.pickup_token)

  expect(fake.server.calls('POST', '/staff/pickups/redeem').map(r => r.data)).toEqual([{ token: TOKENS.pickup_token }])
  expect(fake.server.calls('POST', '/staff/cards/verify')).toHaveLength(0)
  expect(resultOf(page)).toEqual({ ok: true, title: '核销成功', offline: null, reason: '请发放清凉包 1 份',
    lines: ['领取码 8F3K2Q', '活动 2026夏季送清凉', '驿站 新城区海拉尔东路驿站', '核销时间 2026-07-01 10:00',
      '职工手机 138****5678'] })
  expect(staff.pickups[0].status).toBe('picked_up')
  expect(textOf(page, '.redeemed-today')).toBe('4')
  expect(textOf(page, '.stock-left')).toBe('8')

  await tap(page, '.scan-again') // the next worker shows the same code again
  await settle()
  expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '不能核销',
    reason: '该清凉包已于07月01日 09:12领取，不能重复领取' }))
  expect(textOf(page, '.redeemed-today')).toBe('4')
})

describe('refusal screens carry the server’s reason', () => {
  test('another station’s code names that station', async () => {
    const { page, staff } = await openScan()
    await type(page, '.short-code-input', 'k7m2px')
    await tap(page, '.redeem-short-code')
    expect(fake.server.calls('POST', '/staff/pickups/redeem').map(r => r.data)).toEqual([{ short_code: 'K7M2PX' }])
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '不能核销',
      reason: '该领取码属于「如意开发区户外劳动者驿站」，请到该驿站领取' }))
    expect(staff.pickups[1].status).toBe('signed_up')
  })

  test('an expired pickup QR', async () => {
    const { page } = await openScan()
    jest.setSystemTime(AFTER_EXPIRY)
    await scan(page, TOKENS.pickup_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false,
      reason: '二维码已过期，请职工刷新领取码后重新出示' }))
  })

  test('a forged member card, online', async () => {
    const { page } = await openScan()
    await scan(page, TOKENS.forged_card_token)
    expect(resultOf(page)).toEqual({ ok: false, title: '会员卡核验未通过', offline: null,
      reason: '会员码无效，不是本系统签发的会员码', lines: [] })
  })

  test('a card whose membership ended, which only the server knows', async () => {
    const { page } = await openScan({ revoked: true })
    await scan(page, TOKENS.card_token)
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, reason: '该会员卡已失效（会籍已暂停或已转出）' }))
  })

  test('a QR that is neither a card nor a pickup is refused without asking the server', async () => {
    const { page } = await openScan()
    await scan(page, 'https://example.com/somewhere')
    expect(resultOf(page)).toEqual(expect.objectContaining({ ok: false, title: '无法识别' }))
    expect(fake.server.calls('POST')).toHaveLength(0)
  })
})

test('a pickup needs the network: offline nothing is redeemed, the screen says so, and 重试 works later', async () => {
  const { page, staff } = await openScan()
  fake.server.setOffline(true)
  await scan(page, TOKENS.pickup_token)

  const result = resultOf(page)
  expect(result).toEqual(expect.objectContaining({ ok: false, title: '需要联网核销' }))
  expect(result.reason).toContain('必须联网')
  expect(result.reason).toContain('请先不要发放')
  expect(staff.pickups[0].status).toBe('signed_up')
  expect(textOf(page, '.redeemed-today')).toBe('3')

  fake.server.setOffline(false)
  await tap(page, '.retry')
  await settle()
  expect(resultOf(page)).toEqual(expect.objectContaining({ ok: true, title: '核销成功' }))
  expect(staff.pickups[0].status).toBe('picked_up')
})

test('a short code is checked before it is sent; typed in lower case it goes up in capitals', async () => {
  const { page } = await openScan()
  await type(page, '.short-code-input', '8f3')
  await tap(page, '.redeem-short-code')
  expect(textOf(page, '.short-code-error')).toBe('请输入职工出示的6位领取码（数字和字母）')
  expect(fake.server.calls('POST')).toHaveLength(0)

  await type(page, '.short-code-input', '8f3k2q')
  await tap(page, '.redeem-short-code')
  expect(fake.server.calls('POST', '/staff/pickups/redeem').map(r => r.data)).toEqual([{ short_code: '8F3K2Q' }])
  expect(resultOf(page).title).toBe('核销成功')
})

test('closing the scanner changes nothing', async () => {
  const { page } = await openScan()
  await scan(page, null)
  expect(resultOf(page)).toBeNull()
  expect(wx.showToast).not.toHaveBeenCalled()
  expect(fake.server.calls('POST')).toHaveLength(0)
})

test('an office account with no station checks cards but is offered no short-code entry', async () => {
  const { page } = await openScan({ role: 'org_admin', station: null })
  expect(textOf(page, '.station-name')).toBe('未关联驿站')
  expect(textOf(page, '.no-station')).toContain('可以核验会员卡')
  expect(page.querySelector('.short-code-input')).toBeFalsy()
  await scan(page, TOKENS.card_token)
  expect(resultOf(page).title).toBe('会员卡有效')
})

test('pulling down refreshes today’s figures', async () => {
  const { page, staff } = await openScan()
  staff.redeemedToday = 11
  staff.stockLeft = 1
  await page.instance.onPullDownRefresh()
  expect(textOf(page, '.redeemed-today')).toBe('11')
  expect(textOf(page, '.stock-left')).toBe('1')
  expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
})
