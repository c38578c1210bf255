/** 职工服务 mini-program: log in early so the first page's requests already carry a token. */
const api = require('./utils/api')

App({
  onLaunch() {
    // Pages log in on demand too; a failure here is only a missed head start.
    api.ensureToken().catch(() => {})
  },
})
