/**
 * Behaviour every page shares: loading flags, showing an error, one submission at a time,
 * server field errors beside their fields, and a yes/no confirmation.
 */

function showError(err) {
  wx.showModal({
    title: '提示',
    content: (err && err.message) || '操作失败，请稍后重试',
    showCancel: false,
    confirmText: '知道了',
  })
}

function toast(title, icon) {
  wx.showToast({ title, icon: icon || 'none' })
}

function confirm(content, title) {
  return new Promise(resolve => {
    wx.showModal({
      title: title || '请确认',
      content,
      success: res => resolve(Boolean(res.confirm)),
      fail: () => resolve(false),
    })
  })
}

/** Run `task` with data.loading on; a failure is kept in data.loadError for the page to show. */
async function load(page, task) {
  page.setData({ loading: true, loadError: '' })
  try {
    return await task()
  } catch (err) {
    page.setData({ loadError: err.message || '加载失败，请稍后重试' })
    return null
  } finally {
    page.setData({ loading: false })
  }
}

/**
 * Run `task` unless a submission is already in flight; data.submitting drives the disabled button.
 * setData updates this.data synchronously, so a second tap in the same frame is ignored too.
 */
async function submitOnce(page, task) {
  if (page.data.submitting) return undefined
  page.setData({ submitting: true })
  try {
    return await task()
  } finally {
    page.setData({ submitting: false })
  }
}

/**
 * Server `fields` ({field: [messages]}) → {field: 'message'} for display. `aliases` maps a server
 * field to the form field that shows it (e.g. org_id → union).
 */
function fieldMessages(fields, aliases) {
  const result = {}
  Object.keys(fields || {}).forEach(key => {
    const messages = [].concat(fields[key])
    const target = (aliases && aliases[key]) || key
    result[target] = messages.join('；')
  })
  return result
}

/**
 * Show a failed submission: a 422 with fields goes beside the fields (and anything that has no
 * place on the form goes in a modal); everything else is a modal with the server's message.
 */
function showSubmitError(page, err, formFields, aliases) {
  const messages = fieldMessages(err.fields, aliases)
  const shown = Object.keys(messages).filter(key => formFields.indexOf(key) !== -1)
  if (!shown.length) {
    showError(err)
    return
  }
  const errors = {}
  shown.forEach(key => { errors[key] = messages[key] })
  page.setData({ errors })
  const elsewhere = Object.keys(messages).filter(key => shown.indexOf(key) === -1)
  if (elsewhere.length) showError({ message: elsewhere.map(key => messages[key]).join('\n') })
  else toast(err.message || '请根据提示修改后再提交')
}

/**
 * Check, then send a form once: client `errors` ({field: message}) stop it before any request;
 * a server refusal is shown beside the fields (see showSubmitError). Resolves true when sent.
 */
async function submitForm(page, { errors, send, fields, aliases }) {
  if (Object.keys(errors).length) {
    page.setData({ errors })
    toast('请按红色提示修改后再提交')
    return false
  }
  const sent = await submitOnce(page, async () => {
    try {
      await send()
      page.setData({ errors: {} })
      return true
    } catch (err) {
      showSubmitError(page, err, fields, aliases)
      return false
    }
  })
  return Boolean(sent)
}

/**
 * Ask first, then run `action` for list item `id` with data.busyId set (its button disabled).
 * Resolves true when the action succeeded; a refusal is shown in a modal.
 */
async function confirmThenRun(page, id, question, title, action) {
  if (page.data.busyId) return false
  if (!(await confirm(question, title))) return false
  page.setData({ busyId: id })
  try {
    await action()
    return true
  } catch (err) {
    showError(err)
    return false
  } finally {
    page.setData({ busyId: 0 })
  }
}

/** For `bindinput="onInput" data-field="x"`: keeps form.x current and clears its error. */
function inputHandler(e) {
  const field = e.currentTarget.dataset.field
  this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' })
}

/** The tab bar's pages (app.json "tabBar"; a test keeps the two equal). */
const TAB_PAGES = ['pages/index/index', 'pages/membership/card', 'pages/mine/mine']

/** Open `url`; a tab bar page is switched to (wx.navigateTo refuses tab pages, which take no query). */
function navigateTo(url) {
  const pagePath = url.replace(/^\//, '').split('?')[0]
  if (TAB_PAGES.indexOf(pagePath) !== -1) wx.switchTab({ url: `/${pagePath}` })
  else wx.navigateTo({ url })
}

module.exports = {
  showError,
  toast,
  confirm,
  load,
  submitOnce,
  fieldMessages,
  showSubmitError,
  submitForm,
  confirmThenRun,
  inputHandler,
  navigateTo,
  TAB_PAGES,
}
