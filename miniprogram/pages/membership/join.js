/**
 * 入会申请. The union comes from a worksite QR — a mini-program code (options.scene) or a plain QR of
 * `{PUBLIC_BASE_URL}/j/<scene>` opened by 扫普通链接二维码打开小程序 (options.q) — from a search, or — when the
 * employer has no union — from a chosen district (the application waits in its holding pool).
 * Opened with ?resubmit=<id> it corrects and resubmits a rejected application; with ?org_id=<id> (a
 * coworker's share) that union is preselected.
 */
const api = require('../../utils/api')
const validate = require('../../utils/validate')
const labels = require('../../utils/labels')
const choices = require('../../utils/choices')
const { CONSENT_VERSION, CONSENT_TITLE, CONSENT_PARAGRAPHS } = require('../../utils/consent')
const { load, toast, showError, submitForm, inputHandler } = require('../../utils/page')
const subscribe = require('../../utils/subscribe')
const privacy = require('../../utils/privacy')

const FORM_FIELDS = ['name', 'id_number', 'phone', 'ethnicity', 'education', 'political_status',
  'household_type', 'is_migrant_worker', 'occupation', 'employer']

/** What each picker offers: free-text fields from fixed choices, occupation from the server's labels. */
function pickerOptions() {
  return {
    ethnicity: choices.ETHNICITIES,
    education: choices.EDUCATION,
    political_status: choices.POLITICAL_STATUS,
    occupation: labels.options('occupation'),
  }
}
// Where the server's field errors are shown on this form.
const ERROR_ALIASES = { org_id: 'union', scene: 'union', district_org_id: 'union', consent_version: 'consent' }
const SHOWN_ERRORS = FORM_FIELDS.concat(['union', 'consent'])
const HOLDING_KINDS = ['district', 'federation']
// Optional on the server: sent as null when left blank (an empty household_type would be invalid).
const OPTIONAL_FIELDS = ['ethnicity', 'education', 'political_status', 'household_type']

function emptyForm() {
  return {
    name: '',
    id_number: '',
    phone: '',
    ethnicity: '汉族',
    education: '',
    political_status: '',
    household_type: '',
    is_migrant_worker: false,
    occupation: '',
    employer: '',
  }
}

