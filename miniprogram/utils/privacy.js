/**
 * WeChat's privacy authorization (since 2023-09-15): a privacy interface (getLocation, the
 * getPhoneNumber button, …) fails until the worker has agreed to the mini-program's
 * 用户隐私保护指引. `ensure()` checks wx.getPrivacySetting first and, when agreement is needed,
 * asks through the page's <privacy-popup> (components/privacy-popup), whose 同意 button is
 * open-type="agreePrivacyAuthorization". Refusing is an answer, not an error: the caller carries
 * on without the interface (stations in default order, the phone typed by hand).
 */
let popup = null
let waiting = []

/** The popup on the page now shown registers itself; the latest attached one asks. */
function attach(component) {
  popup = component
}

function detach(component) {
  if (popup === component) popup = null
}

/** The worker's answer, given to everyone waiting for it. */
function answer(agreed) {
  const resolvers = waiting
  waiting = []
  resolvers.forEach(resolve => resolve(agreed))
}

/** Show the popup and resolve true (agreed) or false (refused, or no popup on this page). */
function ask() {
  if (!popup) return Promise.resolve(false)
  return new Promise(resolve => {
    waiting.push(resolve)
    popup.open()
  })
}

/** Whether agreement is still needed (false on base libraries without the privacy API). */
function needed() {
  if (typeof wx.getPrivacySetting !== 'function') return Promise.resolve(false)
  return new Promise(resolve => {
    wx.getPrivacySetting({
      success: res => {
        if (popup && res.privacyContractName) popup.setData({ contractName: res.privacyContractName })
        resolve(Boolean(res.needAuthorization))
      },
      fail: () => resolve(false), // let the interface itself decide
    })
  })
}

/** Before a privacy interface: true when it may be called (already agreed, or agreed now). */
async function ensure() {
  if (!(await needed())) return true
  return ask()
}

module.exports = { attach, detach, answer, ask, needed, ensure }
