/**
 * 用户隐私保护提示: the pop-up every page with a privacy interface carries (see utils/privacy.js).
 * 《…隐私保护指引》 opens the guide (wx.openPrivacyContract); 同意 is the
 * open-type="agreePrivacyAuthorization" button; 拒绝 closes it and the page carries on without.
 * It also answers wx.onNeedPrivacyAuthorization, which WeChat raises when a privacy interface is
 * used before agreement (e.g. the getPhoneNumber button).
 */
const privacy = require('../../utils/privacy')

const AGREE_BUTTON_ID = 'privacy-agree'

Component({
  options: { addGlobalClass: true },
  properties: {
    // What the interface is for, shown in the text: 获取位置 / 使用微信手机号 …
    purpose: { type: String, value: '相关功能' },
  },
  data: { show: false, contractName: '《职工服务小程序隐私保护指引》', agreeId: AGREE_BUTTON_ID },
  lifetimes: {
    attached() {
      privacy.attach(this)
      if (typeof wx.onNeedPrivacyAuthorization === 'function') {
        wx.onNeedPrivacyAuthorization(resolve => {
          privacy.ask().then(agreed => resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID }
            : { event: 'disagree' }))
        })
      }
    },
    detached() {
      privacy.detach(this)
    },
  },
  methods: {
    open() {
      this.setData({ show: true })
    },
    openContract() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '隐私保护指引打开失败，请稍后再试', icon: 'none' }) })
    },
    onAgree() {
      this.setData({ show: false })
      privacy.answer(true)
      this.triggerEvent('answer', { agreed: true })
    },
    onRefuse() {
      this.setData({ show: false })
      privacy.answer(false)
      this.triggerEvent('answer', { agreed: false })
    },
  },
})
