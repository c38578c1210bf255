/**
 * Draws an encoded QR matrix on a mini-program canvas (CanvasContext API), with the 4-module
 * quiet zone scanners need. Dark runs in a row are merged into one rectangle.
 */
const { encode } = require('./qrcode')

const QUIET_ZONE = 4

function drawQr(ctx, matrix, sizePx) {
  const count = matrix.size + QUIET_ZONE * 2
  const cell = Math.max(1, Math.floor(sizePx / count))
  const offset = Math.floor((sizePx - cell * matrix.size) / 2)
  ctx.setFillStyle('#ffffff')
  ctx.fillRect(0, 0, sizePx, sizePx)
  ctx.setFillStyle('#000000')
  matrix.modules.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      if (!row[x]) { x++; continue }
      const start = x
      while (x < row.length && row[x]) x++
      ctx.fillRect(offset + start * cell, offset + y * cell, (x - start) * cell, cell)
    }
  })
  ctx.draw()
  return { cell, offset }
}

/** Encode `text` and draw it on the canvas `canvasId` owned by `component`. */
function drawText(component, canvasId, text, sizePx) {
  const ctx = wx.createCanvasContext(canvasId, component)
  return drawQr(ctx, encode(text), sizePx)
}

module.exports = { drawQr, drawText, QUIET_ZONE }
