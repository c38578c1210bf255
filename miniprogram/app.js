/**
 * 职工服务 mini-program: log in early so the first page's requests already carry a token, and
 * bring the stored labels up to date (a 304 when unchanged).
 */
const api = require('./utils/api')
const labels = require('./utils/labels')

App({
  onLaunch() {
    // Pages log in on demand too; a failure here is only a missed head start.
    api.ensureToken().catch(() => {})
    labels.refresh()
  },
})
