/** Stories for 会员服务卡: the card shows, its QR rotates before the token expires, and stops. */
const { renderPage, textOf, find, tap, type, settle } = require('./helpers/render')
const { lastQrOn } = require('./helpers/qr')
const { errorBody } = require('./helpers/fake-server')

const CARD = {
  member_no: 'HH2026000123K', name: '张三', org: { id: 11, name: '赛罕区快递行业联合工会' },
  joined_at: '2026-03-01T10:00:00+08:00', status: 'active',
}

// Everything here runs on fake timers: advancing them also lets pending responses resolve.
const flush = () => jest.advanceTimersByTimeAsync(0)
const qrRequests = () => fake.server.calls('GET', '/membership/card/qr').length

function serveCard() {
  let issued = 0
  fake.server.on('GET', '/membership/card', [200, CARD])
  fake.server.on('GET', '/membership/card/qr', () => {
    issued += 1
    return [200, { token: `card-token-${issued}`, expires_at: '2026-07-01T10:01:00+08:00' }]
  })
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

test('the card shows the member and a QR of the current token', async () => {
  serveCard()
  const page = renderPage('pages/membership/card')
  await flush()
  expect(textOf(page, '.member-name')).toBe('张三')
  expect(textOf(page, '.member-no')).toBe('HH2026000123K')
  expect(textOf(page, '.card-status')).toBe('正常')
  expect(lastQrOn('cardQr')).toBe('card-token-1')
  page.instance.onUnload()
})

test('the QR token is refreshed before it expires and the timer stops when the page unloads', async () => {
  serveCard()
  const page = renderPage('pages/membership/card')
  await flush()
  expect(qrRequests()).toBe(1)

  await jest.advanceTimersByTimeAsync(49 * 1000)
  expect(qrRequests()).toBe(1)
  await jest.advanceTimersByTimeAsync(1000) // 50 s: well inside the token's 60 s life
  expect(qrRequests()).toBe(2)
  expect(lastQrOn('cardQr')).toBe('card-token-2')
  await jest.advanceTimersByTimeAsync(50 * 1000)
  expect(lastQrOn('cardQr')).toBe('card-token-3')

  page.instance.onUnload()
  await jest.advanceTimersByTimeAsync(10 * 60 * 1000)
  expect(qrRequests()).toBe(3)
  expect(jest.getTimerCount()).toBe(0)
})

test('hiding the page pauses the QR and showing it again fetches a fresh one at once', async () => {
  serveCard()
  const page = renderPage('pages/membership/card')
  await flush()
  page.instance.onHide()
  await jest.advanceTimersByTimeAsync(5 * 60 * 1000)
  expect(qrRequests()).toBe(1)

  page.instance.onShow()
  await flush()
  expect(qrRequests()).toBe(2)
  expect(fake.server.calls('GET', '/membership/card')).toHaveLength(1) // the card itself is kept
  page.instance.onUnload()
})

test('a failed refresh is shown and retried soon, without waiting a full cycle', async () => {
  serveCard()
  const page = renderPage('pages/membership/card')
  await flush()
  fake.server.on('GET', '/membership/card/qr', [503, errorBody('unavailable', '服务繁忙，请稍后再试')])
  await jest.advanceTimersByTimeAsync(50 * 1000)
  expect(textOf(page, '.qr-error')).toContain('服务繁忙，请稍后再试')
  await jest.advanceTimersByTimeAsync(10 * 1000)
  expect(qrRequests()).toBe(3)
  page.instance.onUnload()
})

test('someone who is not a member is offered to join instead of a card', async () => {
  fake.server.on('GET', '/membership/card', [404, errorBody('not_a_member', '您还不是工会会员')])
  const page = renderPage('pages/membership/card')
  await flush()
  expect(textOf(page, '.not-member')).toContain('您还不是工会会员')
  expect(qrRequests()).toBe(0)
  expect(jest.getTimerCount()).toBe(0)
})

test('an imported member claims the membership with their ID number and the card appears', async () => {
  jest.useRealTimers()
  let claimed = false
  fake.server.on('GET', '/membership/card', () => (claimed ? [200, CARD] : [404, errorBody('not_a_member', '您还不是在册会员')]))
  fake.server.on('GET', '/membership/card/qr', [200, { token: 'card-token-1', expires_at: '2026-07-01T10:01:00+08:00' }])
  fake.server.on('POST', '/membership/claim', (req) => {
    claimed = req.data.id_number === '11010519491231002X'
    return claimed ? [200, { id: 1, member_no: CARD.member_no }] : [404, errorBody('nothing_to_claim', '没有找到待认领的会员身份')]
  })
  const page = renderPage('pages/membership/card')
  await settle()
  expect(find(page, '.not-member')).toBeTruthy()

  await type(page, '.input-claim-id', '150102199003071')
  await tap(page, '.claim')
  expect(textOf(page, '.claim-error')).toContain('18位')
  expect(fake.server.calls('POST', '/membership/claim').length).toBe(0)

  await type(page, '.input-claim-id', '11010519491231002x')
  await tap(page, '.claim')
  await settle()
  expect(fake.server.calls('POST', '/membership/claim')[0].data).toEqual({ id_number: '11010519491231002X' })
  expect(textOf(page, '.member-no')).toBe('HH2026000123K')
  page.instance.onUnload()
})

test('while the card shows the screen stays on at full brightness; hiding and closing put it back', async () => {
  serveCard()
  const page = renderPage('pages/membership/card')
  await flush()
  expect(fake.state.keepScreenOn).toBe(true)
  expect(fake.state.brightness).toBe(1)

  page.instance.onHide()
  expect(fake.state.keepScreenOn).toBe(false)
  expect(fake.state.brightness).toBe(0.4)

  fake.state.brightness = 0.7 // the worker dimmed the phone meanwhile
  page.instance.onShow()
  await flush()
  expect(fake.state.brightness).toBe(1)
  page.instance.onUnload()
  expect(fake.state.brightness).toBe(0.7)
  expect(fake.state.keepScreenOn).toBe(false)
  expect(wx.setKeepScreenOn).toHaveBeenCalledTimes(4)
})

test('no card (not a member): the screen is left alone', async () => {
  fake.server.on('GET', '/membership/card', [404, errorBody('not_a_member', '您还不是工会会员')])
  const page = renderPage('pages/membership/card')
  await flush()
  expect(wx.setKeepScreenOn).not.toHaveBeenCalled()
  expect(wx.setScreenBrightness).not.toHaveBeenCalled()
  page.instance.onUnload()
})
