/** Stories for 申请入会: choosing the union, client checks, server field errors, no double submit. */
const { renderPage, settle, find, textOf, allText, tap, type, change } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')
const { VALID_ID, serveOrgs, fillForm, chooseOrg } = require('./helpers/join')

test('a worker searches for a union, fills the form and the application is sent with org_id and consent', async () => {
  serveOrgs()
  fake.server.on('POST', '/membership/applications', [201, { id: 7, status: 'pending' }])
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '外卖骑手')
  expect(textOf(page, '.union-chosen')).toBe('新城区外卖骑手工会')
  await fillForm(page, { id_number: '11010519491231002x' })

  await tap(page, '.submit')

  const [post] = fake.server.calls('POST', '/membership/applications')
  expect(post.data).toMatchObject({
    name: '张三', id_number: VALID_ID, phone: '13812345678', ethnicity: '汉族', education: '中专/技校',
    political_status: '群众', household_type: 'rural', is_migrant_worker: true, occupation: 'courier',
    employer: '某某快递赛罕站', org_id: 12, consent_version: '2026-01',
  })
  expect(post.data).not.toHaveProperty('scene')
  expect(post.data).not.toHaveProperty('district_org_id')
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/membership/applications' })
})

test('the server’s 422 field messages appear beside the fields they belong to', async () => {
  serveOrgs()
  fake.server.on('POST', '/membership/applications', [422, errorBody('validation_error', '提交的信息有误', {
    id_number: ['该身份证号码已提交过入会申请'],
    employer: ['工作单位不能超过100字'],
    org_id: ['该工会暂不接受入会申请'],
  })])
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '快递')
  await fillForm(page)

  await tap(page, '.submit')

  expect(textOf(page, '.error-id_number')).toBe('该身份证号码已提交过入会申请')
  expect(textOf(page, '.error-employer')).toBe('工作单位不能超过100字')
  expect(textOf(page, '.error-union')).toBe('该工会暂不接受入会申请')
  expect(textOf(page, '.error-name')).toBeNull()
  expect(wx.redirectTo).not.toHaveBeenCalled()

  await type(page, '.input-id_number', '150102199003070015')
  expect(textOf(page, '.error-id_number')).toBeNull() // editing a field clears its message
})

test('a wrong ID check digit is caught before anything is sent', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '快递')
  await fillForm(page, { id_number: '110105194912310021', phone: '12345678901' })

  await tap(page, '.submit')

  expect(textOf(page, '.error-id_number')).toBe('身份证号码校验位错误，请核对')
  expect(textOf(page, '.error-phone')).toBe('请填写正确的11位手机号码')
  expect(fake.server.calls('POST')).toHaveLength(0)
})

test('a worksite QR scene preselects its union and the application carries the scene', async () => {
  fake.server.on('GET', /^\/enrollment\//, req => [200, {
    scene: decodeURIComponent(req.path.split('/')[2]), org: { id: 11, name: '赛罕区快递行业联合工会' },
    point: { id: 42, name: '赛罕区顺丰营业部', kind: 'worksite' },
  }])
  fake.server.on('POST', '/membership/applications', [201, { id: 8, status: 'pending' }])
  const page = renderPage('pages/membership/join', { scene: encodeURIComponent('ep=42&s=a1') })
  await settle()

  expect(fake.server.calls('GET').map(r => r.path)).toEqual([`/enrollment/${encodeURIComponent('ep=42&s=a1')}`])
  expect(textOf(page, '.union-chosen')).toBe('赛罕区快递行业联合工会')
  expect(textOf(page, '.point-name')).toContain('赛罕区顺丰营业部')
  expect(page.querySelector('#orgSearch')).toBeFalsy() // no search needed: the union is known

  await fillForm(page)
  await tap(page, '.submit')
  const [post] = fake.server.calls('POST', '/membership/applications')
  expect(post.data.scene).toBe('ep=42&s=a1')
  expect(post.data).not.toHaveProperty('org_id')
})

test('a plain poster QR opened through 扫普通链接二维码打开小程序 (options.q) preselects the union by its /j/ scene', async () => {
  fake.server.on('GET', /^\/enrollment\//, req => [200, {
    scene: decodeURIComponent(req.path.split('/')[2]), org: { id: 11, name: '赛罕区快递行业联合工会' },
    point: { id: 42, name: '赛罕区顺丰营业部', kind: 'worksite' },
  }])
  fake.server.on('POST', '/membership/applications', [201, { id: 8, status: 'pending' }])
  const q = encodeURIComponent('https://ghfw.example.cn/j/Ab-12_cd')
  const page = renderPage('pages/membership/join', { q, scancode_time: '1700000000' })
  await settle()

  expect(fake.server.calls('GET').map(r => r.path)).toEqual(['/enrollment/Ab-12_cd'])
  expect(textOf(page, '.union-chosen')).toBe('赛罕区快递行业联合工会')
  await fillForm(page)
  await tap(page, '.submit')
  expect(fake.server.calls('POST', '/membership/applications')[0].data.scene).toBe('Ab-12_cd')
})

