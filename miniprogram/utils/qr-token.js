/**
 * The backend's signed QR tokens: `base64url(payload JSON {k, s, iat, exp}).base64url(signature)`,
 * Ed25519 over the first part (see GET /api/v1/cards/public-key). `k` is "card" for a member card
 * and "pickup" for a heat-relief pickup; a scanned 6-character text is a pickup short code.
 */
const nacl = require('./vendor/tweetnacl/nacl-fast.min.js')

const SHORT_CODE = /^[2-9A-HJ-NP-Z]{6}$/ // the backend's alphabet: no 0/O/1/I
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** base64url (unpadded) → Uint8Array; null when it is not base64url. */
function decodeBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let value = 0
  let index = 0
  for (let i = 0; i < text.length; i++) {
    value = (value << 6) | B64URL.indexOf(text[i])
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[index++] = (value >> bits) & 0xff
    }
  }
  return bytes
}

function asciiOf(bytes) {
  let text = ''
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i])
  return text
}

/** The token's two parts and its payload, or null when it is not shaped like one of ours. */
function parseToken(token) {
  const parts = String(token || '').trim().split('.')
  if (parts.length !== 2) return null
  const body = decodeBase64Url(parts[0])
  const signature = decodeBase64Url(parts[1])
  if (!body || !signature) return null
  let payload
  try {
    // The backend writes the payload with Python's json.dumps, which keeps it ASCII.
    payload = JSON.parse(asciiOf(body))
  } catch (err) {
    return null
  }
  if (!payload || typeof payload !== 'object' || typeof payload.exp !== 'number') return null
  return { body: parts[0], signature, payload }
}

/** What a scanned text is: {kind: 'card' | 'pickup', token} or {kind: 'short_code', shortCode}, or null. */
function classifyScan(text) {
  const trimmed = String(text || '').trim()
  if (SHORT_CODE.test(trimmed.toUpperCase())) return { kind: 'short_code', shortCode: trimmed.toUpperCase() }
  const parsed = parseToken(trimmed)
  if (parsed && (parsed.payload.k === 'card' || parsed.payload.k === 'pickup')) {
    return { kind: parsed.payload.k, token: trimmed }
  }
  return null
}

/**
 * Check a card token on the phone: 'valid' (signature and expiry hold; revocation is unknown
 * offline), 'forged' (not signed by `publicKeyRaw`, or not a card) or 'expired'. `nowMs` is the
 * phone's clock.
 */
function verifyCardOffline(token, publicKeyRaw, nowMs) {
  const parsed = parseToken(token)
  const key = decodeBase64Url(publicKeyRaw)
  if (!parsed || !key || key.length !== nacl.sign.publicKeyLength ||
      parsed.signature.length !== nacl.sign.signatureLength) return { result: 'forged' }
  const message = new Uint8Array(parsed.body.length)
  for (let i = 0; i < parsed.body.length; i++) message[i] = parsed.body.charCodeAt(i)
  if (!nacl.sign.detached.verify(message, parsed.signature, key) || parsed.payload.k !== 'card') {
    return { result: 'forged' }
  }
  if (nowMs / 1000 > parsed.payload.exp) return { result: 'expired', payload: parsed.payload }
  return { result: 'valid', payload: parsed.payload }
}

module.exports = { classifyScan, verifyCardOffline, decodeBase64Url, SHORT_CODE }
