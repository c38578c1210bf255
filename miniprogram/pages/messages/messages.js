/**
 * 消息: the worker's inbox — every decision and reminder, newest first, unread ones marked; tapping
 * one marks it read and opens the page it is about. A subscribe message opens this page (or the
 * page it is about) with ?nid=<id>, which marks that one read.
 */
const api = require('../../utils/api')
const { load, showError, navigateTo } = require('../../utils/page')
const { formatDateTime } = require('../../utils/format')
const { pullToRefresh } = require('../../utils/behaviors')

const PER_PAGE = 50

function messageView(item) {
  return Object.assign({}, item, { when: formatDateTime(item.created_at) })
}

Component({
  behaviors: [pullToRefresh],
  data: { items: [], unreadCount: 0, total: 0, loading: false, loadError: '', busy: false },
  methods: {
    async onLoad(options) {
      const nid = Number(options && options.nid)
      if (nid) await api.post(`/me/notifications/${nid}/read`).catch(() => {})
    },
    onShow() {
      return this.reload()
    },
    async reload() {
      const result = await load(this, () => api.get('/me/notifications', { per_page: PER_PAGE }))
      if (result) {
        this.setData({ items: result.items.map(messageView), unreadCount: result.unread_count, total: result.total })
      }
      return result
    },
    async open(e) {
      const item = this.data.items.find(m => m.id === e.currentTarget.dataset.id)
      if (!item) return
      if (!item.read) {
        try {
          await api.post(`/me/notifications/${item.id}/read`)
          const index = this.data.items.indexOf(item)
          this.setData({ [`items[${index}].read`]: true, unreadCount: Math.max(this.data.unreadCount - 1, 0) })
        } catch (err) {
          showError(err)
          return
        }
      }
      if (item.page) navigateTo(`/${item.page}`)
    },
    async readAll() {
      if (this.data.busy || !this.data.unreadCount) return
      this.setData({ busy: true })
      try {
        await api.post('/me/notifications/read-all')
        this.setData({ items: this.data.items.map(m => Object.assign({}, m, { read: true })), unreadCount: 0 })
      } catch (err) {
        showError(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
