/** Pages and components run in jsdom through miniprogram-simulate; wx is a fake (tests/setup.js). */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/tests'],
  setupFilesAfterEnv: ['<rootDir>/tests/setup.js'],
  clearMocks: true,
}
