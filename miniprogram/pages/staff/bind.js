/**
 * Bind this WeChat user to a station worker's (or officer's) account with the one-time 6-digit
 * code the account holder got on the officer side, and unbind it again.
 */
const api = require('../../utils/api')
const staff = require('../../utils/staff')
const { load, submitOnce, confirm, toast, showError, navigateTo } = require('../../utils/page')

const BIND_CODE = /^\d{6}$/

function bindError(err) {
  const fieldMessages = err.fields && err.fields.code
  return fieldMessages ? [].concat(fieldMessages).join('；') : err.message
}

Component({
  data: {
    loading: false, loadError: '', bound: false, profile: null, boundAccount: '',
    code: '', codeError: '', submitting: false,
  },
  methods: {
    onShow() {
      return this.reload()
    },
    async reload() {
      const profile = await load(this, () => staff.staffProfile())
      if (this.data.loadError) return
      this.setData({
        bound: Boolean(profile),
        profile: profile ? {
          roleLabel: profile.role_label || '',
          stationName: profile.station ? profile.station.name : '',
        } : null,
      })
    },
    onCodeInput(e) {
      this.setData({ code: String(e.detail.value || '').replace(/\D/g, ''), codeError: '' })
    },
    bind() {
      const code = this.data.code
      if (!BIND_CODE.test(code)) {
        this.setData({ codeError: '请输入6位数字绑定码' })
        return Promise.resolve(false)
      }
      return submitOnce(this, async () => {
        try {
          const binding = await api.post('/staff/bind', { code })
          staff.rememberBound(true)
          const officer = binding.officer || {}
          this.setData({ code: '', boundAccount: officer.display_name || officer.username || '' })
          toast('绑定成功', 'success')
        } catch (err) {
          this.setData({ codeError: bindError(err) })
          return false
        }
        await this.reload()
        return true
      })
    },
    async unbind() {
      const question = '解除后本微信不能再使用工作人员模式；再次绑定需重新获取绑定码。确定解除吗？'
      if (this.data.submitting || !(await confirm(question, '解除绑定'))) return false
      return submitOnce(this, async () => {
        try {
          await api.post('/staff/unbind')
        } catch (err) {
          if (err.code !== 'not_staff') {
            showError(err)
            return false
          }
        }
        staff.rememberBound(false)
        this.setData({ bound: false, profile: null, boundAccount: '' })
        toast('已解除绑定', 'success')
        return true
      })
    },
    openScan() {
      navigateTo('/pages/staff/scan')
    },
  },
})
