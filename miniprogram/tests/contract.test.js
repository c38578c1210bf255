/**
 * The mini-program against the backend's real OpenAPI document (tests/global-setup.js writes it from
 * the app): every method + path it calls exists, and every response field a page reads is in that
 * response's schema. Calls are found in the source; the fields each page reads are declared below,
 * and each declared field must appear in that page's source, so the list stays honest both ways.
 * (The fake server is held to the same document after every test: tests/helpers/fake-server.js.)
 */
const fs = require('fs')
const path = require('path')
const { ROOT } = require('./helpers/render')
const { openapi, findOperation, responseSchema, hasField } = require('./helpers/openapi')

function sources(dir) {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
    const rel = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(rel)
    return entry.name.endsWith('.js') ? [rel] : []
  })
}

const FILES = ['app.js'].concat(sources('utils'), sources('pages'), sources('components'))
  .filter(file => !file.startsWith(path.join('utils', 'vendor')))
const read = file => fs.readFileSync(path.join(ROOT, file), 'utf8')

// What a call looks like in the source: [pattern, method (or the pattern's first group)]
const LITERAL = "(['`])((?:(?!\\1).)*)\\1"
const CALL_PATTERNS = [
  [new RegExp(`api\\.(get|post|put)\\(\\s*${LITERAL.replace(/\\1/g, '\\2')}`, 'g'), null],
  [new RegExp(`getPublic\\(\\s*${LITERAL}`, 'g'), 'GET'],
  [new RegExp(`send\\('(GET|POST|PUT)',\\s*${LITERAL.replace(/\\1/g, '\\2')}`, 'g'), null],
  [new RegExp(`listPage\\(\\{\\s*path:\\s*${LITERAL}`, 'g'), 'GET'],
  [new RegExp(`tokenPath:\\s*\\([^)]*\\)\\s*=>\\s*${LITERAL}`, 'g'), 'GET'],
]
// The two generic call sites whose path comes from the pages (listPage's path, rotatingQrPage's tokenPath).
const DYNAMIC_CALLS = [['utils/behaviors.js', 'get', 'path'], ['utils/behaviors.js', 'get', 'tokenPath']]

/** Every call in the source: { file, method, template } with ${…} as {} (a path parameter). */
function calls() {
  return FILES.flatMap(file => CALL_PATTERNS.flatMap(([pattern, method]) => [...read(file).matchAll(pattern)].map(m => ({
    file,
    method: (method || m[1]).toUpperCase(),
    template: (method ? m[2] : m[3]).replace(/\$\{[^}]*\}/g, '{}').split('?')[0],
  }))))
}

