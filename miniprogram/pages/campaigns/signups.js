/**
 * 我的领取码: heat-relief sign-ups with their short pickup code; the QR for one of them rotates
 * like the member card's; a sign-up not yet picked up can be cancelled.
 */
const api = require('../../utils/api')
const { listPage, rotatingQrPage } = require('../../utils/behaviors')
const { confirmThenRun, toast, navigateTo } = require('../../utils/page')
const { formatRange } = require('../../utils/format')
const { labelOf } = require('../../utils/labels')

const STATUS_TAG = { signed_up: 'tag tag-ok', picked_up: 'tag', cancelled: 'tag' }

function signupView(signup) {
  const station = signup.station || {}
  const campaign = signup.campaign || {}
  return Object.assign({}, signup, {
    campaignName: campaign.name || '夏季送清凉',
    stationName: station.name || '',
    stationAddress: station.address || '',
    pickupWindow: formatRange(campaign.pickup_starts_at, campaign.pickup_ends_at),
    statusLabel: labelOf('signup_status', signup.status),
    statusTag: STATUS_TAG[signup.status] || 'tag',
    active: signup.status === 'signed_up',
    // The station closed after the sign-up: say what to do.
    stationClosed: signup.status === 'signed_up' && station.is_open === false,
  })
}

const list = listPage({ path: '/campaigns/signups/mine', toView: signupView })
const qr = rotatingQrPage({ canvasId: 'signupQr', tokenPath: page => `/campaigns/signups/${page.data.showingId}/qr` })

Component({
  behaviors: [list, qr],
  data: { showingId: 0, busyId: 0 },
  methods: {
    async onShow() {
      await this.reload()
      const shown = this.data.items.find(item => item.id === this.data.showingId)
      if (shown && shown.active) this.startQr()
      else if (this.data.showingId) this.hideQr() // picked up or cancelled meanwhile
    },
    showQr(e) {
      // Start once the canvas is on screen.
      this.setData({ showingId: e.currentTarget.dataset.id, qrError: '' }, () => this.startQr())
    },
    hideQr() {
      this.stopQr()
      this.setData({ showingId: 0, qrError: '' })
    },
    async cancel(e) {
      const id = e.currentTarget.dataset.id
      const cancelled = await confirmThenRun(this, id, '取消后名额将释放给其他职工，确定取消吗？', '取消报名',
        () => api.post(`/campaigns/signups/${id}/cancel`))
      if (!cancelled) return
      toast('已取消', 'success')
      if (id === this.data.showingId) this.hideQr()
      await this.reload()
    },
    openCampaigns() {
      navigateTo('/pages/campaigns/campaigns')
    },
  },
})
