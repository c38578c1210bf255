/**
 * 选择驿站: heat-relief stations for one campaign, nearest first when the worker shares their
 * location (otherwise — privacy or location refused — in the server's default order), navigating to one
 * (wx.openLocation), calling it (wx.makePhoneCall, when it has a phone), and signing up at an open one for a pickup code.
 */
const api = require('../../utils/api')
const { load, confirm, showError, submitOnce, navigateTo } = require('../../utils/page')
const { formatDistance } = require('../../utils/format')
const subscribe = require('../../utils/subscribe')
const privacy = require('../../utils/privacy')
const { pullToRefresh } = require('../../utils/behaviors')

/** The worker's position, or null: privacy not agreed (refused in the pop-up), location refused or unavailable. */
async function locate() {
  if (!(await privacy.ensure())) return null
  return new Promise(resolve => {
    wx.getLocation({
      type: 'gcj02',
      success: res => resolve({ lat: res.latitude, lng: res.longitude }),
      fail: () => resolve(null), // refused or unavailable: list without distances
    })
  })
}

function stationView(station) {
  const outOfStock = station.stock_left <= 0
  return Object.assign({}, station, {
    distanceLabel: formatDistance(station.distance_m),
    stockLabel: outOfStock ? '已领完' : `剩余${station.stock_left}份`,
    openLabel: station.is_open ? '营业中' : '暂停服务',
    // a station the union closed takes no sign-ups (the server refuses them too)
    available: !outOfStock && station.is_open !== false,
    closed: station.is_open === false,
    canNavigate: typeof station.latitude === 'number' && typeof station.longitude === 'number',
    canCall: Boolean(station.phone), // phone is null when the union left it out
  })
}

/** Nearest first. The server already orders by distance; this keeps it so if it ever doesn't. */
function nearestFirst(stations) {
  const measured = stations.every(s => typeof s.distance_m === 'number')
  return measured ? stations.slice().sort((a, b) => a.distance_m - b.distance_m) : stations
}

Component({
  behaviors: [pullToRefresh],
  data: {
    campaignId: 0,
    campaignName: '',
    stations: [],
    located: true,
    loading: false,
    loadError: '',
    submitting: false,
    signup: null,
  },
  methods: {
    async onLoad(options) {
      this.setData({
        campaignId: Number(options.campaign_id),
        campaignName: options.name ? decodeURIComponent(options.name) : '',
      })
      this.position = await locate()
      this.setData({ located: Boolean(this.position) })
      return this.reload()
    },
    async reload() {
      const params = this.position || {}
      const result = await load(this, () => api.get(`/campaigns/${this.data.campaignId}/stations`, params))
      if (result) this.setData({ stations: nearestFirst(result.items).map(stationView) })
    },
    async signUp(e) {
      const station = this.data.stations.find(s => s.id === e.currentTarget.dataset.id)
      if (!station || !station.available || this.data.submitting) return
      if (!(await confirm(`确定到「${station.name}」领取清凉包吗？`, '确认领取驿站'))) return
      // Straight from the confirmation tap: the pickup code, the first-day reminder, a closed station.
      await subscribe.ask('signup')
      await submitOnce(this, async () => {
        try {
          const signup = await api.post(`/campaigns/${this.data.campaignId}/signups`, { station_id: station.id })
          const stationName = signup.station && signup.station.name ? signup.station.name : station.name
          this.setData({ signup: Object.assign({}, signup, { stationName }) })
        } catch (err) {
          showError(err)
          if (err.status === 409) await this.reload() // stock has moved on: show the fresh numbers
        }
      })
    },
    /** 导航: WeChat's map with the station pinned, from which the worker picks a navigation app. */
    navigate(e) {
      const station = this.data.stations.find(s => s.id === e.currentTarget.dataset.id)
      if (!station || !station.canNavigate) return
      wx.openLocation({
        latitude: station.latitude, longitude: station.longitude, name: station.name, address: station.address, scale: 16,
      })
    },
    /** 电话: the station's number, dialled by the phone after the worker confirms in WeChat's sheet. */
    call(e) {
      const station = this.data.stations.find(s => s.id === e.currentTarget.dataset.id)
      if (!station || !station.canCall) return
      wx.makePhoneCall({ phoneNumber: station.phone, fail: () => {} }) // cancelling is not an error
    },
    openSignups() {
      navigateTo('/pages/campaigns/signups')
    },
  },
})
