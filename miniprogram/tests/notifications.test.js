/**
 * Stories for hearing back: subscribe messages asked for at submit / book / sign-up and the answer
 * reported before the request they precede; the 消息 page with its unread badge; the reasons a
 * worker is owed on the booking, sign-up and transfer pages.
 */
const { renderPage, settle, find, textOf, allText, tap, type, change } = require('./helpers/render')

const CATALOGUE = {
  events: [],
  moments: { apply: ['tpl-app', 'tpl-status'], transfer: ['tpl-transfer'], book: ['tpl-ok', 'tpl-remind', 'tpl-cancel'],
    signup: ['tpl-code', 'tpl-pickup', 'tpl-closed'] },
}

/** The catalogue as the app fetched it at launch (utils/subscribe keeps it in storage). */
function serveCatalogue() {
  fake.storage.set('subscribe_catalogue', CATALOGUE)
  fake.server.on('POST', '/notifications/subscriptions', req => [200, { subscriptions: Object.keys(req.data.results)
    .map(id => ({ template_id: id, remaining: req.data.results[id] === 'accept' ? 1 : 0 })) }])
}

function order() {
  return fake.server.calls().filter(r => r.method === 'POST').map(r => r.path)
}

async function fillBooking(page) {
  await change(page, '.picker-case_type', 0)
  await type(page, '.input-description', '站点拖欠三个月工资共9000元')
}

describe('asking for subscribe messages', () => {
  test('booking asks for the booking templates, reports the answer, then books', async () => {
    serveCatalogue()
    fake.server.on('POST', '/legal-aid/bookings', [201, { id: 900, status: 'booked' }])
    fake.state.subscribeAnswer = { 'tpl-ok': 'accept', 'tpl-remind': 'accept', 'tpl-cancel': 'reject' }
    const page = renderPage('pages/legal-aid/book', { slot_id: '52', summary: '' })
    await settle()
    await fillBooking(page)

    await tap(page, '.submit')
    await settle()

    expect(wx.requestSubscribeMessage).toHaveBeenCalledTimes(1)
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tpl-ok', 'tpl-remind', 'tpl-cancel'])
    expect(fake.server.calls('POST', '/notifications/subscriptions')[0].data).toEqual({
      results: { 'tpl-ok': 'accept', 'tpl-remind': 'accept', 'tpl-cancel': 'reject' } })
    // The acceptance is on the server before the booking that will use it.
    expect(order()).toEqual(['/notifications/subscriptions', '/legal-aid/bookings'])
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/legal-aid/bookings' })
  })

  test('closing the dialog still books, and reports nothing', async () => {
    serveCatalogue()
    fake.server.on('POST', '/legal-aid/bookings', [201, { id: 900, status: 'booked' }])
    fake.state.subscribeAnswer = null
    const page = renderPage('pages/legal-aid/book', { slot_id: '52', summary: '' })
    await settle()
    await fillBooking(page)
    await tap(page, '.submit')
    await settle()
    expect(order()).toEqual(['/legal-aid/bookings'])
  })

  test('an invalid form asks nothing (the worker fixes it first)', async () => {
    serveCatalogue()
    const page = renderPage('pages/legal-aid/book', { slot_id: '52', summary: '' })
    await settle()
    await tap(page, '.submit')
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(order()).toEqual([])
  })

  test('signing up at a station asks for the sign-up templates after the confirmation', async () => {
    serveCatalogue()
    fake.server.on('GET', '/campaigns/4/stations', [200, { items: [
      { id: 31, name: '新华广场爱心驿站', address: '新城区新华大街1号', distance_m: 420, stock_left: 12, is_open: true }],
    total: 1, page: 1, per_page: 20 }])
    fake.server.on('POST', '/campaigns/4/signups', [201, { id: 77, short_code: '8F3K2Q', station: { name: '新华广场爱心驿站' } }])
    fake.state.subscribeAnswer = { 'tpl-code': 'accept', 'tpl-pickup': 'accept', 'tpl-closed': 'accept' }
    const page = renderPage('pages/campaigns/stations', { campaign_id: '4', name: '' })
    await settle()
    await tap(page, '.station-31 .sign-up')
    await settle()
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tpl-code', 'tpl-pickup', 'tpl-closed'])
    expect(order()).toEqual(['/notifications/subscriptions', '/campaigns/4/signups'])
  })

  test('a transfer request asks for the transfer template', async () => {
    serveCatalogue()
    fake.server.on('GET', '/orgs', [200, { items: [{ id: 12, name: '新城区外卖骑手工会', kind: 'grassroots', path_names: [] }],
      total: 1, page: 1, per_page: 20 }])
    fake.server.on('GET', '/membership/transfers/mine', [200, { items: [] }])
    fake.server.on('POST', '/membership/transfers', [201, { id: 3, status: 'pending' }])
    fake.state.subscribeAnswer = { 'tpl-transfer': 'accept' }
    const page = renderPage('pages/membership/transfer')
    await settle()
    find(page, '#orgSearch').querySelector('.org-item').dispatchEvent('tap')
    await settle()
    await type(page, '.input-reason', '已到新城区站点工作')
    await tap(page, '.submit')
    await settle()
    expect(fake.server.calls('POST', '/notifications/subscriptions')[0].data).toEqual({ results: { 'tpl-transfer': 'accept' } })
    expect(order()).toEqual(['/notifications/subscriptions', '/membership/transfers'])
  })
})

