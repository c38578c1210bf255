/**
 * 我的数据与隐私 (PIPL Art. 15, 44–47): what is held about me and a copy to save, how to correct it,
 * withdrawing consent to the ID number, and 注销 (deletion) with the status of my request.
 */
const api = require('../../utils/api')
const { load, toast, confirm, showError, submitForm, inputHandler } = require('../../utils/page')
const { formatDateTime } = require('../../utils/format')
const labels = require('../../utils/labels')
const { exportSections } = require('../../utils/export-view')

const REASON_MAX = 500
const SECTIONS = ['my-data', 'correct', 'withdraw', 'deletion']

Component({
  data: {
    me: null,
    request: null,
    erasureDays: 15,
    form: { reason: '' },
    errors: {},
    reasonMax: REASON_MAX,
    loading: false,
    loadError: '',
    submitting: false,
    copying: false,
    showing: false,
    sections: null,
    consents: null,
  },
  methods: {
    /** ?section=my-data|correct|withdraw|deletion (the 我的 page's links) scrolls to that part. */
    async onLoad(options) {
      await this.loadAll()
      const section = options && options.section
      if (SECTIONS.indexOf(section) !== -1) wx.pageScrollTo({ selector: `.${section}`, duration: 0 })
    },
    async loadAll() {
      const result = await load(this, () => Promise.all([api.get('/me'), api.get('/me/deletion-request')]))
      if (!result) return
      const [me, deletion] = result
      this.setData({ me, erasureDays: deletion.erasure_days, request: this.describe(deletion.request) })
    },
    describe(request) {
      if (!request) return null
      return Object.assign({}, request, {
        requestedAt: formatDateTime(request.requested_at),
        dueAt: formatDateTime(request.due_at),
        pending: request.status === 'pending',
      })
    },
    /** Everything held (GET /me/export), in words on this page. */
    async showMyData() {
      if (this.data.showing) return
      this.setData({ showing: true })
      try {
        const [data] = await Promise.all([api.get('/me/export'), labels.ready()])
        this.setData({ sections: exportSections(data) })
      } catch (err) {
        showError(err)
      } finally {
        this.setData({ showing: false })
      }
    },
    /** A copy of everything held (GET /me/export), put on the clipboard to paste and keep. */
    async copyMyData() {
      if (this.data.copying) return
      this.setData({ copying: true })
      try {
        const data = await api.get('/me/export')
        wx.setClipboardData({ data: JSON.stringify(data, null, 2) })
        toast('已复制，可粘贴保存', 'success')
      } catch (err) {
        showError(err)
      } finally {
        this.setData({ copying: false })
      }
    },
    /** The notices I accepted, word for word (GET /me/consents), shown on demand. */
    async showConsents() {
      try {
        const result = await api.get('/me/consents')
        this.setData({
          consents: result.items.map(item => ({
            version: item.version,
            acceptedAt: formatDateTime(item.accepted_at),
            title: item.text ? item.text.title : '',
            paragraphs: item.text ? item.text.body.split('\n') : [],
          })),
        })
      } catch (err) {
        showError(err)
      }
    },
    openApplications() {
      wx.navigateTo({ url: '/pages/membership/applications' })
    },
    async withdrawConsent() {
      const ok = await confirm('撤回后，您的身份证号将立即删除，会员关系随之终止（没有身份证号无法继续办理会员业务）。'
        + '法律援助预约和清凉包报名不受影响。确定撤回吗？', '撤回敏感个人信息同意')
      if (!ok) return
      try {
        await api.post('/me/consent/withdraw', { confirm: true })
        toast('已撤回同意', 'success')
        await this.loadAll()
      } catch (err) {
        showError(err)
      }
    },
    onInput: inputHandler,
    async requestDeletion() {
      const reason = this.data.form.reason.trim()
      const errors = reason ? {} : { reason: '请填写注销原因' }
      if (!errors.reason && !(await confirm(`提交后将在 ${this.data.erasureDays} 天内办理：退会，取消未开始的预约和报名，`
        + '删除您的姓名、身份证号、手机号等个人信息（统计数字和案件结果以匿名方式保留）。确定注销吗？', '申请注销'))) {
        return
      }
      const sent = await submitForm(this, {
        errors,
        send: async () => {
          const request = await api.post('/me/deletion-request', { reason })
          this.setData({ request: this.describe(request) })
        },
        fields: ['reason'],
      })
      if (sent) toast('注销申请已提交', 'success')
    },
  },
})
