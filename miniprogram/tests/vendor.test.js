/** The committed miniprogram_npm/ copy is exactly the pinned npm package, licence kept. */
const fs = require('fs')
const path = require('path')
const { PACKAGES, vendored, source } = require('../scripts/vendor-npm')
const pkg = require('../package.json')

test.each(Object.keys(PACKAGES))('%s: miniprogram_npm holds the pinned version from node_modules, byte for byte', name => {
  expect(pkg.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/) // pinned exactly
  expect(require(`../node_modules/${name}/package.json`).version).toBe(pkg.dependencies[name])
  expect(fs.readFileSync(vendored(name), 'utf8')).toBe(fs.readFileSync(source(name), 'utf8'))
  const licence = fs.readFileSync(path.join(path.dirname(vendored(name)), 'LICENSE'), 'utf8')
  expect(licence).toContain('Copyright (c) 2009 Kazuhiko Arase')
  expect(licence).toContain('MIT')
})

test('the code under test is the vendored copy', () => {
  expect(require.resolve('qrcode-generator')).toBe(vendored('qrcode-generator'))
})