describe('消息', () => {
  const INBOX = {
    items: [
      { id: 12, kind: 'legal_aid.session_cancelled', title: '律师接待日已取消', body: '……原因：律师临时出差，改期另行通知。',
        page: 'pages/legal-aid/bookings', created_at: '2026-07-02T09:00:00+08:00', read: false },
      { id: 11, kind: 'membership.application_approved', title: '入会申请已通过', body: '会员号 HS2026000123',
        page: 'pages/membership/card', created_at: '2026-07-01T10:00:00+08:00', read: true },
    ],
    total: 2, page: 1, per_page: 50, unread_count: 1,
  }

  test('the inbox lists messages newest first, unread marked, and tapping one reads it and opens its page', async () => {
    fake.server.on('GET', '/me/notifications', [200, INBOX])
    fake.server.on('POST', '/me/notifications/12/read', [200, Object.assign({}, INBOX.items[0], { read: true })])
    const page = renderPage('pages/messages/messages')
    await settle()
    expect(allText(page, '.message .card-title')).toEqual(['律师接待日已取消', '入会申请已通过'])
    expect(textOf(page, '.message-12 .body')).toContain('律师临时出差')
    expect(page.querySelectorAll('.dot').length).toBe(1)
    expect(textOf(page, '.unread-count')).toBe('1')

    await tap(page, '.message-12')
    expect(fake.server.calls('POST', '/me/notifications/12/read').length).toBe(1)
    expect(textOf(page, '.unread-count')).toBe('0')
    expect(page.querySelectorAll('.dot').length).toBe(0)
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/legal-aid/bookings' }))
  })

  test('全部已读 marks everything read', async () => {
    fake.server.on('GET', '/me/notifications', [200, INBOX])
    fake.server.on('POST', '/me/notifications/read-all', [200, { unread_count: 0, marked: 1 }])
    const page = renderPage('pages/messages/messages')
    await settle()
    await tap(page, '.read-all')
    expect(fake.server.calls('POST', '/me/notifications/read-all').length).toBe(1)
    expect(textOf(page, '.unread-count')).toBe('0')
  })

  test('opened from a subscribe message (nid), that message is marked read', async () => {
    fake.server.on('GET', '/me/notifications', [200, INBOX])
    fake.server.on('POST', '/me/notifications/12/read', [200, {}])
    renderPage('pages/messages/messages', { nid: '12' })
    await settle()
    expect(fake.server.calls('POST', '/me/notifications/12/read').length).toBe(1)
  })

  test('the home page shows the unread count on 消息', async () => {
    fake.server.on('GET', '/me', [200, { nickname: '小王', membership: { status: 'none' } }])
    fake.server.on('GET', '/me/notifications', [200, Object.assign({}, INBOX, { unread_count: 3 })])
    const page = renderPage('pages/index/index')
    await settle()
    expect(textOf(page, '.unread-badge')).toBe('3')
    await tap(page, '.messages-link')
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/messages/messages' }))
  })
})

