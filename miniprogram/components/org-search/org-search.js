/**
 * Find a union by name: a search box over GET /orgs?q=&kind=, with "load more".
 * Emits `select` with {org} when the worker taps one. Used by the join and transfer pages.
 */
const api = require('../../utils/api')

function pathText(org) {
  const names = org.path_names
  return Array.isArray(names) ? names.join(' / ') : (names || '')
}

Component({
  options: { addGlobalClass: true },
  properties: {
    kind: { type: String, value: 'grassroots' },
    placeholder: { type: String, value: '输入单位或工会名称搜索' },
    selectedId: { type: Number, value: 0 },
  },
  data: { q: '', items: [], page: 1, total: 0, hasMore: false, loading: false, error: '' },
  lifetimes: {
    attached() {
      this.search()
    },
  },
  methods: {
    onQueryInput(e) {
      this.setData({ q: e.detail.value })
    },
    search() {
      return this.fetchPage(1)
    },
    loadMore() {
      return this.fetchPage(this.data.page + 1)
    },
    async fetchPage(page) {
      if (this.data.loading) return
      this.setData({ loading: true, error: '' })
      try {
        const result = await api.get('/orgs', { q: this.data.q.trim(), kind: this.data.kind, page })
        const fetched = result.items.map(org => Object.assign({}, org, { pathText: pathText(org) }))
        const items = page === 1 ? fetched : this.data.items.concat(fetched)
        this.setData({ items, page, total: result.total, hasMore: items.length < result.total })
      } catch (err) {
        this.setData({ error: err.message })
      } finally {
        this.setData({ loading: false })
      }
    },
    choose(e) {
      const org = this.data.items.find(item => item.id === e.currentTarget.dataset.id)
      if (org) this.triggerEvent('select', { org })
    },
  },
})
