/** Pages and components run in jsdom through miniprogram-simulate; wx is a fake (tests/setup.js). */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/tests'],
  // writes the backend's OpenAPI document first (tests/helpers/openapi.js reads it)
  globalSetup: '<rootDir>/tests/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/tests/setup.js'],
  clearMocks: true,
  // compiling a page's WXML on a busy 2-core CI machine can take seconds: a bound, not a benchmark
  testTimeout: 30000,
  // As on the phone, require('qrcode-generator') loads the copy WeChat's 构建 npm layout ships
  // (tests/vendor.test.js keeps it equal to node_modules).
  moduleNameMapper: { '^qrcode-generator$': '<rootDir>/miniprogram_npm/qrcode-generator/index.js' },
}
