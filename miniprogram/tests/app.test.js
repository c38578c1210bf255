/** The mini-program as a whole: every page in app.json is complete, compiles and renders. */
const fs = require('fs')
const path = require('path')
const compiler = require('miniprogram-compiler')
const { renderPage, settle, ROOT } = require('./helpers/render')
const { errorBody } = require('./helpers/fake-server')
const { findOperation, responseSchema, hasField } = require('./helpers/openapi')

const appJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
// The official WeChat compilers ship as native binaries for x64 Linux, macOS and Windows.
const canRunWcc = process.platform !== 'linux' || process.arch === 'x64'

test.each(appJson.pages)('%s has its four files and is a Component-built page', page => {
  ['js', 'wxml', 'wxss', 'json'].forEach(ext => {
    expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true)
  })
  const pageJson = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
  expect(pageJson.usingComponents).toBeDefined() // WeChat requires it for pages built with Component()
  expect(pageJson.navigationBarTitleText).toMatch(/\p{Script=Han}/u)
})

/**
 * An empty backend, as the API would answer it: empty pages of lists, 404 for single things (503 for
 * the few public ones that cannot be missing).
 */
function emptyAnswer(req) {
  const operation = findOperation(req.method, req.path)
  const schema = operation && responseSchema(operation, 200)
  if (!schema || !hasField(schema, 'items')) {
    return operation && operation.responses['404'] ? [404, errorBody('not_found', '内容不存在')]
      : [503, errorBody('database_unavailable', '服务繁忙，请稍后再试')]
  }
  const body = {}
  Object.entries({ items: [], total: 0, page: 1, per_page: 20, unread_count: 0 })
    .filter(([field]) => hasField(schema, field)).forEach(([field, value]) => { body[field] = value })
  return [200, body]
}

test.each(appJson.pages)('%s renders with an empty backend and shows no "undefined"', async page => {
  fake.server.on('GET', /^\/(?!labels$)/, emptyAnswer)
  const rendered = renderPage(page, {})
  await settle()
  expect(rendered.dom.textContent).not.toMatch(/undefined|null|NaN|\[object Object\]/)
  if (rendered.instance.onUnload) rendered.instance.onUnload()
})

;(canRunWcc ? test : test.skip)('all WXML and WXSS compile with the official WeChat compilers (wcc, wcsc)', () => {
  expect(() => compiler.wxmlToJs(ROOT)).not.toThrow()
  expect(() => compiler.wxssToJs(ROOT)).not.toThrow()
})

test('the app logs in at launch so the first page already has a token', async () => {
  let definition
  global.App = config => { definition = config }
  jest.isolateModules(() => require('../app'))
  definition.onLaunch()
  await settle()
  expect(fake.server.loginCount).toBe(1)
  expect(fake.storage.get('auth').token).toBe('token-1')
})

test('uploads leave out the tests and node_modules', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
  const ignored = config.packOptions.ignore.map(rule => rule.value)
  expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'tests', 'package.json', 'package-lock.json']))
})
