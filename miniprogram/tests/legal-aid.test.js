/** Stories for 法律援助: choosing a slot (full ones can't be), booking it, cancelling a booking. */
const { renderPage, settle, find, textOf, allText, tap, type, change, hasClass } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')

const SESSION = {
  id: 5, date: '2026-07-03', starts_at: '2026-07-03T09:00:00+08:00', ends_at: '2026-07-03T11:30:00+08:00',
  place: '赛罕区职工服务中心二楼', online_url: null, org: { id: 2, name: '赛罕区总工会' }, status: 'open',
  slots: [
    { id: 51, starts_at: '2026-07-03T09:00:00+08:00', length_minutes: 30, capacity: 2, places_left: 0,
      lawyer: { id: 7, name: '李明', firm: '内蒙古某律师事务所' }, bookable: false },
    { id: 52, starts_at: '2026-07-03T09:30:00+08:00', length_minutes: 30, capacity: 2, places_left: 2,
      lawyer: { id: 8, name: '赵强', firm: '内蒙古某律师事务所' }, bookable: true },
  ],
}

function slotNodes(page) {
  return page.querySelectorAll('.slot')
}

test('sessions are asked for the coming month and show places left per slot', async () => {
  fake.server.on('GET', '/legal-aid/sessions', [200, { items: [SESSION], total: 1, page: 1, per_page: 20 }])
  const page = renderPage('pages/legal-aid/sessions')
  await settle()
  const [req] = fake.server.calls('GET', '/legal-aid/sessions')
  expect(req.query.from).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  expect(Date.parse(req.query.to) - Date.parse(req.query.from)).toBe(30 * 86400000)
  expect(allText(page, '.slot-places')).toEqual(['已约满', '剩余2个'])
  expect(textOf(page, '.session .card-title')).toBe('7月3日 周五 09:00-11:30')
})

test('a full slot is disabled and cannot be chosen; a free one opens the booking form', async () => {
  fake.server.on('GET', '/legal-aid/sessions', [200, { items: [SESSION], total: 1, page: 1, per_page: 20 }])
  const page = renderPage('pages/legal-aid/sessions')
  await settle()
  const [full, free] = slotNodes(page)
  expect(hasClass(full, 'slot-disabled')).toBe(true)
  expect(hasClass(free, 'slot-disabled')).toBe(false)

  full.dispatchEvent('tap')
  await settle()
  expect(wx.navigateTo).not.toHaveBeenCalled()
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该时段已约满，请选择其他时段' }))

  free.dispatchEvent('tap')
  await settle()
  const { url } = wx.navigateTo.mock.calls[0][0]
  expect(url).toMatch(/^\/pages\/legal-aid\/book\?slot_id=52&summary=/)
  expect(decodeURIComponent(url.split('summary=')[1])).toContain('赵强律师')
})

test('a slot the server marks not bookable (already started) is disabled even with places left', async () => {
  const started = Object.assign({}, SESSION, { slots: [Object.assign({}, SESSION.slots[1], { bookable: false })] })
  fake.server.on('GET', '/legal-aid/sessions', [200, { items: [started], total: 1, page: 1, per_page: 20 }])
  const page = renderPage('pages/legal-aid/sessions')
  await settle()
  expect(allText(page, '.slot-places')).toEqual(['不可预约'])
  await tap(page, '.slot')
  expect(wx.navigateTo).not.toHaveBeenCalled()
})

test('a cancelled reception day offers no slots to book', async () => {
  const cancelled = Object.assign({}, SESSION, { status: 'cancelled' })
  fake.server.on('GET', '/legal-aid/sessions', [200, { items: [cancelled], total: 1, page: 1, per_page: 20 }])
  const page = renderPage('pages/legal-aid/sessions')
  await settle()
  expect(slotNodes(page).every(node => hasClass(node, 'slot-disabled'))).toBe(true)
  slotNodes(page)[1].dispatchEvent('tap')
  await settle()
  expect(wx.navigateTo).not.toHaveBeenCalled()
})

test('booking the free slot sends the case and goes to my bookings', async () => {
  fake.server.on('POST', '/legal-aid/bookings', [201, { id: 900, status: 'booked' }])
  const page = renderPage('pages/legal-aid/book', { slot_id: '52', summary: encodeURIComponent('7月3日 周五 09:30 · 赵强律师') })
  await settle()
  expect(textOf(page, '.slot-summary')).toBe('7月3日 周五 09:30 · 赵强律师')
  await change(page, '.picker-case_type', 0)
  await type(page, '.input-description', '站点拖欠三个月工资共9000元')
  await type(page, '.input-contact_phone', '13912345678')
  await type(page, '.input-workers_involved', '3')
  await tap(page, '.submit')

  const [post] = fake.server.calls('POST', '/legal-aid/bookings')
  expect(post.data).toEqual({
    slot_id: 52, case_type: 'wage_arrears', description: '站点拖欠三个月工资共9000元',
    contact_phone: '13912345678', workers_involved: 3,
  })
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/legal-aid/bookings' })
})