describe('reasons the worker is owed', () => {
  test('a booking cancelled with its reception day shows the union’s reason', async () => {
    fake.server.on('GET', '/legal-aid/bookings/mine', [200, { items: [
      { id: 5, status: 'cancelled', case_type: 'wage_arrears', slot_starts_at: '2026-07-03T14:00:00+08:00',
        session: { date: '2026-07-03', place: '新城区职工服务中心', status: 'cancelled', cancel_reason: '律师临时出差，改期另行通知' } },
      { id: 4, status: 'cancelled', case_type: 'wage_arrears', slot_starts_at: '2026-06-03T14:00:00+08:00',
        session: { date: '2026-06-03', place: '新城区职工服务中心', status: 'scheduled', cancel_reason: null } },
    ], total: 2, page: 1, per_page: 20 }])
    const page = renderPage('pages/legal-aid/bookings')
    await settle()
    expect(textOf(page, '.booking-5 .cancel-reason')).toBe('工会已取消该接待日，原因：律师临时出差，改期另行通知')
    expect(page.querySelector('.booking-4 .cancel-reason')).toBeFalsy() // the worker cancelled that one
  })

  test('a sign-up at a closed station says what to do', async () => {
    fake.server.on('GET', '/campaigns/signups/mine', [200, { items: [
      { id: 77, status: 'signed_up', short_code: '8F3K2Q', campaign: { name: '送清凉' }, station: { name: '东街驿站', is_open: false } },
      { id: 78, status: 'signed_up', short_code: '9G4L3R', campaign: { name: '送清凉' }, station: { name: '西街驿站', is_open: true } },
    ], total: 2, page: 1, per_page: 20 }])
    const page = renderPage('pages/campaigns/signups')
    await settle()
    expect(textOf(page, '.signup-77 .station-closed')).toContain('请取消报名后改选其他驿站')
    expect(page.querySelector('.signup-78 .station-closed')).toBeFalsy()
  })

  test('a refused transfer and its reason stay visible above a new request', async () => {
    fake.server.on('GET', '/membership/transfers/mine', [200, { items: [
      { id: 3, status: 'rejected', to_org: { id: 12, name: '新城区外卖骑手工会' }, decided_at: '2026-06-06T10:00:00+08:00',
        reject_reason: '不在本单位工作' },
    ] }])
    fake.server.on('GET', '/orgs', [200, { items: [], total: 0, page: 1, per_page: 20 }])
    const page = renderPage('pages/membership/transfer')
    await settle()
    expect(textOf(page, '.decided-transfer .card-title')).toBe('上次转接申请未通过')
    expect(textOf(page, '.decided-reason')).toBe('原因：不在本单位工作')
    expect(page.querySelector('.submit')).toBeTruthy()
  })
})

describe('the app', () => {
  function launchApp() {
    let definition
    global.App = config => { definition = config }
    jest.isolateModules(() => require('../app'))
    return definition
  }

  test('fetches the template catalogue at launch, ready for the first tap', async () => {
    fake.server.on('GET', '/notifications/templates', [200, CATALOGUE])
    launchApp().onLaunch()
    await settle()
    expect(fake.storage.get('subscribe_catalogue')).toEqual(CATALOGUE)
  })

  test('opened from a subscribe message, marks that message read', async () => {
    fake.server.on('POST', '/me/notifications/12/read', [200, {}])
    launchApp().onShow({ path: 'pages/legal-aid/bookings', query: { nid: '12' } })
    await settle()
    await settle()
    expect(fake.server.calls('POST', '/me/notifications/12/read').length).toBe(1)
  })
})
