/**
 * 我的 (tab): who I am — masked, never the full ID number or phone — my messages, applications,
 * bookings and sign-ups, my data and rights (the privacy page), and 工作人员绑定 for station staff.
 */
const api = require('../../utils/api')
const labels = require('../../utils/labels')
const { load, navigateTo } = require('../../utils/page')
const { pullToRefresh } = require('../../utils/behaviors')
const { unreadCount } = require('../../utils/unread')

function profileView(me) {
  const membership = me.membership || {}
  return {
    nickname: me.nickname || '职工朋友',
    phone: me.phone_masked || '未绑定',
    idNumber: membership.id_number_masked || '未提交',
    statusLabel: labels.labelOf('membership_status', membership.status || 'none'),
    isMember: membership.status === 'member',
    orgName: membership.org_name || '',
    memberNo: membership.member_no || '',
    isStationStaff: Boolean(me.is_station_staff),
  }
}

Component({
  behaviors: [pullToRefresh],
  data: { profile: null, unreadCount: 0, loading: false, loadError: '' },
  methods: {
    onShow() {
      return this.reload()
    },
    async reload() {
      unreadCount().then(count => this.setData({ unreadCount: count }))
      const me = await load(this, () => Promise.all([api.get('/me'), labels.ready()]).then(([found]) => found))
      if (me) this.setData({ profile: profileView(me) })
    },
    openLink(e) {
      navigateTo(e.currentTarget.dataset.url)
    },
  },
})
