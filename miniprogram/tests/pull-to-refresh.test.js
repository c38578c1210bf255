/** Pull-to-refresh on every list: the page json enables it, pulling reloads, the indicator folds away. */
const fs = require('fs')
const path = require('path')
const { renderPage, settle, ROOT } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')

const EMPTY = [200, { items: [], total: 0, page: 1, per_page: 20, unread_count: 0 }]

// page, its query, the list it fetches
const LISTS = [
  ['pages/campaigns/campaigns', {}, '/campaigns'],
  ['pages/campaigns/signups', {}, '/campaigns/signups/mine'],
  ['pages/campaigns/stations', { campaign_id: '4' }, '/campaigns/4/stations'],
  ['pages/legal-aid/bookings', {}, '/legal-aid/bookings/mine'],
  ['pages/legal-aid/sessions', {}, '/legal-aid/sessions'],
  ['pages/membership/applications', {}, '/membership/applications/mine'],
  ['pages/messages/messages', {}, '/me/notifications'],
  ['pages/staff/scan', {}, '/staff/me'],
]

test.each(LISTS)('%s: pulling down fetches the list again and stops the indicator', async (page, query, list) => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
  expect(config.enablePullDownRefresh).toBe(true)
  fake.server.on('GET', list, EMPTY)
  const rendered = renderPage(page, query)
  await settle()
  await settle()
  const before = fake.server.calls('GET', list).length
  expect(before).toBeGreaterThan(0)

  await rendered.instance.onPullDownRefresh()
  expect(fake.server.calls('GET', list)).toHaveLength(before + 1)
  expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  rendered.instance.onUnload && rendered.instance.onUnload()
})

test('a failed refresh still folds the indicator away and shows the error', async () => {
  fake.server.on('GET', '/campaigns', EMPTY)
  const page = renderPage('pages/campaigns/campaigns')
  await settle()
  fake.server.on('GET', '/campaigns', [503, errorBody('database_unavailable', '服务繁忙，请稍后再试')])
  await page.instance.onPullDownRefresh()
  expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  expect(page.instance.data.loadError).toBeTruthy()
})
