/** 预约律师: the booking form for one slot chosen on the sessions page. */
const api = require('../../utils/api')
const validate = require('../../utils/validate')
const labels = require('../../utils/labels')
const { submitForm, inputHandler } = require('../../utils/page')
const subscribe = require('../../utils/subscribe')

const FIELDS = ['case_type', 'description', 'contact_phone', 'workers_involved']

Component({
  data: {
    slotId: 0,
    summary: '',
    caseTypes: [],
    caseTypeLabel: '',
    form: { case_type: '', description: '', contact_phone: '', workers_involved: '1' },
    descriptionMax: validate.DESCRIPTION_MAX,
    errors: {},
    submitting: false,
  },
  methods: {
    onLoad(options) {
      this.setData({
        slotId: Number(options.slot_id),
        summary: options.summary ? decodeURIComponent(options.summary) : '',
      })
      return labels.ready().then(() => this.setData({ caseTypes: labels.options('case_type') }))
    },
    onInput: inputHandler,
    onCaseType(e) {
      const option = this.data.caseTypes[Number(e.detail.value)]
      this.setData({ 'form.case_type': option.value, caseTypeLabel: option.label, 'errors.case_type': '' })
    },
    async onSubmit() {
      const form = this.data.form
      const body = {
        slot_id: this.data.slotId,
        case_type: form.case_type,
        description: form.description.trim(),
        contact_phone: form.contact_phone.trim(),
        workers_involved: Number(form.workers_involved),
      }
      if (!body.contact_phone) delete body.contact_phone // the server uses the bound phone
      const errors = validate.bookingErrors(body)
      // Confirmation, the day-before reminder, a cancellation: asked for before the booking exists.
      if (!Object.keys(errors).length && !this.data.submitting) await subscribe.ask('book')
      const sent = await submitForm(this, {
        errors,
        send: () => api.post('/legal-aid/bookings', body),
        fields: FIELDS,
      })
      if (!sent) return
      wx.showToast({ title: '预约成功', icon: 'success' })
      wx.redirectTo({ url: '/pages/legal-aid/bookings' })
    },
  },
})
