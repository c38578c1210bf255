/**
 * 会员服务卡: the member's card with a QR that station staff scan. The QR token rotates every
 * 50 s while the page is visible and stops as soon as it is hidden or closed; meanwhile the screen
 * stays on at full brightness for the scanner, and is put back as it was after.
 */
const api = require('../../utils/api')
const { rotatingQrPage } = require('../../utils/behaviors')
const { navigateTo } = require('../../utils/page')
const { formatDate } = require('../../utils/format')
const labels = require('../../utils/labels')
const validate = require('../../utils/validate')

function cardView(card) {
  return Object.assign({}, card, {
    orgName: card.org ? card.org.name : '',
    joinedAt: formatDate(card.joined_at),
    statusLabel: labels.labelOf('member_status', card.status),
    isActive: !card.status || card.status === 'active',
  })
}

Component({
  behaviors: [rotatingQrPage({ canvasId: 'cardQr', tokenPath: () => '/membership/card/qr', brighten: true })],
  data: { card: null, loading: false, loadError: '', notMember: false, claimId: '', claimError: '', claiming: false },
  methods: {
    async onShow() {
      this.qrHidden = false
      if (!this.data.card) await this.loadCard()
      // The page may have been hidden while the card was loading: then no QR loop starts.
      if (!this.qrHidden && this.data.card && this.data.card.isActive) this.startQr()
    },
    async loadCard() {
      this.setData({ loading: true, loadError: '', notMember: false })
      try {
        const [card] = await Promise.all([api.get('/membership/card'), labels.ready()])
        this.setData({ card: cardView(card) })
      } catch (err) {
        if (err.status === 404) this.setData({ notMember: true })
        else this.setData({ loadError: err.message })
      } finally {
        this.setData({ loading: false })
      }
    },
    retry() {
      return this.onShow()
    },
    onClaimInput(e) {
      this.setData({ claimId: e.detail.value, claimError: '' })
    },
    /** A member the union imported from its roster claims the membership with their ID number. */
    async claim() {
      const problem = validate.idNumberError(this.data.claimId)
      if (problem) {
        this.setData({ claimError: problem })
        return
      }
      this.setData({ claiming: true, claimError: '' })
      try {
        await api.post('/membership/claim', { id_number: validate.normalizeIdNumber(this.data.claimId) })
        this.setData({ claimId: '' })
        await this.onShow()
      } catch (err) {
        this.setData({ claimError: err.message })
      } finally {
        this.setData({ claiming: false })
      }
    },
    openJoin() {
      navigateTo('/pages/membership/join')
    },
    openTransfer() {
      navigateTo('/pages/membership/transfer')
    },
  },
})