test('a slot taken meanwhile: the server’s 409 message is shown and the worker stays on the form', async () => {
  fake.server.on('POST', '/legal-aid/bookings', [409, errorBody('slot_full', '该时段已约满，请选择其他时段')])
  const page = renderPage('pages/legal-aid/book', { slot_id: '52' })
  await settle()
  await change(page, '.picker-case_type', 1)
  await type(page, '.input-description', '送餐途中摔伤')
  await type(page, '.input-contact_phone', '13912345678')
  await tap(page, '.submit')
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '该时段已约满，请选择其他时段' }))
  expect(wx.redirectTo).not.toHaveBeenCalled()
  expect(find(page, '.submit')).toBeTruthy()
})

test('the booking form checks the phone and description before sending', async () => {
  const page = renderPage('pages/legal-aid/book', { slot_id: '52' })
  await settle()
  await type(page, '.input-contact_phone', '1391234')
  await tap(page, '.submit')
  expect(textOf(page, '.error-case_type')).toBe('请选择案件类型')
  expect(textOf(page, '.error-description')).toBe('请简要描述您遇到的问题')
  expect(textOf(page, '.error-contact_phone')).toBe('请填写正确的11位手机号码')
  expect(fake.server.calls('POST')).toHaveLength(0)
})

test('cancelling a booking asks first, posts the cancel and shows the new status', async () => {
  let status = 'booked'
  fake.server.on('GET', '/legal-aid/bookings/mine', () => [200, {
    items: [{
      id: 900, status, can_cancel: status === 'booked', case_type: 'work_injury', slot_id: 52, session_id: 5,
      slot_starts_at: '2026-07-03T09:30:00+08:00', lawyer: { id: 8, name: '赵强', firm: '内蒙古某律师事务所' },
      session: { id: 5, date: '2026-07-03', place: SESSION.place, org: SESSION.org, status: 'scheduled' },
    }],
    total: 1, page: 1, per_page: 20,
  }])
  fake.server.on('POST', '/legal-aid/bookings/900/cancel', () => {
    status = 'cancelled'
    return [200, { id: 900, status }]
  })
  const page = renderPage('pages/legal-aid/bookings')
  await settle()
  expect(textOf(page, '.booking-900 .status')).toBe('已预约')
  expect(textOf(page, '.booking-900 .when')).toBe('7月3日 周五 09:30 · 赵强律师')

  fake.state.modalConfirms = false
  await tap(page, '.booking-900 .cancel')
  expect(fake.server.calls('POST')).toHaveLength(0) // the worker changed their mind

  fake.state.modalConfirms = true
  await tap(page, '.booking-900 .cancel')
  expect(fake.server.calls('POST', '/legal-aid/bookings/900/cancel')).toHaveLength(1)
  expect(textOf(page, '.booking-900 .status')).toBe('已取消')
  expect(page.querySelector('.booking-900 .cancel')).toBeFalsy()
})

test('the booking form tells the worker, before they send a case, what is collected, why, who sees it and for how long', async () => {
  const page = renderPage('pages/legal-aid/book', { slot_id: '52' })
  await settle()
  // every field the form collects is named in the notice
  const collected = textOf(page, '.notice-collected')
  const labels = allText(page, '.field-label').map(label => label.replace('*', ''))
  expect(labels).toEqual(['案件类型', '问题描述', '联系电话', '涉及人数'])
  labels.forEach(label => expect(collected).toContain(label))
  expect(textOf(page, '.notice-purpose')).toMatch(/^为什么：.*律师.*了解案情/)
  expect(textOf(page, '.notice-viewers')).toBe('谁能看到：为您接待的志愿律师和举办接待日的工会工作人员，不会公开。')
  expect(textOf(page, '.notice-retention')).toMatch(/^保存多久：保存到您注销账号为止；注销时问题描述和联系电话被删除/)
  // the notice sits above the button that sends the case
  const html = page.dom.innerHTML
  expect(html.indexOf('case-notice')).toBeLessThan(html.indexOf('submit'))
})
