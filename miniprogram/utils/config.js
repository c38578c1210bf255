/**
 * Where the backend lives, per mini-program environment (develop = DevTools / 真机调试,
 * trial = 体验版, release = 正式版). Set trial/release before uploading a build.
 */
const BASE_URLS = {
  develop: 'http://127.0.0.1:8000',
  trial: '',
  release: '',
}

function envVersion() {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion || 'develop'
  } catch (err) {
    return 'develop'
  }
}

function baseUrl() {
  const env = envVersion()
  return env in BASE_URLS ? BASE_URLS[env] : BASE_URLS.develop
}

module.exports = { baseUrl, BASE_URLS }
