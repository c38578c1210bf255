/**
 * QR codes for the rotating card and pickup tokens, drawn offline on a canvas: the kept library
 * qrcode-generator (MIT, miniprogram_npm/qrcode-generator — see scripts/vendor-npm.js), in byte
 * mode with UTF-8 and error correction M, the smallest version that fits.
 * encode(text, { ecl: 'M' }) → { version, size, modules } where modules[row][col] is true = dark.
 */
const qrcode = require('qrcode-generator')

// Byte mode carries UTF-8 (the library's default keeps only the low byte of each character).
qrcode.stringToBytes = qrcode.stringToBytesFuncs['UTF-8']

function encode(text, options) {
  const qr = qrcode(0, (options && options.ecl) || 'M') // 0: the smallest version that fits
  try {
    qr.addData(String(text), 'Byte')
    qr.make()
  } catch (err) {
    // the library throws a string ('code length overflow …') when no version can hold the text
    throw new Error('QR 内容过长，无法生成二维码')
  }
  const size = qr.getModuleCount()
  const modules = []
  for (let row = 0; row < size; row++) {
    const line = []
    for (let col = 0; col < size; col++) line.push(qr.isDark(row, col))
    modules.push(line)
  }
  return { version: (size - 17) / 4, size, modules }
}

module.exports = { encode }
