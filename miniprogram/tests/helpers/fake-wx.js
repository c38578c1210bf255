/**
 * The wx APIs the mini-program uses, as jest mocks with just enough behaviour for user stories:
 * storage, login, request (via the fake server), modals (confirm by default), navigation,
 * location (granted or refused), the privacy authorization (agreed unless state.privacyNeeded;
 * state.privacyListener is what the page gave wx.onNeedPrivacyAuthorization), the camera's scan
 * (state.scanResult is what it reads; null: the user closed the scanner) and a canvas context that
 * records what was drawn.
 */
const { createFakeServer } = require('./fake-server')

function createCanvasRecorder() {
  const contexts = []
  function createCanvasContext(canvasId) {
    const ctx = { canvasId, fillStyle: '', rects: [], drawn: 0 }
    ctx.setFillStyle = jest.fn(color => { ctx.fillStyle = color })
    ctx.fillRect = jest.fn((x, y, w, h) => ctx.rects.push({ x, y, w, h, color: ctx.fillStyle }))
    ctx.draw = jest.fn(() => { ctx.drawn += 1 })
    contexts.push(ctx)
    return ctx
  }
  return { contexts, createCanvasContext: jest.fn(createCanvasContext) }
}

function createFakeWx() {
  const server = createFakeServer()
  const storage = new Map()
  const canvas = createCanvasRecorder()
  // subscribeAnswer: what the subscribe dialog answers per template id (null: the dialog fails).
  const state = { modalConfirms: true, location: { latitude: 40.84, longitude: 111.75 }, loginCodes: 0,
    subscribeAnswer: {}, privacyNeeded: false, privacyListener: null, brightness: 0.4, keepScreenOn: false,
    scanResult: null }
  const later = fn => Promise.resolve().then(fn)

  const wx = {
    request: jest.fn(options => server.handle(options)),
    login: jest.fn(({ success }) => {
      state.loginCodes += 1
      later(() => success({ code: `dev:worker-${state.loginCodes}` }))
    }),
    getStorageSync: jest.fn(key => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key, value) => { storage.set(key, value) }),
    removeStorageSync: jest.fn(key => { storage.delete(key) }),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion: 'develop' } })),
    showToast: jest.fn(),
    showModal: jest.fn(options => {
      later(() => options.success && options.success({ confirm: state.modalConfirms, cancel: !state.modalConfirms }))
    }),
    navigateTo: jest.fn(),
    switchTab: jest.fn(),
    pageScrollTo: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    getLocation: jest.fn(options => later(() => {
      if (state.location) options.success(Object.assign({}, state.location))
      else options.fail({ errMsg: 'getLocation:fail auth deny' })
    })),
    getPrivacySetting: jest.fn(options => later(() => options.success({
      needAuthorization: state.privacyNeeded, privacyContractName: '《职工服务小程序隐私保护指引》',
      errMsg: 'getPrivacySetting:ok',
    }))),
    onNeedPrivacyAuthorization: jest.fn(listener => { state.privacyListener = listener }),
    openPrivacyContract: jest.fn(options => later(() => options && options.success && options.success({}))),
    getScreenBrightness: jest.fn(options => later(() => options.success({ value: state.brightness }))),
    setScreenBrightness: jest.fn(options => { state.brightness = options.value }),
    setKeepScreenOn: jest.fn(options => { state.keepScreenOn = options.keepScreenOn }),
    openLocation: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    makePhoneCall: jest.fn(),
    createCanvasContext: canvas.createCanvasContext,
    scanCode: jest.fn(options => later(() => {
      if (state.scanResult === null) options.fail({ errMsg: 'scanCode:fail cancel' })
      else options.success({ result: state.scanResult, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' })
    })),
    vibrateShort: jest.fn(),
    requestSubscribeMessage: jest.fn(options => later(() => {
      if (!state.subscribeAnswer) {
        options.fail({ errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 })
        return
      }
      const answer = { errMsg: 'requestSubscribeMessage:ok' }
      options.tmplIds.forEach(id => { answer[id] = state.subscribeAnswer[id] || 'reject' })
      options.success(answer)
    })),
  }
  return { wx, server, storage, canvas, state }
}

module.exports = { createFakeWx }
