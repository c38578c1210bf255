/**
 * 分享给工友: the join page shares itself with the union preselected — the poster's scene, or the chosen
 * union's id — and a coworker opening the shared path finds that union already chosen.
 */
const { renderPage, settle, textOf, tap } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')
const { ORGS, DISTRICTS, serveOrgs, fillForm, chooseOrg } = require('./helpers/join')

/** The query of a shared path, as WeChat hands it to onLoad. */
function queryOf(path) {
  const query = {}
  ;(path.split('?')[1] || '').split('&').filter(Boolean).forEach(pair => {
    const [key, value] = pair.split('=')
    query[key] = value
  })
  return query
}

function serveOrg(org) {
  fake.server.on('GET', `/orgs/${org.id}`, [200, org])
}

test('a union found by search is shared by its id, and the coworker applies to it', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join')
  await settle()
  expect(page.querySelector('.share')).toBeFalsy() // nothing chosen yet: nothing to share
  await chooseOrg(page, '外卖骑手')
  expect(page.querySelector('.share')).toBeTruthy()
  const share = page.instance.onShareAppMessage()
  expect(share).toEqual({ title: '邀请你加入新城区外卖骑手工会', path: '/pages/membership/join?org_id=12' })

  serveOrg(ORGS[1])
  fake.server.on('POST', '/membership/applications', [201, { id: 9, status: 'pending' }])
  const coworker = renderPage('pages/membership/join', queryOf(share.path))
  await settle()
  expect(fake.server.calls('GET', '/orgs/12')).toHaveLength(1)
  expect(textOf(coworker, '.union-chosen')).toBe('新城区外卖骑手工会')
  expect(coworker.querySelector('#orgSearch')).toBeFalsy()
  await fillForm(coworker)
  await tap(coworker, '.submit')
  expect(fake.server.calls('POST', '/membership/applications')[0].data).toMatchObject({ org_id: 12 })
})

test('a poster’s union is shared by the poster’s scene', async () => {
  fake.server.on('GET', /^\/enrollment\//, [200, { scene: 'ep=42&s=a1', org: { id: 11, name: '赛罕区快递行业联合工会' },
    point: { id: 42, name: '赛罕区顺丰营业部', kind: 'worksite' } }])
  const page = renderPage('pages/membership/join', { scene: encodeURIComponent('ep=42&s=a1') })
  await settle()
  const share = page.instance.onShareAppMessage()
  expect(share).toEqual({ title: '邀请你加入赛罕区快递行业联合工会',
    path: `/pages/membership/join?scene=${encodeURIComponent('ep=42&s=a1')}` })
  const coworker = renderPage('pages/membership/join', queryOf(share.path))
  await settle()
  expect(textOf(coworker, '.point-name')).toContain('赛罕区顺丰营业部')
})

test('a shared district keeps the holding pool: the coworker applies through the district', async () => {
  serveOrg(DISTRICTS[0])
  fake.server.on('POST', '/membership/applications', [201, { id: 10, status: 'pending' }])
  const page = renderPage('pages/membership/join', { org_id: '3' })
  await settle()
  expect(textOf(page, '.union-chosen')).toBe('回民区总工会')
  expect(page.instance.onShareAppMessage().path).toBe('/pages/membership/join?org_id=3')
  await fillForm(page)
  await tap(page, '.submit')
  const [post] = fake.server.calls('POST', '/membership/applications')
  expect(post.data).toMatchObject({ district_org_id: 3 })
  expect(post.data).not.toHaveProperty('org_id')
})

test('a resubmission shares the union, never the application being corrected', async () => {
  fake.server.on('GET', '/membership/applications/mine', [200, { items: [{ id: 21, status: 'rejected',
    org: { id: 11, name: '赛罕区快递行业联合工会', kind: 'grassroots' }, in_pool: false, timeline: [] }] }])
  const page = renderPage('pages/membership/join', { resubmit: '21' })
  await settle()
  await settle()
  expect(page.instance.onShareAppMessage().path).toBe('/pages/membership/join?org_id=11')
})

test('with no union chosen the page is shared plain; a shared union that is gone falls back to search', async () => {
  serveOrgs()
  const page = renderPage('pages/membership/join')
  await settle()
  expect(page.instance.onShareAppMessage().path).toBe('/pages/membership/join')

  fake.server.on('GET', '/orgs/99', [404, errorBody('not_found', '内容不存在')])
  const gone = renderPage('pages/membership/join', { org_id: '99' })
  await settle()
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '分享的工会已不存在，请搜索选择您要加入的工会' }))
  expect(gone.querySelector('#orgSearch')).toBeTruthy()
})
