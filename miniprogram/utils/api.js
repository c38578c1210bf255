/**
 * The one place that talks HTTP to the backend: base URL, token storage, the error envelope
 * turned into an Error (code, message, fields, status), and one re-login on 401.
 */
const config = require('./config')

const API_PREFIX = '/api/v1'
const TOKEN_KEY = 'auth'
// A token this close to its expiry is treated as gone, so we log in before the server says 401.
const EXPIRY_MARGIN_MS = 60 * 1000

const FALLBACK_MESSAGES = {
  0: '网络连接失败，请检查网络后重试',
  400: '请求有误，请稍后重试',
  401: '登录已失效，请重新进入小程序',
  403: '没有权限进行此操作',
  404: '内容不存在或已被删除',
  409: '操作未能完成，请刷新后重试',
  413: '提交的内容过大',
  422: '填写的信息有误，请检查后再提交',
  429: '操作太频繁，请稍后再试',
}
const SERVER_DOWN_MESSAGE = '服务暂时不可用，请稍后再试'

function apiError(code, message, status, fields) {
  const err = new Error(message)
  err.name = 'ApiError'
  err.code = code
  err.status = status || 0
  err.fields = fields || {}
  return err
}

function fallbackMessage(status) {
  return FALLBACK_MESSAGES[status] || (status >= 500 ? SERVER_DOWN_MESSAGE : '操作失败，请稍后重试')
}

/** Turn a non-2xx response into an Error carrying the envelope's code, message and fields. */
function errorFromResponse(res) {
  const envelope = res.data && typeof res.data === 'object' ? res.data.error : null
  if (envelope && envelope.code) {
    return apiError(envelope.code, envelope.message || fallbackMessage(res.statusCode),
      res.statusCode, envelope.fields)
  }
  return apiError(`http_${res.statusCode}`, fallbackMessage(res.statusCode), res.statusCode)
}

function queryString(params) {
  const parts = Object.keys(params || {})
    .filter(key => params[key] !== undefined && params[key] !== null && params[key] !== '')
    .map(key => `${encodeURIComponent(key)}=${encodeURIComponent(params[key])}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function send(method, path, data, token, extraHeader, timeout) {
  const base = config.baseUrl()
  if (!base) {
    return Promise.reject(apiError('config_missing', '尚未配置服务器地址，请联系管理员', 0))
  }
  const header = Object.assign({ 'content-type': 'application/json' }, extraHeader)
  if (token) header.Authorization = `Bearer ${token}`
  return new Promise((resolve, reject) => {
    wx.request({
      url: base + API_PREFIX + path,
      method,
      data,
      header,
      timeout: timeout || 15000,
      success: resolve,
      fail: () => reject(apiError('network_error', FALLBACK_MESSAGES[0], 0)),
    })
  })
}

function storedToken() {
  const saved = wx.getStorageSync(TOKEN_KEY)
  if (!saved || !saved.token) return ''
  const expiresAt = Date.parse(saved.expires_at)
  if (expiresAt && expiresAt - EXPIRY_MARGIN_MS <= Date.now()) return ''
  return saved.token
}

function clearToken() {
  wx.removeStorageSync(TOKEN_KEY)
}

function wechatLoginCode() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: res => (res.code ? resolve(res.code)
        : reject(apiError('wechat_login_failed', '微信登录失败，请稍后重试', 0))),
      fail: () => reject(apiError('wechat_login_failed', '微信登录失败，请稍后重试', 0)),
    })
  })
}

let loginInFlight = null

/** wx.login → our token. Concurrent callers share one login round trip. */
function login() {
  if (!loginInFlight) {
    const done = () => { loginInFlight = null }
    loginInFlight = wechatLoginCode()
      .then(code => send('POST', '/auth/wechat/login', { code }))
      .then(res => {
        if (res.statusCode !== 200) throw errorFromResponse(res)
        wx.setStorageSync(TOKEN_KEY, { token: res.data.token, expires_at: res.data.expires_at })
        return res.data
      })
      .then(result => { done(); return result }, err => { done(); throw err })
  }
  return loginInFlight
}

async function ensureToken() {
  return storedToken() || (await login()).token
}

/**
 * Authenticated request; on 401 the token is dropped, we log in once more and retry once.
 * `timeout` (ms) shortens the wait where the caller has something better to do (offline checks).
 */
async function request(method, path, data, timeout) {
  let res = await send(method, path, data, await ensureToken(), undefined, timeout)
  if (res.statusCode === 401) {
    clearToken()
    const { token } = await login()
    res = await send(method, path, data, token, undefined, timeout)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data
  throw errorFromResponse(res)
}

/**
 * GET a public endpoint without a token; resolves with the raw response ({statusCode, data, header})
 * so the caller can use its ETag and a 304.
 */
function getPublic(path, header) {
  return send('GET', path, undefined, '', header)
}

module.exports = {
  get: (path, params) => request('GET', path + queryString(params)),
  getPublic,
  post: (path, body, options) => request('POST', path, body || {}, options && options.timeout),
  put: (path, body) => request('PUT', path, body || {}),
  login,
  ensureToken,
  clearToken,
  queryString,
}
