/**
 * Chinese labels for the API's codes, from GET /api/v1/labels: the very words the officer screen
 * shows, so the mini-program keeps no copy of its own. The last answer is kept in wx storage and
 * used at once; each launch revalidates it by ETag (refresh). Until a first copy has arrived, pages
 * wait for it (ready) and a code without a label is shown as it is.
 */
const api = require('./api')

const STORAGE_KEY = 'labels'

let inFlight = null

/** {kind: {code: label}} as last received, or {} before the first answer. */
function current() {
  const saved = wx.getStorageSync(STORAGE_KEY)
  return (saved && saved.labels) || {}
}

function hasLabels() {
  return Object.keys(current()).length > 0
}

function isPlainObject(value) {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

/** Only a well-formed answer replaces the stored copy. */
function isLabelMap(data) {
  return isPlainObject(data) && Object.keys(data).length > 0 &&
    Object.keys(data).every(kind => isPlainObject(data[kind]) &&
      Object.keys(data[kind]).every(code => typeof data[kind][code] === 'string'))
}

function headerValue(header, name) {
  const key = Object.keys(header || {}).find(k => k.toLowerCase() === name)
  return key ? header[key] : ''
}

/**
 * Ask the server for the labels (with the stored copy's ETag, so an unchanged set costs a 304).
 * Never rejects: offline, the stored copy (or the bare codes) stays in use. Callers share one request.
 */
function refresh() {
  if (!inFlight) {
    const saved = wx.getStorageSync(STORAGE_KEY)
    const etag = saved && saved.labels ? saved.etag : ''
    inFlight = api.getPublic('/labels', etag ? { 'If-None-Match': etag } : {})
      .then(res => {
        if (res.statusCode === 200 && isLabelMap(res.data)) {
          wx.setStorageSync(STORAGE_KEY, { etag: headerValue(res.header, 'etag'), labels: res.data })
        }
      })
      .catch(() => {})
      .then(() => {
        inFlight = null
        return current()
      })
  }
  return inFlight
}

/** Resolves with the labels: at once when a copy is stored, else once the first answer is in. */
function ready() {
  return hasLabels() ? Promise.resolve(current()) : refresh()
}

/** The Chinese for `code` of `kind` (e.g. 'occupation', 'food_delivery'); unknown codes as they are. */
function labelOf(kind, code) {
  const labels = current()[kind] || {}
  return labels[code] || code || ''
}

/** [{value, label}] of a kind, in the server's order: what a picker or radio group offers. */
function options(kind) {
  const labels = current()[kind] || {}
  return Object.keys(labels).map(value => ({ value, label: labels[value] }))
}

module.exports = { ready, refresh, current, labelOf, options, STORAGE_KEY }
