/**
 * Stories for binding a WeChat user to a staff account (pages/staff/bind) and for the home page
 * offering 工作人员模式 only to bound users.
 */
const { renderPage, settle, textOf, tap, type } = require('./helpers/render')

async function openBind(options) {
  const staff = fake.server.serveStaff(options)
  const page = renderPage('pages/staff/bind')
  await settle()
  await settle()
  return { page, staff }
}

test('a staff member binds with the 6-digit code and lands in staff mode', async () => {
  const { page, staff } = await openBind()
  expect(textOf(page, '.bind-form .card-title')).toBe('绑定工作人员账号')

  await type(page, '.code-input', '24 68')
  await tap(page, '.bind')
  expect(textOf(page, '.code-error')).toBe('请输入6位数字绑定码')
  expect(fake.server.calls('POST')).toHaveLength(0)

  await type(page, '.code-input', '246810')
  await tap(page, '.bind')
  await settle()
  expect(fake.server.calls('POST', '/staff/bind').map(r => r.data)).toEqual([{ code: '246810' }])
  expect(staff.bound).toBe(true)
  expect(textOf(page, '.bound .card-title')).toBe('已开启工作人员模式')
  expect(textOf(page, '.bound-account')).toBe('绑定账号：张师傅')
  expect(textOf(page, '.role')).toBe('身份：驿站工作人员')
  expect(textOf(page, '.station')).toBe('驿站：新城区海拉尔东路驿站')
  expect(wx.showToast).toHaveBeenCalledWith({ title: '绑定成功', icon: 'success' })
  expect(fake.storage.get('staffBound')).toBe(true)

  await tap(page, '.open-scan')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/scan' })
})

test('a wrong or used code shows the server’s reason beside the field and binds nothing', async () => {
  const { page, staff } = await openBind({ bindCodeUsed: true })
  await type(page, '.code-input', '246810')
  await tap(page, '.bind')
  expect(textOf(page, '.code-error')).toBe('绑定码无效或已过期，请在工作人员账号中重新获取')
  expect(staff.bound).toBe(false)
  expect(page.querySelector('.bound')).toBeFalsy()
  expect(fake.storage.has('staffBound')).toBe(false)
})

test('unbinding asks first, then leaves staff mode', async () => {
  fake.state.modalConfirms = false
  const { page, staff } = await openBind({ bound: true })
  expect(textOf(page, '.bound-account')).toBeNull() // known only right after binding
  await tap(page, '.unbind')
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '解除绑定' }))
  expect(fake.server.calls('POST', '/staff/unbind')).toHaveLength(0)

  fake.state.modalConfirms = true
  await tap(page, '.unbind')
  await settle()
  expect(fake.server.calls('POST', '/staff/unbind')).toHaveLength(1)
  expect(staff.bound).toBe(false)
  expect(page.querySelector('.bind-form')).toBeTruthy()
  expect(fake.storage.has('staffBound')).toBe(false)
})

describe('the home page', () => {
  const ME = { id: 1, nickname: '小张', phone_masked: null, phone_bound: false, created_at: '2026-06-01T09:00:00+08:00',
    membership: { status: 'none', member_no: null, member_status: null, org: null, org_name: null, application_id: null,
      id_number_masked: null, phone_masked: null } }

  async function openHome(me, staffOptions) {
    fake.server.on('GET', '/me', [200, Object.assign({}, ME, me)])
    fake.server.on('GET', '/me/notifications', [200, { items: [], total: 0, page: 1, per_page: 1, unread_count: 0 }])
    fake.server.serveStaff(staffOptions)
    const page = renderPage('pages/index/index')
    await settle()
    await settle()
    return page
  }

  test('hides 工作人员模式 from workers, without asking the staff API', async () => {
    const page = await openHome({ is_station_staff: false })
    expect(page.querySelector('.staff-entry')).toBeFalsy()
    expect(fake.server.calls('GET', '/staff/me')).toHaveLength(0)
  })

  test('shows it to bound station staff and opens the scan page', async () => {
    const page = await openHome({ is_station_staff: true }, { bound: true })
    expect(textOf(page, '.staff-entry .entry-title')).toBe('工作人员模式')
    await tap(page, '.staff-entry')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/scan' })
  })

  test('an office account bound on this phone is confirmed by the staff API', async () => {
    fake.storage.set('staffBound', true)
    const page = await openHome({ is_station_staff: false }, { bound: true, role: 'org_admin', station: null })
    expect(page.querySelector('.staff-entry')).toBeTruthy()
    expect(fake.server.calls('GET', '/staff/me')).toHaveLength(1)
  })

  test('a binding removed elsewhere hides it again', async () => {
    fake.storage.set('staffBound', true)
    const page = await openHome({ is_station_staff: false }, { bound: false })
    expect(page.querySelector('.staff-entry')).toBeFalsy()
    expect(fake.storage.has('staffBound')).toBe(false)
  })
})
