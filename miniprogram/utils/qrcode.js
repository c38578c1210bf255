/**
 * A small, self-contained QR Code encoder (ISO/IEC 18004, byte mode, versions 1–40), written for
 * this project so the rotating card and pickup tokens can be drawn offline on a canvas.
 * encode(text, { ecl: 'M' }) → { version, size, modules } where modules[row][col] is true = dark.
 */

// Per error-correction level, indexed by version (index 0 unused). Values from the standard.
const ECC_CODEWORDS_PER_BLOCK = {
  L: [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  M: [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  Q: [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  H: [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
}
const ECC_BLOCKS = {
  L: [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
}
const ECL_FORMAT_BITS = { L: 1, M: 0, Q: 3, H: 2 }
const BYTE_MODE = 0x4

function utf8Bytes(text) {
  const bytes = []
  for (const ch of String(text)) {
    const cp = ch.codePointAt(0)
    if (cp < 0x80) bytes.push(cp)
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return bytes
}

/** Modules left for data + error correction once the function patterns are placed. */
function rawDataModules(version) {
  let result = (16 * version + 128) * version + 64
  if (version >= 2) {
    const numAlign = Math.floor(version / 7) + 2
    result -= (25 * numAlign - 10) * numAlign - 55
    if (version >= 7) result -= 36
  }
  return result
}

function dataCodewords(version, ecl) {
  return Math.floor(rawDataModules(version) / 8) -
    ECC_CODEWORDS_PER_BLOCK[ecl][version] * ECC_BLOCKS[ecl][version]
}

// --- Reed–Solomon over GF(2^8) with the QR polynomial 0x11D ---------------------------------
function gfMultiply(x, y) {
  let z = 0
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d)
    z ^= ((y >>> i) & 1) * x
  }
  return z
}

function rsDivisor(degree) {
  const result = new Array(degree).fill(0)
  result[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root)
      if (j + 1 < degree) result[j] ^= result[j + 1]
    }
    root = gfMultiply(root, 0x02)
  }
  return result
}

function rsRemainder(data, divisor) {
  const result = new Array(divisor.length).fill(0)
  data.forEach(byte => {
    const factor = byte ^ result.shift()
    result.push(0)
    divisor.forEach((coef, i) => { result[i] ^= gfMultiply(coef, factor) })
  })
  return result
}

// --- Data codewords -------------------------------------------------------------------------
function chooseVersion(byteCount, ecl) {
  for (let version = 1; version <= 40; version++) {
    const countBits = version < 10 ? 8 : 16
    if (4 + countBits + byteCount * 8 <= dataCodewords(version, ecl) * 8) return version
  }
  throw new Error('QR 内容过长')
}

function buildDataCodewords(bytes, version, ecl) {
  const bits = []
  const append = (value, length) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
  }
  const capacityBits = dataCodewords(version, ecl) * 8
  append(BYTE_MODE, 4)
  append(bytes.length, version < 10 ? 8 : 16)
  bytes.forEach(b => append(b, 8))
  append(0, Math.min(4, capacityBits - bits.length))
  append(0, (8 - (bits.length % 8)) % 8)
  for (let pad = 0xec; bits.length < capacityBits; pad ^= 0xec ^ 0x11) append(pad, 8)
  const codewords = []
  for (let i = 0; i < bits.length; i += 8) {
    codewords.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0))
  }
  return codewords
}

/** Split into blocks, add error correction to each, and interleave as the standard requires. */
function addErrorCorrection(data, version, ecl) {
  const numBlocks = ECC_BLOCKS[ecl][version]
  const eccLen = ECC_CODEWORDS_PER_BLOCK[ecl][version]
  const rawCodewords = Math.floor(rawDataModules(version) / 8)
  const numShortBlocks = numBlocks - (rawCodewords % numBlocks)
  const shortBlockLen = Math.floor(rawCodewords / numBlocks)
  const divisor = rsDivisor(eccLen)
  const blocks = []
  for (let i = 0, k = 0; i < numBlocks; i++) {
    const dat = data.slice(k, k + shortBlockLen - eccLen + (i < numShortBlocks ? 0 : 1))
    k += dat.length
    const ecc = rsRemainder(dat, divisor)
    if (i < numShortBlocks) dat.push(0) // placeholder so all blocks line up; skipped below
    blocks.push(dat.concat(ecc))
  }
  const result = []
  for (let i = 0; i < blocks[0].length; i++) {
    blocks.forEach((block, j) => {
      if (i !== shortBlockLen - eccLen || j >= numShortBlocks) result.push(block[i])
    })
  }
  return result
}

// --- The matrix -----------------------------------------------------------------------------
function alignmentPositions(version, size) {
  if (version === 1) return []
  const numAlign = Math.floor(version / 7) + 2
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (numAlign * 2 - 2)) * 2
  const result = [6]
  for (let pos = size - 7; result.length < numAlign; pos -= step) result.splice(1, 0, pos)
  return result
}

