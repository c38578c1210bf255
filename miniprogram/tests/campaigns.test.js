/** Stories for 夏季送清凉: campaigns, stations nearest first, sign-up with a pickup code, my codes. */
const { renderPage, settle, textOf, allText, tap, hasClass } = require('./helpers/render')
const { lastQrOn } = require('./helpers/qr')
const { errorBody } = require('./helpers/fake-server')

const STATIONS = [
  { id: 31, name: '新华广场爱心驿站', address: '新城区新华大街1号', distance_m: 420, stock_left: 12, opening_hours: '08:00-20:00', is_open: true, phone: '0471-6900001' },
  { id: 32, name: '如意开发区户外劳动者驿站', address: '赛罕区如意和大街8号', distance_m: 2300, stock_left: 0, opening_hours: '09:00-18:00', is_open: true, phone: null },
]

function serveStations() {
  const farthestFirst = STATIONS.slice().reverse()
  fake.server.on('GET', '/campaigns/4/stations', [200, { items: farthestFirst, total: 2, page: 1, per_page: 20 }])
}

async function openStations() {
  serveStations()
  const page = renderPage('pages/campaigns/stations', { campaign_id: '4', name: encodeURIComponent('2026夏季送清凉') })
  await settle()
  return page
}

test('campaigns show their windows and open the station list while sign-up is open', async () => {
  const now = Date.now()
  const iso = ms => new Date(ms).toISOString()
  fake.server.on('GET', '/campaigns', [200, { items: [
    { id: 4, name: '2026夏季送清凉', signup_starts_at: iso(now - 86400000), signup_ends_at: iso(now + 86400000),
      pickup_starts_at: iso(now), pickup_ends_at: iso(now + 10 * 86400000), eligibility: 'members_only', eligibility_label: '仅限工会会员', limit: 'once_per_day',
      limit_label: '每人每天限领一次', pack_contents: ['藿香正气水', '防暑毛巾', '矿泉水'] },
    { id: 3, name: '2025夏季送清凉', signup_starts_at: '2025-06-01T00:00:00+08:00', signup_ends_at: '2025-08-31T23:59:59+08:00',
      pickup_starts_at: '2025-06-01T00:00:00+08:00', pickup_ends_at: '2025-08-31T23:59:59+08:00', eligibility: 'all_workers', eligibility_label: '所有注册职工', limit: 'once_per_campaign',
      limit_label: '每人限领一次', pack_contents: ['清凉包'] },
  ], total: 2, page: 1, per_page: 20 }])
  const page = renderPage('pages/campaigns/campaigns')
  await settle()
  expect(allText(page, '.pack')).toEqual(['清凉包：藿香正气水、防暑毛巾、矿泉水', '清凉包：清凉包'])
  expect(allText(page, '.eligibility')).toEqual(['领取对象：仅限工会会员', '领取对象：所有注册职工'])
  expect(allText(page, '.limit')).toEqual(['每人每天限领一次', '每人限领一次'])
  const [open, ended] = page.querySelectorAll('.choose-station')
  ended.dispatchEvent('tap')
  await settle()
  expect(wx.navigateTo).not.toHaveBeenCalled()
  open.dispatchEvent('tap')
  await settle()
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/campaigns/stations?campaign_id=4&name=${encodeURIComponent('2026夏季送清凉')}` })
})

test('stations are asked for with the worker’s location and listed nearest first with stock', async () => {
  const page = await openStations()
  const [req] = fake.server.calls('GET', '/campaigns/4/stations')
  expect(req.query).toEqual({ lat: '40.84', lng: '111.75' })
  expect(allText(page, '.station-name')).toEqual(['新华广场爱心驿站', '如意开发区户外劳动者驿站'])
  expect(allText(page, '.distance')).toEqual(['420米', '2.3公里'])
  expect(allText(page, '.stock')).toEqual(['剩余12份', '已领完'])
  expect(hasClass(page.querySelector('.station-32 .stock'), 'stock-out')).toBe(true)
  expect(page.querySelector('.no-location')).toBeFalsy()
})

test('when location is refused the stations are still listed, without lat/lng', async () => {
  fake.state.location = null
  const page = await openStations()
  const [req] = fake.server.calls('GET', '/campaigns/4/stations')
  expect(req.query).toEqual({})
  expect(textOf(page, '.no-location')).toContain('未获取到您的位置')
  expect(allText(page, '.station-name')).toHaveLength(2)
})

test('signing up at a station shows the pickup short code', async () => {
  fake.server.on('POST', '/campaigns/4/signups', req => [201, {
    id: 77, short_code: '8F3K2Q', station: { id: req.data.station_id, name: '新华广场爱心驿站' }, status: 'signed_up',
  }])
  const page = await openStations()
  await tap(page, '.station-31 .sign-up')

  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确定到「新华广场爱心驿站」领取清凉包吗？' }))
  expect(fake.server.calls('POST', '/campaigns/4/signups')[0].data).toEqual({ station_id: 31 })
  expect(textOf(page, '.short-code')).toBe('8F3K2Q')
  expect(textOf(page, '.signup-result .hint')).toContain('新华广场爱心驿站')
})

test('an out-of-stock station can’t be chosen; a 409 out_of_stock shows its Chinese message', async () => {
  const page = await openStations()
  await tap(page, '.station-32 .sign-up')
  expect(fake.server.calls('POST')).toHaveLength(0)

  fake.server.on('POST', '/campaigns/4/signups', [409, errorBody('out_of_stock', '该驿站清凉包已领完，请选择其他驿站')])
  await tap(page, '.station-31 .sign-up')
  expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '该驿站清凉包已领完，请选择其他驿站' }))
  expect(page.querySelector('.short-code')).toBeFalsy()
  expect(fake.server.calls('GET', '/campaigns/4/stations')).toHaveLength(2) // stock reloaded
})

describe('my pickup codes', () => {
  function serveSignups() {
    let status = 'signed_up'
    fake.server.on('GET', '/campaigns/signups/mine', () => [200, { items: [
      { id: 77, short_code: '8F3K2Q', status, station: { id: 31, name: '新华广场爱心驿站', address: '新城区新华大街1号' },
        campaign: { id: 4, name: '2026夏季送清凉' } },
    ], total: 1, page: 1, per_page: 20 }])
    fake.server.on('GET', '/campaigns/signups/77/qr', [200, { token: 'pickup-77-token', expires_at: '2026-07-01T10:01:00+08:00' }])
    fake.server.on('POST', '/campaigns/signups/77/cancel', () => {
      status = 'cancelled'
      return [200, { id: 77, status }]
    })
  }

  test('each sign-up shows its short code and its QR on request; cancelling stops it', async () => {
    serveSignups()
    const page = renderPage('pages/campaigns/signups')
    await settle()
    expect(textOf(page, '.signup-77 .short-code')).toBe('8F3K2Q')
    expect(textOf(page, '.signup-77 .status')).toBe('待领取')

    await tap(page, '.signup-77 .show-qr')
    expect(lastQrOn('signupQr')).toBe('pickup-77-token')

    await tap(page, '.signup-77 .cancel')
    expect(fake.server.calls('POST', '/campaigns/signups/77/cancel')).toHaveLength(1)
    expect(textOf(page, '.signup-77 .status')).toBe('已取消')
    expect(page.querySelector('.qr-canvas')).toBeFalsy() // a cancelled code is no longer shown
    expect(page.instance.rotatingQr.isRunning()).toBe(false)
  })

  test('leaving the page stops the pickup QR from refreshing', async () => {
    serveSignups()
    const page = renderPage('pages/campaigns/signups')
    await settle()
    await tap(page, '.signup-77 .show-qr')
    expect(page.instance.rotatingQr.isRunning()).toBe(true)
    page.instance.onUnload()
    expect(page.instance.rotatingQr.isRunning()).toBe(false)
  })
})

describe('station navigation, calls and the closed state', () => {
  const PLACES = [
    Object.assign({}, STATIONS[0], { latitude: 40.8426, longitude: 111.7519, phone: '0471-6901234' }),
    { id: 33, name: '海拉尔东路驿站', address: '新城区海拉尔东路5号', distance_m: 900, stock_left: 8, opening_hours: '08:00-20:00',
      is_open: false, latitude: 40.85, longitude: 111.76, phone: null },
  ]

  async function openPlaces() {
    fake.server.on('GET', '/campaigns/4/stations', [200, { items: PLACES, total: 2, page: 1, per_page: 20 }])
    const page = renderPage('pages/campaigns/stations', { campaign_id: '4', name: encodeURIComponent('2026夏季送清凉') })
    await settle()
    return page
  }

  test('导航 opens WeChat’s map at the station', async () => {
    const page = await openPlaces()
    await tap(page, '.station-31 .navigate')
    expect(wx.openLocation).toHaveBeenCalledWith({
      latitude: 40.8426, longitude: 111.7519, name: '新华广场爱心驿站', address: '新城区新华大街1号', scale: 16,
    })
  })

  test('电话 calls the station’s number; a station without one offers no call button', async () => {
    const page = await openPlaces()
    expect(page.querySelector('.station-33 .call')).toBeFalsy()
    await tap(page, '.station-31 .call')
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0471-6901234' }))
    expect(fake.server.calls('POST')).toHaveLength(0)
  })

  test('a closed station says so, still navigates, and offers no sign-up', async () => {
    const page = await openPlaces()
    expect(textOf(page, '.station-33 .closed')).toBe('暂停服务')
    expect(textOf(page, '.station-33 .closed-note')).toBe('该驿站暂停服务，请选择其他驿站')
    expect(page.querySelector('.station-33 .sign-up')).toBeFalsy()
    expect(page.querySelector('.station-31 .sign-up')).toBeTruthy()
    expect(page.querySelector('.station-31 .closed-note')).toBeFalsy()
    page.instance.signUp({ currentTarget: { dataset: { id: 33 } } }) // even if called, nothing is sent
    await settle()
    expect(wx.showModal).not.toHaveBeenCalled()
    expect(fake.server.calls('POST')).toHaveLength(0)
    await tap(page, '.station-33 .navigate')
    expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ name: '海拉尔东路驿站' }))
  })
})
