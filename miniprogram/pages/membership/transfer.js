/** 会员关系转接: ask to move membership to another union; the receiving union approves it. */
const api = require('../../utils/api')
const validate = require('../../utils/validate')
const { load, toast, submitForm, inputHandler } = require('../../utils/page')
const { formatDateTime } = require('../../utils/format')
const subscribe = require('../../utils/subscribe')
const { pullToRefresh } = require('../../utils/behaviors')

Component({
  behaviors: [pullToRefresh],
  data: {
    toOrg: null,
    form: { reason: '' },
    errors: {},
    reasonMax: validate.TRANSFER_REASON_MAX,
    pending: null,
    decided: null,
    loading: false,
    loadError: '',
    submitting: false,
    done: false,
  },
  methods: {
    onLoad() {
      return this.reload()
    },
    /** One transfer at a time: a pending one is shown instead of the form. */
    async reload() {
      const result = await load(this, () => api.get('/membership/transfers/mine'))
      if (!result) return
      const pending = result.items.find(item => item.status === 'pending')
      // The last decision stays visible, a refusal with its reason, above the form for a new request.
      const decided = result.items.find(item => item.status !== 'pending')
      this.setData({
        decided: decided ? Object.assign({}, decided, {
          toOrgName: decided.to_org ? decided.to_org.name : '',
          decidedAt: formatDateTime(decided.decided_at),
        }) : null,
        pending: pending ? Object.assign({}, pending, {
          toOrgName: pending.to_org ? pending.to_org.name : '',
          requestedAt: formatDateTime(pending.requested_at),
        }) : null,
      })
    },
    onOrgSelected(e) {
      this.setData({ toOrg: e.detail.org, 'errors.to_org_id': '' })
    },
    changeOrg() {
      this.setData({ toOrg: null })
    },
    onInput: inputHandler,
    async onSubmit() {
      const body = { to_org_id: this.data.toOrg ? this.data.toOrg.id : '', reason: this.data.form.reason.trim() }
      const errors = validate.transferErrors(body)
      if (!Object.keys(errors).length && !this.data.submitting) await subscribe.ask('transfer')
      const sent = await submitForm(this, {
        errors,
        send: () => api.post('/membership/transfers', body),
        fields: ['to_org_id', 'reason'],
      })
      if (!sent) return
      this.setData({ done: true })
      toast('已提交', 'success')
    },
    goBack() {
      wx.navigateBack()
    },
  },
})
