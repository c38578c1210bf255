/**
 * Behaviours pages share. A page mixes them in with `behaviors: [...]`; WeChat merges their
 * data and methods (page lifecycle methods included) into the page.
 */
const api = require('./api')
const labels = require('./labels')
const { load } = require('./page')
const { createRotatingQr } = require('./rotating-qr')
const screen = require('./screen')

/**
 * Pull-to-refresh (its page json sets "enablePullDownRefresh": true): reload, then fold the
 * indicator away whether or not the reload worked (its error shows on the page).
 */
const pullToRefresh = Behavior({
  methods: {
    async onPullDownRefresh() {
      try {
        await this.reload()
      } finally {
        wx.stopPullDownRefresh()
      }
    },
  },
})

/**
 * A page that lists the worker's things from `path`: data.items (each passed through toView),
 * data.loading / data.loadError, reloaded every time the page shows. `params` may be a function.
 * toView runs once the labels are in (utils/labels.js), so it may use labelOf.
 */
function listPage({ path, toView, params }) {
  return Behavior({
    behaviors: [pullToRefresh],
    data: { items: [], loading: false, loadError: '' },
    methods: {
      onShow() {
        return this.reload()
      },
      async reload() {
        const query = typeof params === 'function' ? params() : params
        const result = await load(this, () => Promise.all([api.get(path, query), labels.ready()]).then(([r]) => r))
        if (result) this.setData({ items: result.items.map(toView) })
        return result
      },
    },
  })
}

const QR_SIZE_PX = 240

/**
 * A page showing a rotating QR on <canvas canvas-id="{{canvasId}}">: tokenPath(page) names the
 * endpoint that issues {token, expires_at}. The QR stops whenever the page hides or unloads.
 * With `brighten`, the screen stays on at full brightness while the QR runs (restored after).
 */
function rotatingQrPage({ canvasId, tokenPath, brighten = false }) {
  return Behavior({
    data: { qrSize: QR_SIZE_PX, qrError: '' },
    lifetimes: {
      attached() {
        this.rotatingQr = createRotatingQr({
          component: this,
          canvasId,
          sizePx: QR_SIZE_PX,
          fetchToken: () => api.get(tokenPath(this)),
          onChange: ({ error }) => this.setData({ qrError: error }),
        })
      },
      detached() {
        this.stopQr()
      },
    },
    methods: {
      startQr() {
        this.qrHidden = false
        this.rotatingQr.start()
        if (brighten) screen.brighten(this)
      },
      stopQr() {
        this.qrHidden = true
        this.rotatingQr.stop()
        if (brighten) screen.restore(this)
      },
      onHide() {
        this.stopQr()
      },
      onUnload() {
        this.stopQr()
      },
    },
  })
}

module.exports = { listPage, pullToRefresh, rotatingQrPage }
