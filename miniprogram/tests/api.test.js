/** utils/api.js: login, bearer token, the error envelope, and exactly one re-login on 401. */
const api = require('../utils/api')
const { errorBody } = require('./helpers/fake-server')

test('the first request logs in with the wx.login code and sends the token as a bearer', async () => {
  fake.server.on('GET', '/me', [200, { id: 1, nickname: '小张' }])
  await expect(api.get('/me')).resolves.toEqual({ id: 1, nickname: '小张' })
  const login = fake.server.requests[0]
  expect(login.path).toBe('/auth/wechat/login')
  expect(login.data).toEqual({ code: 'dev:worker-1' })
  expect(fake.server.calls('GET', '/me')[0].header.Authorization).toBe('Bearer token-1')

  await api.get('/me') // the stored token is reused
  expect(fake.server.loginCount).toBe(1)
})

test('a 401 drops the token, logs in again once and retries with the new token', async () => {
  fake.storage.set('auth', { token: 'stale', expires_at: '2099-01-01T00:00:00+08:00' })
  fake.server.on('GET', '/me', req => (req.header.Authorization === 'Bearer stale'
    ? [401, errorBody('token_invalid', '登录已过期')] : [200, { id: 1 }]))

  await expect(api.get('/me')).resolves.toEqual({ id: 1 })
  expect(fake.server.calls('GET', '/me').map(r => r.header.Authorization)).toEqual(['Bearer stale', 'Bearer token-1'])
  expect(fake.server.loginCount).toBe(1)
  expect(fake.storage.get('auth').token).toBe('token-1')
})

test('a second 401 after re-login is an error, not a loop', async () => {
  fake.server.on('GET', '/me', [401, errorBody('token_invalid', '登录已过期')])
  await expect(api.get('/me')).rejects.toMatchObject({ code: 'token_invalid', status: 401, message: '登录已过期' })
  expect(fake.server.calls('GET', '/me')).toHaveLength(2)
  expect(fake.server.loginCount).toBe(2)
})

test('concurrent requests without a token share one login', async () => {
  fake.server.on('GET', '/me', [200, {}])
  fake.server.on('GET', '/campaigns', [200, { items: [] }])
  await Promise.all([api.get('/me'), api.get('/campaigns'), api.get('/me')])
  expect(fake.server.loginCount).toBe(1)
  expect(wx.login).toHaveBeenCalledTimes(1)
})

test('an expired stored token is not sent: we log in first', async () => {
  fake.storage.set('auth', { token: 'old', expires_at: '2020-01-01T00:00:00+08:00' })
  fake.server.on('GET', '/me', [200, {}])
  await api.get('/me')
  expect(fake.server.calls('GET', '/me')[0].header.Authorization).toBe('Bearer token-1')
})

test('the error envelope becomes an Error with code, Chinese message and fields', async () => {
  fake.server.on('POST', '/membership/applications', [422, errorBody('validation_error', '提交的信息有误', {
    phone: ['手机号码格式不正确'],
  })])
  const err = await api.post('/membership/applications', {}).catch(e => e)
  expect(err).toBeInstanceOf(Error)
  expect(err).toMatchObject({ code: 'validation_error', status: 422, message: '提交的信息有误' })
  expect(err.fields).toEqual({ phone: ['手机号码格式不正确'] })
})

test('a response without the envelope and a network failure still give Chinese messages', async () => {
  fake.server.on('GET', '/me', [502, '<html>Bad Gateway</html>'], { offContract: 'the reverse proxy, not the API, answers' })
  await expect(api.get('/me')).rejects.toMatchObject({ code: 'http_502', message: '服务暂时不可用，请稍后再试' })
  fake.server.on('GET', '/me', 'network_error')
  await expect(api.get('/me')).rejects.toMatchObject({ code: 'network_error', message: '网络连接失败，请检查网络后重试' })
})

test('query parameters are encoded and empty ones left out', async () => {
  fake.server.on('GET', '/orgs', [200, { items: [] }])
  await api.get('/orgs', { q: '快递 工会', kind: 'grassroots', page: 2, under: '' })
  const [req] = fake.server.calls('GET', '/orgs')
  expect(req.query).toEqual({ q: '快递 工会', kind: 'grassroots', page: '2' })
})
