/**
 * A stand-in for the Flask backend behind wx.request: routes by method + path, records every
 * request, answers in a microtask (so fake timers don't hold responses back). GET /labels answers
 * what the real app serves (fixtures/labels.json, checked against the app by the Python tests).
 */
const LABELS = require('../fixtures/labels.json')
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
  let loginCount = 0
  // While offline, every request fails as wx.request does without a network.
  let offline = false

  /**
   * handler(req) → [status, body] or [status, body, header] (or a promise of it, to hold the response back);
   * a route added later wins over an earlier one.
   */
  function on(method, path, handler) {
    const respond = typeof handler === 'function' ? handler : () => handler
    routes.unshift({ method, path, respond })
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
      options.success({ statusCode, data, header: header || {} })
    })
  }

  return {
    on,
    handle,
    requests,
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
