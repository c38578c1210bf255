/** Stories for 我的数据与隐私: a copy of my data, withdrawing consent, and 注销 with its status. */
const { renderPage, settle, textOf, allText, tap, type } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')

const ME = {
  id: 1, nickname: '小张', phone_masked: '138****5678',
  membership: { status: 'member', member_no: 'HH2026000123K', id_number_masked: '150102********0015',
    phone_masked: '138****5678' },
}
const NO_REQUEST = [200, { request: null, erasure_days: 15 }]
const PENDING = { id: 7, status: 'pending', requested_at: '2026-07-01T10:00:00+08:00',
  due_at: '2026-07-16T10:00:00+08:00', erased_at: null }

beforeEach(() => {
  wx.setClipboardData = jest.fn()
  fake.server.on('GET', '/me', [200, ME])
})

test('shows the masked data on file and copies a full copy to save', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('GET', '/me/export', [200, { user: { id: 1 }, applications: [{ name: '张三' }] }])
  const page = renderPage('pages/privacy/privacy')
  await settle()
  expect(textOf(page, '.id-number')).toBe('身份证号：150102********0015')

  await tap(page, '.copy')

  expect(fake.server.calls('GET', '/me/export')).toHaveLength(1)
  expect(JSON.parse(wx.setClipboardData.mock.calls[0][0].data).applications[0].name).toBe('张三')
})

test('查看我的全部数据 shows everything held in words, with the ID number and phone still masked on screen', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('GET', '/me/export', [200, {
    user: { id: 1, nickname: '小张', phone_masked: '138****5678', phone: '13812345678', openid: 'o-1', unionid: null,
      created_at: '2026-05-20T08:00:00+08:00', last_login_at: null },
    applications: [{ id: 21, name: '张三', id_number: '150102199003070015', id_number_masked: '150102********0015',
      phone: '13812345678', phone_masked: '138****5678', employer: '某外卖平台', occupation_label: '外卖骑手',
      org: { id: 11, name: '赛罕区快递行业联合工会' }, status: 'rejected', submitted_at: '2026-06-01T09:15:00+08:00',
      reject_reason: '工作单位填写不完整' }],
    member: null, member_history: [], transfers: [],
    legal_aid: [{ id: 5, session_date: '2026-07-03', place: '赛罕区职工服务中心', case_type: 'wage_arrears',
      case_type_label: '拖欠工资', description: '站点拖欠三个月工资', status: 'booked', outcome_label: null }],
    campaigns: [{ campaign: '2026夏季送清凉', station: '新华广场爱心驿站', short_code: '8F3K2Q', status: 'signed_up',
      created_at: '2026-07-01T10:00:00+08:00' }],
    cards: null,
  }])
  const page = renderPage('pages/privacy/privacy')
  await settle()
  await tap(page, '.show-data')
  await settle()

  expect(allText(page, '.export-title')).toEqual(['账号', '入会申请', '法律援助预约', '清凉包报名'])
  const lines = allText(page, '.export-line')
  expect(lines).toEqual(expect.arrayContaining(['微信昵称：小张', '工会：赛罕区快递行业联合工会', '状态：已退回',
    '身份证号：150102********0015', '退回原因：工作单位填写不完整', '案件类型：拖欠工资', '问题描述：站点拖欠三个月工资',
    '领取码：8F3K2Q', '状态：待领取', '提交时间：2026-06-01 09:15']))
  expect(page.dom.textContent).not.toContain('150102199003070015')
  expect(page.dom.textContent).not.toContain('13812345678')
  expect(page.dom.textContent).not.toMatch(/undefined|null|NaN/)
})

test('asking for deletion needs a reason and a confirmation, then shows the status', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('POST', '/me/deletion-request', [201, PENDING])
  const page = renderPage('pages/privacy/privacy')
  await settle()

  await tap(page, '.request-deletion')
  expect(textOf(page, '.error-reason')).toBe('请填写注销原因')
  expect(fake.server.calls('POST', '/me/deletion-request')).toHaveLength(0)

  await type(page, '.input-reason', '不再需要本服务')
  await tap(page, '.request-deletion')
  await settle()

  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '申请注销' }))
  expect(fake.server.calls('POST', '/me/deletion-request')[0].data).toEqual({ reason: '不再需要本服务' })
  expect(textOf(page, '.deletion-status')).toBe('注销办理中：2026-07-01 10:00 提交，最迟 2026-07-16 10:00 前完成。')
})

test('a pending request is shown instead of the form', async () => {
  fake.server.on('GET', '/me/deletion-request', [200, { request: PENDING, erasure_days: 15 }])
  const page = renderPage('pages/privacy/privacy')
  await settle()
  expect(textOf(page, '.deletion-status')).toContain('最迟 2026-07-16 10:00 前完成')
  expect(page.querySelector('.request-deletion')).toBeFalsy()
})

test('withdrawing consent says what it means and is not sent when the worker cancels', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('POST', '/me/consent/withdraw', [200, { applications: 1, member: true }])
  const page = renderPage('pages/privacy/privacy')
  await settle()

  fake.state.modalConfirms = false
  await tap(page, '.withdraw-consent')
  await settle()
  expect(fake.server.calls('POST', '/me/consent/withdraw')).toHaveLength(0)

  fake.state.modalConfirms = true
  await tap(page, '.withdraw-consent')
  await settle()
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('会员关系随之终止') }))
  expect(fake.server.calls('POST', '/me/consent/withdraw')[0].data).toEqual({ confirm: true })
})

test('a refusal from the server is shown in Chinese', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('POST', '/me/deletion-request', [409, errorBody('deletion_already_requested', '您已提交注销申请，正在办理中')])
  const page = renderPage('pages/privacy/privacy')
  await settle()
  await type(page, '.input-reason', '换工作')
  await tap(page, '.request-deletion')
  await settle()
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '您已提交注销申请，正在办理中' }))
})

test('the notice I accepted can be read again, word for word', async () => {
  fake.server.on('GET', '/me/deletion-request', NO_REQUEST)
  fake.server.on('GET', '/me/consents', [200, { items: [{ application_id: 3, version: '2026-01',
    accepted_at: '2026-06-01T09:15:00+08:00',
    text: { version: '2026-01', title: '个人敏感信息处理告知书', body: '第一段\n第二段', sha256: 'x' } }] }])
  const page = renderPage('pages/privacy/privacy')
  await settle()

  await tap(page, '.show-consents')

  expect(textOf(page, '.consent-head')).toBe('个人敏感信息处理告知书（2026-01 版，2026-06-01 09:15 同意）')
  expect(allText(page, '.consent-paragraph')).toEqual(['第一段', '第二段'])
})