/** The poster's scene: options.scene (mini-program code) or the /j/<scene> path of options.q (plain QR). */
function sceneOf(query) {
  if (query.scene) return decodeURIComponent(query.scene)
  if (!query.q) return ''
  const match = /\/j\/([^/?#]+)/.exec(decodeURIComponent(query.q))
  return match ? decodeURIComponent(match[1]) : ''
}

function displayFor(form, options) {
  const display = {}
  Object.keys(options).forEach(field => {
    const chosen = options[field].find(option => option.value === form[field])
    display[field] = form[field] ? (chosen ? chosen.label : form[field]) : ''
  })
  return display
}

Component({
  data: {
    form: emptyForm(),
    display: {},
    options: {},
    householdTypes: [],
    // mode: '' until onLoad knows where the union comes from, then scene | search | district
    union: { mode: '', org: null, scene: '', pointName: '' },
    errors: {},
    consentAccepted: false,
    consentTitle: CONSENT_TITLE,
    consentParagraphs: CONSENT_PARAGRAPHS,
    resubmitId: 0,
    rejectReason: '',
    idHint: '',
    phoneHint: '',
    // The 使用微信手机号 button: wechat (privacy agreed), privacy (ask first), '' (refused: typed by hand)
    phoneBy: 'wechat',
    loading: false,
    loadError: '',
    submitting: false,
  },
  methods: {
    onLoad(options) {
      const query = options || {}
      this.showChoices()
      this.labelsLoaded = labels.ready().then(() => this.showChoices())
      privacy.needed().then(needed => { if (needed) this.setData({ phoneBy: 'privacy' }) })
      if (query.resubmit) return this.loadRejected(Number(query.resubmit))
      const scene = sceneOf(query)
      if (scene) return this.loadScene(scene)
      if (query.org_id) return this.loadOrg(Number(query.org_id))
      this.useSearch()
      return undefined
    },

    /**
     * 转发 to a coworker: the page with this union preselected — the poster's scene when it came from
     * one, else ?org_id= (a district's holding pool stays a district). Never the resubmit id.
     */
    onShareAppMessage() {
      const { mode, org, scene } = this.data.union
      if (mode === 'scene' && scene) {
        return { title: `邀请你加入${org ? org.name : '工会'}`, path: `/pages/membership/join?scene=${encodeURIComponent(scene)}` }
      }
      if (org) return { title: `邀请你加入${org.name}`, path: `/pages/membership/join?org_id=${org.id}` }
      return { title: '加入工会，享受法律援助、送清凉等会员服务', path: '/pages/membership/join' }
    },

    /** A shared link's ?org_id=: that union preselected (a district or federation takes the holding pool). */
    async loadOrg(id) {
      try {
        const org = await api.get(`/orgs/${id}`)
        const mode = HOLDING_KINDS.indexOf(org.kind) !== -1 ? 'district' : 'search'
        this.setData({ union: { mode, org, scene: '', pointName: '' } })
      } catch (err) {
        showError({ message: err.status === 404 ? '分享的工会已不存在，请搜索选择您要加入的工会' : err.message })
        this.useSearch()
      }
    },

    /** The pickers' and radios' choices, with what the form holds shown by its label. */
    showChoices() {
      const options = pickerOptions()
      this.setData({
        options,
        householdTypes: labels.options('household_type'),
        display: displayFor(this.data.form, options),
      })
    },

    /** A worksite poster's scene names the enrollment point and so the union. */
    async loadScene(scene) {
      try {
        const point = await api.get(`/enrollment/${encodeURIComponent(scene)}`)
        const pointName = point.point ? point.point.name : ''
        this.setData({ union: { mode: 'scene', org: point.org, scene, pointName } })
      } catch (err) {
        const message = err.status === 404 ? '该入会二维码已失效，请搜索选择您要加入的工会' : err.message
        showError({ message })
        this.useSearch()
      }
    },

    async loadRejected(id) {
      const result = await load(this, () => api.get('/membership/applications/mine'))
      await this.labelsLoaded
      const application = result && result.items.find(item => item.id === id)
      if (!application) {
        if (result) showError({ message: '没有找到这份申请' })
        return
      }
      const form = emptyForm()
      FORM_FIELDS.forEach(field => {
        if (application[field] !== undefined && application[field] !== null) form[field] = application[field]
      })
      // Only masked ID number and phone come back: they have to be entered again.
      form.id_number = ''
      form.phone = ''
      const isHolding = application.in_pool ||
        Boolean(application.org && HOLDING_KINDS.indexOf(application.org.kind) !== -1)
      const rejected = (application.timeline || []).filter(step => step.event === 'rejected').pop()
      this.setData({
        form,
        display: displayFor(form, this.data.options),
        resubmitId: id,
        idHint: `原填写：${application.id_number_masked || ''}，请重新完整填写`,
        phoneHint: application.phone_masked ? `原填写：${application.phone_masked}` : '',
        rejectReason: application.reject_reason || (rejected && rejected.reason) || '',
        union: { mode: isHolding ? 'district' : 'search', org: application.org || null, scene: '', pointName: '' },
      })
    },

    onInput: inputHandler,

    onPick(e) {
      const field = e.currentTarget.dataset.field
      const option = this.data.options[field][Number(e.detail.value)]
      this.setData({
        [`form.${field}`]: option.value,
        [`display.${field}`]: option.label,
        [`errors.${field}`]: '',
      })
    },

    onHouseholdChange(e) {
      this.setData({ 'form.household_type': e.detail.value, 'errors.household_type': '' })
    },

    onMigrantChange(e) {
      this.setData({ 'form.is_migrant_worker': e.detail.value === 'yes', 'errors.is_migrant_worker': '' })
    },

    /** Privacy not agreed yet: the pop-up first; agreed shows WeChat's phone button, refused leaves typing. */
    async askPrivacy() {
      const agreed = await privacy.ask()
      this.setData({ phoneBy: agreed ? 'wechat' : '' })
      toast(agreed ? '请再点“使用微信手机号”' : '请手动填写手机号码')
    },

    async onGetPhoneNumber(e) {
      if (!e.detail || !e.detail.code) {
        toast('未获取到手机号，请手动填写')
        return
      }
      try {
        // fill_form: the binding answers with the owner's full number, for this field only
        const result = await api.post('/auth/wechat/phone', { code: e.detail.code, fill_form: true })
        if (result.phone) this.setData({ 'form.phone': result.phone, 'errors.phone': '' })
        else toast(`已绑定${result.phone_masked || '手机号'}，请填写完整号码`)
      } catch (err) {
        showError(err)
      }
    },

    onOrgSelected(e) {
      this.setData({ 'union.org': e.detail.org, 'errors.union': '' })
    },

    changeUnion() {
      this.setData({ 'union.org': null })
    },

    useSearch() {
      this.setData({ union: { mode: 'search', org: null, scene: '', pointName: '' }, 'errors.union': '' })
    },

    useDistrict() {
      this.setData({ union: { mode: 'district', org: null, scene: '', pointName: '' }, 'errors.union': '' })
    },

    onConsentChange(e) {
      const accepted = e.detail.value.indexOf('agree') !== -1
      this.setData({ consentAccepted: accepted, 'errors.consent': '' })
    },

    buildBody() {
      const { form, union, consentAccepted } = this.data
      const body = Object.assign({}, form, {
        name: form.name.trim(),
        id_number: validate.normalizeIdNumber(form.id_number),
        phone: form.phone.trim(),
        employer: form.employer.trim(),
        consent_version: consentAccepted ? CONSENT_VERSION : '',
      })
      OPTIONAL_FIELDS.forEach(field => {
        if (!body[field]) body[field] = null
      })
      if (union.mode === 'scene') body.scene = union.scene
      else if (union.org && union.mode === 'district') body.district_org_id = union.org.id
      else if (union.org) body.org_id = union.org.id
      return body
    },

    async onSubmit() {
      const body = this.buildBody()
      const id = this.data.resubmitId
      const errors = validate.applicationErrors(body)
      if (!Object.keys(errors).length && !this.data.submitting) await subscribe.ask('apply')
      const sent = await submitForm(this, {
        errors,
        send: () => (id ? api.put(`/membership/applications/${id}`, body)
          : api.post('/membership/applications', body)),
        fields: SHOWN_ERRORS,
        aliases: ERROR_ALIASES,
      })
      if (!sent) return
      wx.showToast({ title: '申请已提交', icon: 'success' })
      wx.redirectTo({ url: '/pages/membership/applications' })
    },
  },
})