test('a q that is not a join link falls back to searching for the union', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join', { q: encodeURIComponent('https://ghfw.example.cn/other') })
  await settle()
  expect(fake.server.calls('GET').filter(r => r.path.startsWith('/enrollment/'))).toHaveLength(0)
  expect(page.querySelector('#orgSearch')).toBeTruthy()
})

test('"my employer has no union" sends the chosen district as district_org_id', async () => {
  serveOrgs()
  fake.server.on('POST', '/membership/applications', [201, { id: 9, status: 'pending' }])
  const page = renderPage('pages/membership/join')
  await settle()
  await tap(page, '.no-union')
  const districts = find(page, '#districtSearch')
  await settle()
  expect(fake.server.calls('GET', '/orgs').pop().query.kind).toBe('district')
  districts.querySelector('.org-item').dispatchEvent('tap')
  await settle()
  expect(textOf(page, '.union-chosen')).toBe('回民区总工会')

  await fillForm(page)
  await tap(page, '.submit')
  const [post] = fake.server.calls('POST', '/membership/applications')
  expect(post.data.district_org_id).toBe(3)
  expect(post.data).not.toHaveProperty('org_id')
})

test('without consent nothing is sent; a second tap while submitting sends nothing more', async () => {
  serveOrgs()
  let release
  fake.server.on('POST', '/membership/applications', () => new Promise(resolve => { release = resolve }))
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '快递')
  await fillForm(page)
  await change(page, '.consent-check', [])
  await tap(page, '.submit')
  expect(textOf(page, '.error-consent')).toBe('请阅读并同意《个人敏感信息处理告知书》')
  expect(fake.server.calls('POST')).toHaveLength(0)

  await change(page, '.consent-check', ['agree'])
  find(page, '.submit').dispatchEvent('tap')
  find(page, '.submit').dispatchEvent('tap')
  await settle()
  expect(textOf(page, '.submit')).toBe('正在提交…')
  expect(page.instance.data.submitting).toBe(true) // drives disabled="{{submitting}}"
  release([201, { id: 10, status: 'pending' }])
  await settle()
  expect(fake.server.calls('POST', '/membership/applications')).toHaveLength(1)
  expect(page.instance.data.submitting).toBe(false)
  expect(wx.redirectTo).toHaveBeenCalledTimes(1)
})

test('the consent notice text is shown', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join')
  await settle()
  expect(allText(page, '.consent-paragraph').join('')).toContain('身份证号码')
})

test('submitting asks for the application-result templates and reports the answer before the application', async () => {
  serveOrgs()
  fake.storage.set('subscribe_catalogue', { events: [], moments: { apply: ['tpl-app', 'tpl-status'] } })
  fake.server.on('POST', '/notifications/subscriptions', [200, { subscriptions: [] }])
  fake.server.on('POST', '/membership/applications', [201, { id: 7, status: 'pending' }])
  fake.state.subscribeAnswer = { 'tpl-app': 'accept', 'tpl-status': 'reject' }
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '外卖骑手')
  await fillForm(page)

  await tap(page, '.submit')
  await settle()

  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tpl-app', 'tpl-status'])
  const posts = fake.server.calls().filter(r => r.method === 'POST').map(r => r.path)
  expect(posts).toEqual(['/notifications/subscriptions', '/membership/applications'])
  expect(fake.server.calls('POST', '/notifications/subscriptions')[0].data).toEqual({
    results: { 'tpl-app': 'accept', 'tpl-status': 'reject' } })
})

test('使用微信手机号 binds the phone with fill_form and fills the field with the full number', async () => {
  serveOrgs()
  fake.server.on('POST', '/auth/wechat/phone', [200, { id: 1, phone: '13912345678', phone_masked: '139****5678', phone_bound: true }])
  fake.server.on('POST', '/membership/applications', [201, { id: 10, status: 'pending' }])
  const page = renderPage('pages/membership/join')
  await settle()
  await chooseOrg(page, '赛罕区快递行业联合工会')
  await fillForm(page, { phone: '' })
  find(page, '.phone-wechat').dispatchEvent('getphonenumber', { detail: { code: 'phone-code' } })
  await settle()
  await settle()
  expect(fake.server.calls('POST', '/auth/wechat/phone')[0].data).toEqual({ code: 'phone-code', fill_form: true })
  expect(page.instance.data.form.phone).toBe('13912345678')
  expect(wx.showToast).not.toHaveBeenCalled()

  await tap(page, '.submit')
  expect(fake.server.calls('POST', '/membership/applications')[0].data.phone).toBe('13912345678')
})

test('使用微信手机号 refused in WeChat’s sheet leaves the field to type', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join')
  await settle()
  find(page, '.phone-wechat').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })
  await settle()
  expect(fake.server.calls('POST', '/auth/wechat/phone')).toHaveLength(0)
  expect(page.instance.data.form.phone).toBe('')
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '未获取到手机号，请手动填写' }))
})
