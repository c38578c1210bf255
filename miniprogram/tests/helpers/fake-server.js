/**
 * A stand-in for the Flask backend behind wx.request: routes by method + path, records every
 * request, answers in a microtask (so fake timers don't hold responses back). GET /labels answers
 * what the real app serves (fixtures/labels.json, checked against the app by the Python tests).
 *
 * It is held to the real API (the OpenAPI document tests/global-setup.js writes): a route that is no
 * operation of the API, a status the operation does not document, or a canned body with a field its
 * schema lacks, lands in `contractProblems`, which tests/setup.js requires empty after every test.
 */
const LABELS = require('../fixtures/labels.json')
const { findOperation, responseSchema, problems } = require('./openapi')
const { serveStaff } = require('./fake-staff')

const LABELS_ETAG = '"fixture-labels"'
const BASE = 'http://127.0.0.1:8000/api/v1'

function errorBody(code, message, fields) {
  return { error: { code, message, fields: fields || {} } }
}

function parseUrl(url) {
  const rest = url.startsWith(BASE) ? url.slice(BASE.length) : url
  const [path, qs] = rest.split('?')
  const query = {}
  ;(qs || '').split('&').filter(Boolean).forEach(pair => {
    const [k, v] = pair.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v || '')
  })
  return { path, query }
}

function createFakeServer() {
  const routes = []
  const requests = []
  const contractProblems = []
  let loginCount = 0
  // While offline, every request fails as wx.request does without a network.
  let offline = false

  /**
   * handler(req) → [status, body] or [status, body, header] (or a promise of it, to hold the response back);
   * a route added later wins over an earlier one. options.offContract (a reason) exempts a deliberately
   * impossible answer from the API check.
   */
  function on(method, path, handler, options) {
    const respond = typeof handler === 'function' ? handler : () => handler
    // offContract: 'why' — a test that serves what the API never would on purpose (a broken proxy, …)
    const offContract = Boolean(options && options.offContract)
    if (!offContract && typeof path === 'string' && !findOperation(method, path)) {
      contractProblems.push(`${method} ${path}: faked, but the API has no such operation`)
    }
    routes.unshift({ method, path, respond, offContract })
  }

  /** What the API would not answer: an unknown operation or status, or a field not in the schema. */
  function checkAgainstApi(req, statusCode, data) {
    const operation = findOperation(req.method, req.path)
    const where = `${req.method} ${req.path} → ${statusCode}`
    if (!operation) {
      contractProblems.push(`${where}: the API has no such operation`)
      return
    }
    if (!operation.responses[String(statusCode)]) {
      contractProblems.push(`${where}: the API does not document this status for ${operation.path}`)
      return
    }
    const schema = responseSchema(operation, statusCode)
    if (schema && data !== '') problems(schema, data).forEach(problem => contractProblems.push(`${where}: ${problem}`))
  }

  // Default login: a fresh token each time, so tests can tell which login a request used.
  on('POST', '/auth/wechat/login', () => {
    loginCount += 1
    return [200, { token: `token-${loginCount}`, expires_at: '2099-01-01T00:00:00+08:00', user: { id: 1 } }]
  })
  on('GET', '/labels', req => (req.header['If-None-Match'] === LABELS_ETAG ? [304, '', { ETag: LABELS_ETAG }]
    : [200, LABELS, { ETag: LABELS_ETAG, 'Cache-Control': 'public, max-age=3600' }]))

  function handle(options) {
    const { path, query } = parseUrl(options.url)
    const req = {
      method: options.method || 'GET',
      path,
      query,
      data: options.data,
      header: options.header || {},
    }
    requests.push(req)
    if (offline) {
      Promise.resolve().then(() => options.fail({ errMsg: 'request:fail' }))
      return
    }
    const route = routes.find(r => r.method === req.method &&
      (r.path instanceof RegExp ? r.path.test(path) : r.path === path))
    Promise.resolve(route ? route.respond(req) : [404, errorBody('not_found', '内容不存在')]).then(result => {
      if (result === 'network_error') {
        options.fail({ errMsg: 'request:fail' })
        return
      }
      const [statusCode, data, header] = result
      if (route && !route.offContract) checkAgainstApi(req, statusCode, data)
      options.success({ statusCode, data, header: header || {} })
    })
  }

  return {
    on,
    handle,
    requests,
    contractProblems,
    /** Requests other than logins and label loads, optionally only those to `path` with `method`. */
    calls(method, path) {
      return requests.filter(r => r.path !== '/auth/wechat/login' && (r.path !== '/labels' || path === '/labels') &&
        (!method || r.method === method) && (!path || r.path === path))
    },
    get loginCount() {
      return loginCount
    },
    /** Turn the network off (true) or on again. */
    setOffline(value) {
      offline = Boolean(value)
    },
    /** The staff mode's endpoints (helpers/fake-staff.js); returns their state. */
    serveStaff(options) {
      return serveStaff(on, options)
    },
  }
}

module.exports = { createFakeServer, errorBody, LABELS, LABELS_ETAG }
