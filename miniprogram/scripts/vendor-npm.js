/**
 * The mini-program's npm dependencies, as WeChat DevTools' 构建 npm lays them out: each package's
 * main file becomes miniprogram_npm/<name>/index.js, which `require('<name>')` loads on the phone.
 * CI cannot run DevTools, so the copy is committed; `npm run vendor` refreshes it after an upgrade
 * (`npm install --save-exact qrcode-generator@<version>`), and tests/vendor.test.js fails while it
 * differs from node_modules.
 */
const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const PACKAGES = { 'qrcode-generator': 'dist/qrcode.js' }

function vendored(name) {
  return path.join(ROOT, 'miniprogram_npm', name, 'index.js')
}

function source(name) {
  return path.join(ROOT, 'node_modules', name, PACKAGES[name])
}

if (require.main === module) {
  Object.keys(PACKAGES).forEach(name => {
    fs.mkdirSync(path.dirname(vendored(name)), { recursive: true })
    fs.copyFileSync(source(name), vendored(name))
    console.log(`${name} → ${path.relative(ROOT, vendored(name))}`)
  })
}

module.exports = { PACKAGES, vendored, source }
