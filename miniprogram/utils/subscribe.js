/**
 * WeChat subscribe messages: which templates to ask for at each moment (apply, transfer, book,
 * signup), asking with wx.requestSubscribeMessage, and reporting the answer to the server, which
 * sends one message per "accept". The catalogue is fetched at launch and kept in storage, because
 * WeChat only lets requestSubscribeMessage run straight from the worker's tap, not after a network
 * round trip.
 */
const api = require('./api')

const ANSWERS = ['accept', 'reject', 'ban', 'filter']
const CATALOGUE_KEY = 'subscribe_catalogue'

/** Fetch the template catalogue ahead of any tap (at launch); a failure only means we will not ask. */
function prefetch() {
  return api.get('/notifications/templates').then(result => {
    wx.setStorageSync(CATALOGUE_KEY, result)
    return result
  }, () => null)
}

function report(ids, answer) {
  const results = {}
  ids.forEach(id => {
    if (ANSWERS.indexOf(answer[id]) >= 0) results[id] = answer[id]
  })
  if (!Object.keys(results).length) return Promise.resolve({})
  // Reported before the request it precedes, so the server holds the acceptance when it sends.
  return api.post('/notifications/subscriptions', { results }).then(() => results, () => results)
}

/**
 * Ask for the moment's templates (call this first thing in the tap handler) and report the answer.
 * Resolves with what was reported ({} when nothing was asked or the worker closed the dialog);
 * it never rejects: messages are a courtesy, the inbox has everything anyway.
 */
function ask(moment) {
  const catalogue = wx.getStorageSync(CATALOGUE_KEY)
  const ids = (catalogue && catalogue.moments && catalogue.moments[moment]) || []
  if (!ids.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve({})
  return new Promise(resolve => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: answer => resolve(report(ids, answer)),
      fail: () => resolve({}),
    })
  })
}

module.exports = { prefetch, ask, CATALOGUE_KEY }
