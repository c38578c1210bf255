/**
 * 职工服务 mini-program: log in early so the first page's requests already carry a token, and
 * bring the stored labels up to date (a 304 when unchanged).
 */
const api = require('./utils/api')
const labels = require('./utils/labels')
const subscribe = require('./utils/subscribe')

App({
  onLaunch() {
    // Pages log in on demand too; a failure here is only a missed head start.
    api.ensureToken().catch(() => {})
    labels.refresh()
    // Which subscribe messages to ask for, ready before the first tap that asks.
    subscribe.prefetch()
  },
  /** Opened from a subscribe message (its page carries ?nid=<id>): that message is now read. */
  onShow(options) {
    const nid = Number(options && options.query && options.query.nid)
    if (nid) api.post(`/me/notifications/${nid}/read`).catch(() => {})
  },
})
