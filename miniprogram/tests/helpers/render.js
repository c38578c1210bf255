/** Load a page or component with miniprogram-simulate and drive it like a user would. */
const path = require('path')
const simulate = require('miniprogram-simulate')

const ROOT = path.join(__dirname, '..', '..')

// simulate registers a page or component by require()-ing its js, expecting a fresh run each
// time; jest caches modules per test file, so each page is loaded once, in a module registry of
// its own (its components' js runs again there and registers under the new load).
const loaded = {}

function load(pagePath) {
  if (!loaded[pagePath]) {
    jest.isolateModules(() => {
      loaded[pagePath] = simulate.load(path.join(ROOT, pagePath), { compiler: 'simulate', rootPath: ROOT })
    })
  }
  return loaded[pagePath]
}

/** Render a page (built with Component()) and run onLoad(query) and onShow() as WeChat would. */
function renderPage(pagePath, query) {
  const id = load(pagePath)
  const page = simulate.render(id)
  page.attach(document.createElement('parent-wrapper'))
  if (page.instance.onLoad) page.instance.onLoad(query || {})
  if (page.instance.onShow) page.instance.onShow()
  return page
}

/** Let every pending response and promise continuation run. */
function settle() {
  return simulate.sleep(0)
}

function find(root, selector) {
  const node = root.querySelector(selector)
  if (!node) throw new Error(`nothing matches ${selector}`)
  return node
}

function textOf(root, selector) {
  const node = root.querySelector(selector)
  return node ? node.dom.textContent.trim() : null
}

function allText(root, selector) {
  return root.querySelectorAll(selector).map(node => node.dom.textContent.trim())
}

async function tap(root, selector) {
  find(root, selector).dispatchEvent('tap')
  await settle()
}

async function type(root, selector, value) {
  find(root, selector).dispatchEvent('input', { detail: { value } })
  await settle()
}

async function change(root, selector, value) {
  find(root, selector).dispatchEvent('change', { detail: { value } })
  await settle()
}

/** Whether the rendered element carries a class (simulate prefixes classes with the tag name). */
function hasClass(node, name) {
  return node.dom.className.split(/\s+/).some(cls => cls === name || cls.endsWith(`--${name}`))
}

module.exports = { renderPage, settle, find, textOf, allText, tap, type, change, hasClass, ROOT }
