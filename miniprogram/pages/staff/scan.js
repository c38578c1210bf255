/**
 * 工作人员模式: scan a member card (verified by the server, or on the phone when offline) or a
 * heat-relief pickup (redeemed by the server only), or type a pickup's short code; each result fills
 * the screen. The heading shows the station's figures for today; pull down to refresh them. Opened
 * without a network by a user bound before, the page still scans (cards are checked offline).
 */
const staff = require('../../utils/staff')
const { SHORT_CODE } = require('../../utils/qr-token')
const { load, submitOnce, toast, navigateTo } = require('../../utils/page')
const { pullToRefresh } = require('../../utils/behaviors')

function profileView(profile) {
  const station = profile.station
  return {
    roleLabel: profile.role_label || '',
    stationName: station ? station.name : '',
    campaignName: profile.campaign ? profile.campaign.name : '',
    redeemedToday: typeof profile.redeemed_today === 'number' ? profile.redeemed_today : 0,
    stockLeft: typeof profile.stock_left === 'number' ? profile.stock_left : 0,
    hasStation: Boolean(station),
  }
}

Component({
  behaviors: [pullToRefresh],
  data: {
    loading: false, loadError: '', notStaff: false, profile: null, scanWithoutServer: false,
    shortCode: '', shortCodeError: '', result: null, submitting: false,
  },
  methods: {
    onShow() {
      staff.refreshPublicKey()
      return this.reload()
    },
    async reload() {
      const profile = await load(this, () => staff.staffProfile())
      if (this.data.loadError) {
        // Bound before and now offline (or the server is down): cards can still be checked here.
        this.setData({ scanWithoutServer: staff.mayBeBound() })
        return
      }
      this.setData({ notStaff: !profile, profile: profile ? profileView(profile) : null, scanWithoutServer: false })
    },
    scan() {
      if (this.data.submitting) return
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: res => this.check(() => staff.checkScanned(res.result)),
        fail: err => {
          if (!/cancel/.test((err && err.errMsg) || '')) toast('未能打开摄像头扫码，请检查相机权限后重试')
        },
      })
    },
    onShortCodeInput(e) {
      this.setData({ shortCode: String(e.detail.value || '').toUpperCase(), shortCodeError: '' })
    },
    redeemShortCode() {
      const shortCode = this.data.shortCode.trim()
      if (!SHORT_CODE.test(shortCode)) {
        this.setData({ shortCodeError: '请输入职工出示的6位领取码（数字和字母）' })
        return undefined
      }
      return this.check(() => staff.redeemPickup({ short_code: shortCode }))
    },
    /** Run one check at a time and show what it gave. */
    check(task) {
      return submitOnce(this, async () => {
        const result = await task()
        this.setData({ result })
        wx.vibrateShort({ type: result.ok ? 'medium' : 'heavy' })
        if (result.ok && result.kind === 'pickup') {
          this.setData({ shortCode: '' })
          this.reload()
        }
        return result
      })
    },
    retry() {
      const body = this.data.result && this.data.result.retry
      if (body) this.check(() => staff.redeemPickup(body))
    },
    closeResult() {
      this.setData({ result: null })
    },
    scanAgain() {
      this.closeResult()
      this.scan()
    },
    openBind() {
      navigateTo('/pages/staff/bind')
    },
  },
})