function createGrid(size) {
  const grid = () => Array.from({ length: size }, () => new Array(size).fill(false))
  const modules = grid()
  const isFunction = grid()
  const set = (x, y, dark) => { modules[y][x] = dark; isFunction[y][x] = true }
  return { size, modules, isFunction, set }
}

function drawFinder(grid, cx, cy) {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const x = cx + dx
      const y = cy + dy
      const dist = Math.max(Math.abs(dx), Math.abs(dy))
      if (x >= 0 && x < grid.size && y >= 0 && y < grid.size) grid.set(x, y, dist !== 2 && dist !== 4)
    }
  }
}

function drawFormatBits(grid, ecl, mask) {
  const data = (ECL_FORMAT_BITS[ecl] << 3) | mask
  let rem = data
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
  const bits = ((data << 10) | rem) ^ 0x5412
  const bit = i => ((bits >>> i) & 1) === 1
  const { size, set } = grid
  for (let i = 0; i <= 5; i++) set(8, i, bit(i))
  set(8, 7, bit(6))
  set(8, 8, bit(7))
  set(7, 8, bit(8))
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i))
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i))
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i))
  set(8, size - 8, true) // the always-dark module
}

function drawVersionBits(grid, version) {
  if (version < 7) return
  let rem = version
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
  const bits = (version << 12) | rem
  for (let i = 0; i < 18; i++) {
    const dark = ((bits >>> i) & 1) === 1
    const a = grid.size - 11 + (i % 3)
    const b = Math.floor(i / 3)
    grid.set(a, b, dark)
    grid.set(b, a, dark)
  }
}

function drawFunctionPatterns(grid, version, ecl) {
  const { size, set } = grid
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0)
    set(i, 6, i % 2 === 0)
  }
  drawFinder(grid, 3, 3)
  drawFinder(grid, size - 4, 3)
  drawFinder(grid, 3, size - 4)
  const positions = alignmentPositions(version, size)
  const last = positions.length - 1
  positions.forEach((cx, i) => positions.forEach((cy, j) => {
    const overlapsFinder = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)
    if (overlapsFinder) return
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
    }
  }))
  drawFormatBits(grid, ecl, 0) // reserves the format area; redrawn once the mask is chosen
  drawVersionBits(grid, version)
}

function drawCodewords(grid, codewords) {
  const { size, modules, isFunction } = grid
  let i = 0
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5 // skip the vertical timing column
    const upward = ((right + 1) & 2) === 0
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j
        const y = upward ? size - 1 - vert : vert
        if (!isFunction[y][x] && i < codewords.length * 8) {
          modules[y][x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1
          i++
        }
      }
    }
  }
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  x => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
]

/** Masking is its own inverse: applying the same mask twice restores the data. */
function applyMask(grid, mask) {
  const { size, modules, isFunction } = grid
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!isFunction[y][x] && MASKS[mask](x, y)) modules[y][x] = !modules[y][x]
    }
  }
}

const FINDER_LIKE = ['10111010000', '00001011101']

/** The standard's four penalty rules; the mask with the lowest score is used. */
function penalty(modules) {
  const size = modules.length
  const lines = []
  for (let i = 0; i < size; i++) {
    lines.push(modules[i].map(d => (d ? '1' : '0')).join(''))
    lines.push(modules.map(row => (row[i] ? '1' : '0')).join(''))
  }
  let score = 0
  lines.forEach(line => {
    (line.match(/0{5,}|1{5,}/g) || []).forEach(run => { score += run.length - 2 })
    FINDER_LIKE.forEach(pattern => {
      for (let at = line.indexOf(pattern); at !== -1; at = line.indexOf(pattern, at + 1)) score += 40
    })
  })
  let dark = 0
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (modules[y][x]) dark++
      if (y + 1 < size && x + 1 < size) {
        const c = modules[y][x]
        if (c === modules[y][x + 1] && c === modules[y + 1][x] && c === modules[y + 1][x + 1]) score += 3
      }
    }
  }
  const total = size * size
  score += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10
  return score
}

function encode(text, options) {
  const ecl = (options && options.ecl) || 'M'
  if (!ECC_BLOCKS[ecl]) throw new Error(`unknown error correction level ${ecl}`)
  const bytes = utf8Bytes(text)
  const version = chooseVersion(bytes.length, ecl)
  const codewords = addErrorCorrection(buildDataCodewords(bytes, version, ecl), version, ecl)
  const grid = createGrid(version * 4 + 17)
  drawFunctionPatterns(grid, version, ecl)
  drawCodewords(grid, codewords)
  let bestMask = 0
  let bestScore = Infinity
  for (let mask = 0; mask < 8; mask++) {
    applyMask(grid, mask)
    drawFormatBits(grid, ecl, mask)
    const score = penalty(grid.modules)
    if (score < bestScore) {
      bestScore = score
      bestMask = mask
    }
    applyMask(grid, mask)
  }
  applyMask(grid, bestMask)
  drawFormatBits(grid, ecl, bestMask)
  return { version, size: grid.size, modules: grid.modules }
}

module.exports = { encode }
