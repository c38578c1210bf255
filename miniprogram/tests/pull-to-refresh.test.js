/**
 * Pull-to-refresh on every list and on the tab pages that show the worker's status: the page json
 * enables it, pulling reloads, the indicator folds away. A page that fetches a list of the worker's
 * things without it fails the last test.
 */
const fs = require('fs')
const path = require('path')
const { renderPage, settle, ROOT } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')

const EMPTY = [200, { items: [], total: 0, page: 1, per_page: 20 }]
const ITEMS = [200, { items: [] }] // the unpaginated lists of my own things
const EMPTY_INBOX = [200, { items: [], total: 0, page: 1, per_page: 20, unread_count: 0 }]
const ME = [200, { id: 1, nickname: '小张', phone_masked: null, phone_bound: false, membership: { status: 'none' } }]

const STAFF_ME = [200, { role: 'station_staff', role_label: '驿站工作人员', station: null, redeemed_today: null, stock_left: null }]

// page, its query, what it fetches, the answer
const LISTS = [
  ['pages/campaigns/campaigns', {}, '/campaigns', EMPTY],
  ['pages/campaigns/signups', {}, '/campaigns/signups/mine', EMPTY],
  ['pages/campaigns/stations', { campaign_id: '4' }, '/campaigns/4/stations', EMPTY],
  ['pages/legal-aid/bookings', {}, '/legal-aid/bookings/mine', EMPTY],
  ['pages/legal-aid/sessions', {}, '/legal-aid/sessions', EMPTY],
  ['pages/membership/applications', {}, '/membership/applications/mine', ITEMS],
  ['pages/messages/messages', {}, '/me/notifications', EMPTY_INBOX],
  ['pages/membership/transfer', {}, '/membership/transfers/mine', ITEMS],
  ['pages/index/index', {}, '/me', ME],
  ['pages/mine/mine', {}, '/me', ME],
  ['pages/staff/scan', {}, '/staff/me', STAFF_ME],
]

test.each(LISTS)('%s: pulling down fetches it again and stops the indicator', async (page, query, list, answer) => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
  expect(config.enablePullDownRefresh).toBe(true)
  fake.server.on('GET', '/me/notifications', EMPTY_INBOX) // the 消息 badge on home and 我的
  fake.server.on('GET', list, answer)
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

test('every page built on listPage is in the table above, and every page that enables the pull refreshes', () => {
  const covered = LISTS.map(([page]) => page)
  JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')).pages.forEach(page => {
    const source = fs.readFileSync(path.join(ROOT, `${page}.js`), 'utf8')
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
    if (/listPage\(/.test(source)) expect(covered).toContain(page)
    if (config.enablePullDownRefresh) expect(covered).toContain(page)
  })
})
