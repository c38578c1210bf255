/** Read QR codes back with an independent decoder (jsQR), from a matrix or from canvas drawing. */
const jsQR = require('jsqr')

function blankImage(width) {
  return new Uint8ClampedArray(width * width * 4).fill(255)
}

function paint(pixels, width, x0, y0, w, h) {
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * width + x) * 4
      pixels[i] = 0
      pixels[i + 1] = 0
      pixels[i + 2] = 0
    }
  }
}

function decodePixels(pixels, width) {
  const result = jsQR(pixels, width, width)
  return result ? result.data : null
}

/** Decode a module matrix, drawn at `scale` px per module with a 4-module quiet zone. */
function decodeMatrix(modules, scale = 4) {
  const width = (modules.length + 8) * scale
  const pixels = blankImage(width)
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) paint(pixels, width, (x + 4) * scale, (y + 4) * scale, scale, scale)
  }))
  return decodePixels(pixels, width)
}

/** Decode what the page drew on a recorded canvas context (see fake-wx.js). */
function decodeCanvas(ctx, sizePx) {
  const pixels = blankImage(sizePx)
  ctx.rects.filter(r => r.color === '#000000').forEach(r => paint(pixels, sizePx, r.x, r.y, r.w, r.h))
  return decodePixels(pixels, sizePx)
}

/** The last drawing made on canvas `canvasId`, decoded. */
function lastQrOn(canvasId, sizePx = 240) {
  const drawn = fake.canvas.contexts.filter(ctx => ctx.canvasId === canvasId && ctx.drawn > 0)
  return drawn.length ? decodeCanvas(drawn[drawn.length - 1], sizePx) : null
}

module.exports = { decodeMatrix, decodeCanvas, lastQrOn }
