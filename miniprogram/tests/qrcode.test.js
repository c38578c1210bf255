/** utils/qrcode.js (qrcode-generator): right size, the fixed patterns where the standard puts them, and it scans. */
const { encode } = require('../utils/qrcode')
const { decodeMatrix } = require('./helpers/qr')

const FINDER = [
  '1111111',
  '1000001',
  '1011101',
  '1011101',
  '1011101',
  '1000001',
  '1111111',
]

function block(modules, top, left, size) {
  return modules.slice(top, top + size).map(row => row.slice(left, left + size).map(d => (d ? '1' : '0')).join(''))
}

test('a short text fits version 1: a 21×21 matrix', () => {
  const qr = encode('HELLO')
  expect(qr.version).toBe(1)
  expect(qr.size).toBe(21)
  expect(qr.modules).toHaveLength(21)
  qr.modules.forEach(row => expect(row).toHaveLength(21))
})

test('finder patterns sit in three corners with light separators, timing patterns between them', () => {
  const { modules, size } = encode('member-card-token')
  expect(block(modules, 0, 0, 7)).toEqual(FINDER)
  expect(block(modules, 0, size - 7, 7)).toEqual(FINDER)
  expect(block(modules, size - 7, 0, 7)).toEqual(FINDER)
  for (let i = 0; i < 8; i++) {
    expect(modules[7][i]).toBe(false) // separator below the top-left finder
    expect(modules[i][size - 8]).toBe(false) // separator left of the top-right finder
  }
  for (let i = 8; i < size - 8; i++) {
    expect(modules[6][i]).toBe(i % 2 === 0)
    expect(modules[i][6]).toBe(i % 2 === 0)
  }
  expect(modules[size - 8][8]).toBe(true) // the dark module
})

test('the version grows with the content: 4 modules per version', () => {
  const qr = encode('x'.repeat(200))
  expect(qr.version).toBeGreaterThan(7)
  expect(qr.size).toBe(qr.version * 4 + 17)
  // The bottom-right alignment pattern is centred 7 modules in from the far corner.
  expect(block(qr.modules, qr.size - 9, qr.size - 9, 5))
    .toEqual(['11111', '10001', '10101', '10001', '11111'])
})

test.each([
  ['HELLO', 1],
  ['eyJzdWIiOjQyLCJleHAiOjE3NTE1MzYwMDB9.c2lnbmF0dXJl', 4],
  ['card:' + 'a1B2c3D4'.repeat(20), 8],
  ['清凉包领取码 8F3K2Q ' + 'z'.repeat(300), 12],
])('%#: an independent decoder reads back exactly what was encoded (version ≥ %i)', (text, minVersion) => {
  const qr = encode(text)
  expect(qr.version).toBeGreaterThanOrEqual(minVersion)
  expect(decodeMatrix(qr.modules)).toBe(text)
})

test('content too long for any QR code is refused', () => {
  expect(() => encode('x'.repeat(3000))).toThrow('QR 内容过长')
})
