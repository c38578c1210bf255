/**
 * The phone's reading of the backend's QR tokens, against tokens the backend itself signed
 * (fixtures/card-tokens.json, kept in step by tests/cards/test_offline_fixture.py), and the
 * vendored tweetnacl being npm's own file.
 */
const fs = require('fs')
const path = require('path')
const { classifyScan, verifyCardOffline, decodeBase64Url } = require('../utils/qr-token')
const TOKENS = require('./fixtures/card-tokens.json')

const KEY = TOKENS.public_key.public_key_raw
const DURING = TOKENS.issued_at * 1000 + 30 * 1000
const ROOT = path.join(__dirname, '..')

test('a scanned text is told apart by the payload’s kind, or as a short code', () => {
  expect(classifyScan(TOKENS.card_token)).toEqual({ kind: 'card', token: TOKENS.card_token })
  expect(classifyScan(` ${TOKENS.pickup_token}\n`)).toEqual({ kind: 'pickup', token: TOKENS.pickup_token })
  expect(classifyScan('8f3k2q')).toEqual({ kind: 'short_code', shortCode: '8F3K2Q' })
  expect(classifyScan('8F3K2O')).toBeNull() // O is not in the backend's alphabet
  expect(classifyScan('https://ghfw.example.cn/j/abc')).toBeNull()
  expect(classifyScan('e30.e30')).toBeNull() // {} has no kind
  expect(classifyScan('')).toBeNull()
})

test('the backend-signed card token checks out with the served key, within its minute', () => {
  expect(verifyCardOffline(TOKENS.card_token, KEY, DURING)).toEqual({ result: 'valid',
    payload: { k: 'card', s: TOKENS.card_subject, iat: TOKENS.issued_at, exp: TOKENS.expires_at } })
  expect(verifyCardOffline(TOKENS.card_token, KEY, TOKENS.expires_at * 1000).result).toBe('valid')
  expect(verifyCardOffline(TOKENS.card_token, KEY, TOKENS.expires_at * 1000 + 1000).result).toBe('expired')
})

test('anything the backend would call forged, the phone calls forged', () => {
  expect(verifyCardOffline(TOKENS.forged_card_token, KEY, DURING).result).toBe('forged')
  expect(verifyCardOffline(TOKENS.tampered_card_token, KEY, DURING).result).toBe('forged')
  expect(verifyCardOffline(TOKENS.pickup_token, KEY, DURING).result).toBe('forged') // not a card
  expect(verifyCardOffline('not.a-token', KEY, DURING).result).toBe('forged')
  expect(verifyCardOffline(TOKENS.card_token, 'short', DURING).result).toBe('forged')
})

test('base64url decodes as Python’s urlsafe_b64decode does', () => {
  expect(Buffer.from(decodeBase64Url('_-8')).toString('hex')).toBe('ffef')
  expect(Buffer.from(decodeBase64Url(KEY))).toEqual(Buffer.from(KEY, 'base64url'))
  expect(decodeBase64Url('a+b/')).toBeNull()
})

test('the vendored tweetnacl is npm’s 1.0.3 with only the Node-only require taken out', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  expect(pkg.devDependencies.tweetnacl).toBe('1.0.3')
  const npmCopy = fs.readFileSync(path.join(ROOT, 'node_modules/tweetnacl/nacl-fast.min.js'), 'utf8')
  const vendored = fs.readFileSync(path.join(ROOT, 'utils/vendor/tweetnacl/nacl-fast.min.js'), 'utf8')
  expect(npmCopy.split('require("crypto")')).toHaveLength(2)
  expect(vendored).toBe(npmCopy.replace('require("crypto")', 'null'))
  expect(vendored).not.toMatch(/require\(/)
  expect(fs.readFileSync(path.join(ROOT, 'utils/vendor/tweetnacl/LICENSE'), 'utf8'))
    .toBe(fs.readFileSync(path.join(ROOT, 'node_modules/tweetnacl/LICENSE'), 'utf8'))
})
