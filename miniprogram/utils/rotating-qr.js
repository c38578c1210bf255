/**
 * A QR code that keeps itself valid: the server's tokens live at most 60 s, so a fresh one is
 * fetched and redrawn every 50 s. stop() must be called when the page hides or unloads.
 */
const { drawText } = require('./qr-canvas')

const REFRESH_MS = 50 * 1000
// After a failed refresh the old token may still be good for a few seconds: try again soon.
const RETRY_MS = 10 * 1000

/**
 * options: component, canvasId, sizePx, fetchToken() → Promise<{token, expires_at}>,
 * onChange({token, expiresAt, error}) to reflect the state in the page.
 */
function createRotatingQr(options) {
  let timer = null
  let generation = 0

  function clearTimer() {
    if (timer) clearTimeout(timer)
    timer = null
  }

  async function refresh(gen) {
    timer = null
    let ok = false
    try {
      const result = await options.fetchToken()
      if (gen !== generation) return // stopped or restarted while the request was in flight
      drawText(options.component, options.canvasId, result.token, options.sizePx)
      options.onChange({ token: result.token, expiresAt: result.expires_at, error: '' })
      ok = true
    } catch (err) {
      if (gen !== generation) return
      options.onChange({ token: '', expiresAt: '', error: err.message || '二维码获取失败' })
    }
    timer = setTimeout(() => refresh(gen), ok ? REFRESH_MS : RETRY_MS)
  }

  return {
    start() {
      clearTimer()
      generation += 1
      return refresh(generation)
    },
    stop() {
      generation += 1
      clearTimer()
    },
    isRunning() {
      return timer !== null
    },
  }
}

module.exports = { createRotatingQr, REFRESH_MS, RETRY_MS }
