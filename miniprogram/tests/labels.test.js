/**
 * Labels come from GET /api/v1/labels (the officer screen's own words): kept in storage, revalidated
 * by ETag at launch, waited for on the first run, and the forms offer the server's choices.
 */
const { renderPage, settle, textOf, allText, change, tap, type } = require('./helpers/render')
const { LABELS, LABELS_ETAG } = require('./helpers/fake-server')

function me(status) {
  return [200, { id: 1, nickname: '小张', membership: { status, org_name: '赛罕区快递行业联合工会' } }]
}

function labelLoads() {
  return fake.server.calls('GET', '/labels')
}

function launchApp() {
  let definition
  global.App = config => { definition = config }
  jest.isolateModules(() => require('../app'))
  definition.onLaunch()
  return settle()
}

test('on the first run a page waits for the labels, shows the server’s words and keeps them', async () => {
  let release
  fake.server.on('GET', '/labels', () => new Promise(resolve => { release = resolve }))
  fake.server.on('GET', '/me', me('member'))
  const page = renderPage('pages/index/index')
  await settle()
  expect(textOf(page, '.membership-status')).toBeNull() // still loading: nothing shown, not the bare code

  release([200, LABELS, { ETag: LABELS_ETAG }])
  await settle()

  expect(textOf(page, '.membership-status')).toBe(LABELS.membership_status.member)
  expect(fake.storage.get('labels')).toEqual({ etag: LABELS_ETAG, labels: LABELS })
})

test('stored labels are used at once, without asking the server again', async () => {
  fake.storage.set('labels', { etag: LABELS_ETAG, labels: LABELS })
  fake.server.on('GET', '/me', me('pending'))
  const page = renderPage('pages/index/index')
  await settle()
  expect(textOf(page, '.membership-status')).toBe(LABELS.membership_status.pending)
  expect(labelLoads()).toHaveLength(0)
})

test('each launch revalidates the stored labels: a 304 keeps them, a new set replaces them', async () => {
  fake.storage.set('labels', { etag: LABELS_ETAG, labels: LABELS })
  await launchApp()
  expect(labelLoads().map(r => r.header['If-None-Match'])).toEqual([LABELS_ETAG])
  expect(labelLoads()[0].header.Authorization).toBeUndefined() // public: no token needed
  expect(fake.storage.get('labels').labels).toEqual(LABELS)

  const renamed = Object.assign({}, LABELS, { signup_status: Object.assign({}, LABELS.signup_status, { signed_up: '待领取（新）' }) })
  fake.server.on('GET', '/labels', [200, renamed, { etag: '"v2"' }])
  await launchApp()
  expect(fake.storage.get('labels')).toEqual({ etag: '"v2"', labels: renamed })

  fake.server.on('GET', '/campaigns/signups/mine', [200, { items: [{ id: 5, status: 'signed_up', short_code: 'A1B2C3' }] }])
  const page = renderPage('pages/campaigns/signups')
  await settle()
  expect(textOf(page, '.signup-5 .status')).toBe('待领取（新）')
})

test('offline on the first run: the page still loads and codes stand in for their labels', async () => {
  fake.server.on('GET', '/labels', 'network_error')
  fake.server.on('GET', '/membership/card', [200, { member_no: 'HH2026000123K', name: '张三', status: 'active' }])
  const page = renderPage('pages/membership/card')
  await settle()
  expect(textOf(page, '.card-status')).toBe('active')
  expect(fake.storage.has('labels')).toBe(false)
  if (page.instance.onUnload) page.instance.onUnload()
})

test('a malformed answer never replaces the stored labels', async () => {
  fake.storage.set('labels', { etag: LABELS_ETAG, labels: LABELS })
  fake.server.on('GET', '/labels', [200, { items: [], total: 0 }], { offContract: 'a proxy answering with something else' })
  await launchApp()
  expect(fake.storage.get('labels')).toEqual({ etag: LABELS_ETAG, labels: LABELS })
})

test('the join form offers the server’s occupations and household types, in its order', async () => {
  fake.server.on('GET', '/orgs', [200, { items: [], total: 0, page: 1, per_page: 20 }])
  const page = renderPage('pages/membership/join')
  await settle()
  const occupations = Object.keys(LABELS.occupation)
  expect(page.instance.data.options.occupation.map(o => o.label)).toEqual(occupations.map(c => LABELS.occupation[c]))
  expect(allText(page, '.radio-household .radio')).toEqual(Object.values(LABELS.household_type))

  await change(page, '.picker-occupation', occupations.indexOf('food_delivery'))
  expect(page.instance.data.form.occupation).toBe('food_delivery')
  expect(textOf(page, '.picker-occupation .picker-value')).toBe(LABELS.occupation.food_delivery)
})

test('the booking form offers the server’s case types and sends the chosen code', async () => {
  fake.server.on('POST', '/legal-aid/bookings', [201, { id: 901, status: 'booked' }])
  const page = renderPage('pages/legal-aid/book', { slot_id: '52' })
  await settle()
  const caseTypes = Object.keys(LABELS.case_type)
  expect(page.instance.data.caseTypes.map(o => o.label)).toEqual(Object.values(LABELS.case_type))

  await change(page, '.picker-case_type', caseTypes.indexOf('work_injury'))
  expect(textOf(page, '.picker-case_type .picker-value')).toBe(LABELS.case_type.work_injury)
  await type(page, '.input-description', '送餐途中摔伤')
  await tap(page, '.submit')
  expect(fake.server.calls('POST', '/legal-aid/bookings')[0].data.case_type).toBe('work_injury')
})
