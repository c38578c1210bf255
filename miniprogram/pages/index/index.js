/** Home (tab): membership status at a glance, the four services and the 消息 badge. */
const api = require('../../utils/api')
const { load, confirm, navigateTo } = require('../../utils/page')
const labels = require('../../utils/labels')
const { pullToRefresh } = require('../../utils/behaviors')
const { unreadCount } = require('../../utils/unread')
const staff = require('../../utils/staff')

const STATUS_TAG = { none: 'tag', pending: 'tag tag-warn', rejected: 'tag tag-bad', member: 'tag tag-ok' }

Component({
  behaviors: [pullToRefresh],
  data: { me: null, statusLabel: '', statusTag: 'tag', loading: false, loadError: '', unreadCount: 0,
    staffMode: false },
  methods: {
    onShow() {
      return this.reload()
    },
    reload() {
      this.loadUnread()
      return this.loadMe()
    },
    async loadUnread() {
      this.setData({ unreadCount: await unreadCount() })
    },
    async loadMe() {
      const me = await load(this, () => Promise.all([api.get('/me'), labels.ready()]).then(([found]) => found))
      if (!me) return
      const status = (me.membership && me.membership.status) || 'none'
      this.setData({ me, statusLabel: labels.labelOf('membership_status', status), statusTag: STATUS_TAG[status] || 'tag' })
      await this.loadStaffMode(me)
    },
    /**
     * 工作人员模式 is offered only to a bound WeChat user. /me flags bound station staff; an office
     * account bound on this phone is confirmed by /staff/me (200, or 403 when no longer bound).
     */
    async loadStaffMode(me) {
      let bound = Boolean(me.is_station_staff)
      if (!bound && staff.mayBeBound()) {
        try {
          bound = Boolean(await staff.staffProfile())
        } catch (err) {
          bound = false
        }
      }
      this.setData({ staffMode: bound })
    },
    membershipStatus() {
      const me = this.data.me
      return (me && me.membership && me.membership.status) || 'none'
    },
    openJoin() {
      // Someone already applied or already a member goes where their membership is.
      const status = this.membershipStatus()
      if (status === 'member') navigateTo('/pages/membership/card')
      else if (status === 'pending' || status === 'rejected') navigateTo('/pages/membership/applications')
      else navigateTo('/pages/membership/join')
    },
    async openCard() {
      if (this.membershipStatus() === 'member') {
        navigateTo('/pages/membership/card')
        return
      }
      if (await confirm('会员服务卡在入会审核通过后发放。现在申请入会吗？', '您还不是工会会员')) {
        this.openJoin()
      }
    },
    openLink(e) {
      navigateTo(e.currentTarget.dataset.url)
    },
  },
})