/** Response fields each page reads, per operation ('items.station.name': arrays are stepped through). */
const READS = {
  'GET /me': {
    'pages/index/index': ['nickname', 'membership.status', 'membership.org_name', 'membership.member_no'],
    'pages/mine/mine': ['nickname', 'phone_masked', 'is_station_staff', 'membership.status', 'membership.org_name',
      'membership.member_no', 'membership.id_number_masked'],
    'pages/privacy/privacy': ['nickname', 'phone_masked', 'membership.id_number_masked', 'membership.phone_masked'],
  },
  'GET /me/notifications': {
    'utils/unread': ['unread_count'],
    'pages/messages/messages': ['items.id', 'items.title', 'items.body', 'items.page', 'items.read', 'items.created_at',
      'total', 'unread_count'],
  },
  'GET /me/deletion-request': { 'pages/privacy/privacy': ['erasure_days', 'request.status', 'request.requested_at', 'request.due_at'] },
  // copied whole to the clipboard, and shown in words (utils/export-view.js); legal_aid and campaigns are
  // documented without item schemas, so only their presence can be checked here
  'GET /me/export': { 'utils/export-view': ['user.nickname', 'user.phone_masked', 'user.created_at', 'user.last_login_at',
    'applications.org.name', 'applications.status', 'applications.name', 'applications.id_number_masked',
    'applications.phone_masked', 'applications.employer', 'applications.occupation_label', 'applications.submitted_at',
    'applications.reject_reason', 'member.member_no', 'member.org.name', 'member.status', 'member.joined_at',
    'transfers.from_org.name', 'transfers.to_org.name', 'transfers.status', 'transfers.requested_at', 'legal_aid',
    'campaigns'] },
  'GET /me/consents': { 'pages/privacy/privacy': ['items.version', 'items.accepted_at', 'items.text.title', 'items.text.body'] },
  'GET /labels': { 'utils/labels': [] }, // kept whole; tests/labels.test.js and the Python tests check it
  'GET /orgs': { 'components/org-search/org-search': ['items.id', 'items.name', 'items.path_names', 'total'] },
  'GET /orgs/{}': { 'pages/membership/join': ['id', 'name', 'kind'] },
  'GET /enrollment/{}': { 'pages/membership/join': ['org.id', 'org.name', 'point.name'] },
  'GET /membership/card': { 'pages/membership/card': ['org.name', 'joined_at', 'status', 'member_no'] },
  'GET /membership/card/qr': { 'utils/rotating-qr': ['token', 'expires_at'] },
  'GET /membership/applications/mine': {
    'pages/membership/applications': ['items.id', 'items.status', 'items.org.name', 'items.id_number_masked',
      'items.timeline.event', 'items.timeline.at', 'items.timeline.reason'],
    'pages/membership/join': ['items.id', 'items.org.kind', 'items.in_pool', 'items.id_number_masked',
      'items.phone_masked', 'items.reject_reason', 'items.timeline.event', 'items.timeline.reason'],
  },
  'GET /membership/transfers/mine': { 'pages/membership/transfer': ['items.status', 'items.to_org.name', 'items.decided_at',
    'items.requested_at'] },
  'GET /legal-aid/sessions': { 'pages/legal-aid/sessions': ['items.id', 'items.date', 'items.place', 'items.status',
    'items.org.name', 'items.slots.id', 'items.slots.starts_at', 'items.slots.places_left', 'items.slots.bookable',
    'items.slots.lawyer.name'] },
  'GET /legal-aid/bookings/mine': { 'pages/legal-aid/bookings': ['items.id', 'items.status', 'items.status_label',
    'items.case_type', 'items.case_type_label', 'items.can_cancel', 'items.slot_starts_at', 'items.lawyer.name',
    'items.session.place', 'items.session.status', 'items.session.cancel_reason'] },
  'GET /campaigns': { 'pages/campaigns/campaigns': ['items.id', 'items.name', 'items.signup_starts_at',
    'items.signup_ends_at', 'items.pickup_starts_at', 'items.pickup_ends_at', 'items.eligibility_label',
    'items.limit_label', 'items.pack_contents'] },
  'GET /campaigns/{}/stations': { 'pages/campaigns/stations': ['items.id', 'items.name', 'items.address',
    'items.opening_hours', 'items.is_open', 'items.stock_left', 'items.distance_m', 'items.latitude',
    'items.longitude', 'items.phone'] },
  'GET /campaigns/signups/mine': { 'pages/campaigns/signups': ['items.id', 'items.status', 'items.short_code',
    'items.campaign.name', 'items.station.name', 'items.station.address', 'items.station.is_open'] },
  'GET /campaigns/signups/{}/qr': { 'pages/campaigns/signups': [] }, // read by utils/rotating-qr, declared there
  'GET /notifications/templates': { 'utils/subscribe': [] },
  'GET /staff/me': {
    'pages/staff/scan': ['role_label', 'station.name', 'campaign.name', 'redeemed_today', 'stock_left'],
    'pages/staff/bind': ['role_label', 'station.name'],
  },
  'GET /cards/public-key': { 'utils/staff': ['algorithm', 'public_key_raw'] },
}

const found = calls()

test('the source scan finds the calls, and every call site it cannot read is one of the known generic ones', () => {
  expect(found.length).toBeGreaterThanOrEqual(30)
  const dynamic = FILES.flatMap(file => [...read(file).matchAll(/api\.(get|post|put)\(\s*([^'`\s,()]+)/g)]
    .map(m => [file, m[1], m[2]]))
  expect(dynamic).toEqual(DYNAMIC_CALLS)
})

test('the document is the backend’s, not a stub', () => {
  expect(openapi().paths['/api/v1/membership/applications'].post).toBeDefined()
  expect(Object.keys(openapi().paths).length).toBeGreaterThan(50)
})

test.each(found.map(call => [`${call.method} ${call.template}`, call.file]))('%s (%s) is an operation of the API', operation => {
  const [method, template] = operation.split(' ')
  expect(findOperation(method, template)).not.toBeNull()
})

test('every GET the mini-program makes has its reads declared', () => {
  const gets = [...new Set(found.filter(call => call.method === 'GET').map(call => `GET ${call.template}`))]
  expect(gets.filter(get => !READS[get])).toEqual([])
})

const DECLARED = Object.entries(READS).flatMap(([operation, pages]) => Object.entries(pages)
  .flatMap(([page, fields]) => fields.map(field => [operation, page, field])))

test.each(DECLARED)('%s: the field %s reads, %s, is in the response schema', (operation, page, field) => {
  const [method, template] = operation.split(' ')
  const found = findOperation(method, template)
  expect(found).not.toBeNull()
  expect(hasField(responseSchema(found, 200), field)).toBe(true)
  // and the page really reads it
  const source = ['js', 'wxml'].map(ext => path.join(ROOT, `${page}.${ext}`)).filter(fs.existsSync)
    .map(file => fs.readFileSync(file, 'utf8')).join('\n')
  expect(source).toContain(field.split('.').pop())
})
