/**
 * A page showing a code to be scanned (the member card) keeps the screen on and at full brightness
 * while shown, and puts both back as they were when it hides or closes. `owner` is the page.
 */
function brighten(owner) {
  if (owner.screenLit) return
  owner.screenLit = true
  wx.setKeepScreenOn({ keepScreenOn: true })
  wx.getScreenBrightness({
    success: res => {
      if (!owner.screenLit) return // hidden again before the answer came: nothing to raise
      owner.savedBrightness = res.value
      wx.setScreenBrightness({ value: 1 })
    },
  })
}

function restore(owner) {
  if (!owner.screenLit) return
  owner.screenLit = false
  wx.setKeepScreenOn({ keepScreenOn: false })
  if (typeof owner.savedBrightness === 'number') wx.setScreenBrightness({ value: owner.savedBrightness })
  owner.savedBrightness = undefined
}

module.exports = { brighten, restore }
