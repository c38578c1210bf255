/**
 * WeChat's privacy authorization: pages check wx.getPrivacySetting before a privacy interface and
 * ask through <privacy-popup>; agreeing goes through the agreePrivacyAuthorization button, refusing
 * keeps the page usable (stations in default order, the phone typed by hand).
 */
const fs = require('fs')
const path = require('path')
const { renderPage, settle, find, textOf, allText, tap, type, ROOT } = require('./helpers/render')

const STATIONS = [
  { id: 32, name: '如意开发区户外劳动者驿站', address: '赛罕区如意和大街8号', stock_left: 3, opening_hours: '09:00-18:00', is_open: true },
  { id: 31, name: '新华广场爱心驿站', address: '新城区新华大街1号', stock_left: 12, opening_hours: '08:00-20:00', is_open: true },
]

function serveStations() {
  fake.server.on('GET', '/campaigns/4/stations', req => [200, {
    items: STATIONS.map(s => Object.assign({}, s, req.query.lat ? { distance_m: s.id === 31 ? 420 : 2300 } : {})),
    total: 2, page: 1, per_page: 20,
  }])
}

async function openStations() {
  serveStations()
  const page = renderPage('pages/campaigns/stations', { campaign_id: '4', name: encodeURIComponent('2026夏季送清凉') })
  await settle()
  return page
}

/** WeChat records the agreement when the open-type button is tapped, then fires its event. */
async function agree(popup) {
  fake.state.privacyNeeded = false
  find(popup, '.privacy-agree').dispatchEvent('agreeprivacyauthorization')
  await settle()
  await settle()
}

test('already agreed: no pop-up, the location is asked for straight away', async () => {
  const page = await openStations()
  expect(wx.getPrivacySetting).toHaveBeenCalled()
  expect(find(page, '#privacyPopup').querySelector('.privacy-popup')).toBeFalsy()
  expect(wx.getLocation).toHaveBeenCalledTimes(1)
})

test('stations: the pop-up comes before getLocation; agreeing lists them nearest first', async () => {
  fake.state.privacyNeeded = true
  const page = await openStations()
  const popup = find(page, '#privacyPopup')
  expect(textOf(popup, '.privacy-title')).toBe('用户隐私保护提示')
  expect(textOf(popup, '.privacy-contract')).toBe('《职工服务小程序隐私保护指引》')
  // simulate does not render attributes: the agree button's open-type is read from the template
  expect(fs.readFileSync(path.join(ROOT, 'components/privacy-popup/privacy-popup.wxml'), 'utf8')).toMatch(
    /<button id="{{agreeId}}" class="privacy-agree[^"]*" open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgree">/)
  expect(wx.getLocation).not.toHaveBeenCalled()
  expect(fake.server.calls('GET', '/campaigns/4/stations')).toHaveLength(0)

  await tap(popup, '.privacy-contract')
  expect(wx.openPrivacyContract).toHaveBeenCalledTimes(1)

  await agree(popup)
  expect(popup.querySelector('.privacy-popup')).toBeFalsy()
  expect(wx.getLocation).toHaveBeenCalledTimes(1)
  const [req] = fake.server.calls('GET', '/campaigns/4/stations')
  expect(req.query).toEqual({ lat: '40.84', lng: '111.75' })
  expect(allText(page, '.station-name')).toEqual(['新华广场爱心驿站', '如意开发区户外劳动者驿站'])
})

test('stations: refusing never calls getLocation and lists them in the default order', async () => {
  fake.state.privacyNeeded = true
  const page = await openStations()
  await tap(find(page, '#privacyPopup'), '.privacy-refuse')
  await settle()
  expect(find(page, '#privacyPopup').querySelector('.privacy-popup')).toBeFalsy()
  expect(wx.getLocation).not.toHaveBeenCalled()
  const [req] = fake.server.calls('GET', '/campaigns/4/stations')
  expect(req.query).toEqual({})
  expect(allText(page, '.station-name')).toEqual(['如意开发区户外劳动者驿站', '新华广场爱心驿站'])
  expect(page.querySelector('.no-location')).toBeTruthy()
  expect(page.querySelectorAll('.sign-up')).toHaveLength(2) // still usable
})

test('join: refusing hides the WeChat phone button and the phone is typed by hand', async () => {
  fake.state.privacyNeeded = true
  fake.server.on('GET', '/orgs', [200, { items: [], total: 0, page: 1, per_page: 20 }])
  const page = renderPage('pages/membership/join')
  await settle()
  expect(page.querySelector('.phone-wechat')).toBeFalsy()
  await tap(page, '.phone-privacy')
  await tap(find(page, '#privacyPopup'), '.privacy-refuse')
  await settle()
  expect(page.querySelector('.phone-privacy')).toBeFalsy()
  expect(page.querySelector('.phone-wechat')).toBeFalsy()
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请手动填写手机号码' }))
  await type(page, '.input-phone', '13812345678')
  expect(page.instance.data.form.phone).toBe('13812345678')
})

test('join: agreeing brings WeChat’s phone button, which fills the number', async () => {
  fake.state.privacyNeeded = true
  fake.server.on('GET', '/orgs', [200, { items: [], total: 0, page: 1, per_page: 20 }])
  fake.server.on('POST', '/auth/wechat/phone', [200, { phone: '13912345678', phone_masked: '139****5678' }])
  const page = renderPage('pages/membership/join')
  await settle()
  await tap(page, '.phone-privacy')
  await agree(find(page, '#privacyPopup'))
  expect(page.querySelector('.phone-privacy')).toBeFalsy()
  find(page, '.phone-wechat').dispatchEvent('getphonenumber', { detail: { code: 'dev-phone:13912345678' } })
  await settle()
  await settle()
  expect(page.instance.data.form.phone).toBe('13912345678')
  expect(fake.server.calls('POST', '/auth/wechat/phone')[0].data).toEqual({ code: 'dev-phone:13912345678', fill_form: true })
})

test('wx.onNeedPrivacyAuthorization opens the pop-up and resolves with the agree button', async () => {
  fake.state.privacyNeeded = true
  const page = await openStations()
  const popup = find(page, '#privacyPopup')
  await tap(popup, '.privacy-refuse') // the load-time question, answered
  const resolve = jest.fn()
  fake.state.privacyListener(resolve)
  await settle()
  expect(popup.querySelector('.privacy-popup')).toBeTruthy()
  await agree(popup)
  expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'privacy-agree' })

  fake.state.privacyListener(resolve)
  await settle()
  await tap(popup, '.privacy-refuse')
  expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
})
