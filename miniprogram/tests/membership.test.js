/** Stories for home, my applications (timeline, resubmit) and 会员关系转接. */
const { renderPage, settle, find, textOf, allText, tap, type } = require('./helpers/render')
const { errorBody, LABELS } = require('./helpers/fake-server')

function me(membership) {
  return [200, { id: 1, nickname: '小张', phone_masked: '138****5678', membership }]
}

describe('home', () => {
  test('shows a member their union and member number, and the card entry opens the card', async () => {
    fake.server.on('GET', '/me', me({ status: 'member', member_no: 'HH2026000123K', org_name: '赛罕区快递行业联合工会' }))
    const page = renderPage('pages/index/index')
    await settle()
    expect(textOf(page, '.membership-status')).toBe('工会会员')
    expect(textOf(page, '.member-line')).toContain('HH2026000123K')
    await tap(page, '.entry-card')
    // the card is a tab: switched to, never pushed onto the page stack
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/membership/card' })
    expect(wx.navigateTo).not.toHaveBeenCalled()
  })

  test('someone not yet a member is offered to join when opening the card', async () => {
    fake.server.on('GET', '/me', me({ status: 'none' }))
    const page = renderPage('pages/index/index')
    await settle()
    expect(textOf(page, '.membership-status')).toBe('未入会')
    await tap(page, '.entry-card')
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '您还不是工会会员' }))
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/membership/join' })
  })

  test('a failed load says so in Chinese and can be retried', async () => {
    fake.server.on('GET', '/me', 'network_error')
    const page = renderPage('pages/index/index')
    await settle()
    expect(textOf(page, '.load-error')).toContain('网络连接失败')
    fake.server.on('GET', '/me', me({ status: 'pending' }))
    await tap(page, '.load-error')
    expect(textOf(page, '.membership-status')).toBe('入会审核中')
  })
})

describe('my applications', () => {
  const REJECTED = {
    id: 21, status: 'rejected', org: { id: 11, name: '赛罕区快递行业联合工会', kind: 'grassroots' },
    id_number_masked: '150102********0015', phone_masked: '138****5678', name: '张三', ethnicity: '蒙古族',
    education: '大专', political_status: '群众', household_type: 'urban', is_migrant_worker: true,
    occupation: 'food_delivery', employer: '某外卖平台', in_pool: false, reject_reason: '工作单位填写不完整',
    timeline: [
      { event: 'submitted', at: '2026-06-01T09:15:00+08:00' },
      { event: 'rejected', at: '2026-06-02T16:40:00+08:00', reason: '工作单位填写不完整' },
    ],
  }

  test('each application shows its status and timeline; a rejected one can be resubmitted', async () => {
    fake.server.on('GET', '/membership/applications/mine', [200, { items: [REJECTED] }])
    const page = renderPage('pages/membership/applications')
    await settle()
    // The server's words (GET /labels), the same the officer screen shows.
    expect(textOf(page, '.status')).toBe(LABELS.application_status.rejected)
    expect(allText(page, '.step-label')).toEqual([LABELS.application_event.submitted, LABELS.application_event.rejected])
    expect(allText(page, '.step .muted')).toEqual(['2026-06-01 09:15', '2026-06-02 16:40'])
    expect(textOf(page, '.step-reason')).toBe('原因：工作单位填写不完整')
    await tap(page, '.resubmit')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/membership/join?resubmit=21' })
  })

  test('resubmitting prefills the form and PUTs the corrected application', async () => {
    fake.server.on('GET', '/membership/applications/mine', [200, { items: [REJECTED] }])
    fake.server.on('PUT', '/membership/applications/21', [200, Object.assign({}, REJECTED, { status: 'pending' })])
    const page = renderPage('pages/membership/join', { resubmit: '21' })
    await settle()
    expect(textOf(page, '.reject-note .hint')).toBe('审核意见：工作单位填写不完整')
    expect(textOf(page, '.union-chosen')).toBe('赛罕区快递行业联合工会')
    expect(find(page, '.input-employer').instance).toBeDefined()
    expect(page.instance.data.form.employer).toBe('某外卖平台')

    await type(page, '.input-id_number', '150102199003070015')
    await type(page, '.input-phone', '13812345678')
    await type(page, '.input-employer', '某外卖平台赛罕区配送站')
    page.querySelector('.consent-check').dispatchEvent('change', { detail: { value: ['agree'] } })
    await settle()
    await tap(page, '.submit')

    const [put] = fake.server.calls('PUT', '/membership/applications/21')
    expect(put.data).toMatchObject({
      name: '张三', ethnicity: '蒙古族', occupation: 'food_delivery', employer: '某外卖平台赛罕区配送站',
      id_number: '150102199003070015', org_id: 11, consent_version: '2026-01', is_migrant_worker: true,
    })
    expect(fake.server.calls('POST', '/membership/applications')).toHaveLength(0)
  })
})

describe('transfer', () => {
  function serveOrgs() {
    fake.server.on('GET', '/orgs', [200, { items: [{ id: 12, name: '新城区外卖骑手工会', kind: 'grassroots', path_names: ['新城区总工会'] }], total: 1, page: 1, per_page: 20 }])
  }

  test('a member picks the receiving union, gives a reason and the request is sent', async () => {
    serveOrgs()
    fake.server.on('GET', '/membership/transfers/mine', [200, { items: [] }])
    fake.server.on('POST', '/membership/transfers', [201, { id: 3, status: 'pending' }])
    const page = renderPage('pages/membership/transfer')
    await settle()
    await tap(page, '.submit')
    expect(textOf(page, '.error-to_org_id')).toBe('请选择转入的工会')
    expect(textOf(page, '.error-reason')).toBe('请填写转接原因')

    find(page, '#orgSearch').querySelector('.org-item').dispatchEvent('tap')
    await settle()
    await type(page, '.input-reason', '已到新城区站点工作')
    await tap(page, '.submit')
    expect(fake.server.calls('POST', '/membership/transfers')[0].data).toEqual({ to_org_id: 12, reason: '已到新城区站点工作' })
    expect(textOf(page, '.done .card-title')).toBe('转接申请已提交')
  })

  test('a refused transfer shows the server’s reason', async () => {
    serveOrgs()
    fake.server.on('GET', '/membership/transfers/mine', [200, { items: [] }])
    fake.server.on('POST', '/membership/transfers', [409, errorBody('same_org', '您已经是该工会的会员')])
    const page = renderPage('pages/membership/transfer')
    await settle()
    find(page, '#orgSearch').querySelector('.org-item').dispatchEvent('tap')
    await settle()
    await type(page, '.input-reason', '换单位')
    await tap(page, '.submit')
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '您已经是该工会的会员' }))
    expect(page.querySelector('.done')).toBeFalsy()
  })

  test('a pending transfer is shown instead of a second request form', async () => {
    fake.server.on('GET', '/membership/transfers/mine', [200, { items: [
      { id: 3, status: 'pending', to_org: { id: 12, name: '新城区外卖骑手工会' }, requested_at: '2026-06-05T10:00:00+08:00' },
    ] }])
    const page = renderPage('pages/membership/transfer')
    await settle()
    expect(textOf(page, '.pending-transfer .hint')).toContain('新城区外卖骑手工会')
    expect(page.querySelector('.submit')).toBeFalsy()
  })
})
