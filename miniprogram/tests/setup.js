/**
 * Runs before each test file: install miniprogram-simulate (it defines Component and a default
 * wx), then overlay a fresh fake wx for every test. `global.fake` gives tests the server,
 * storage, canvas recorder and switches (modalConfirms, location).
 */
require('miniprogram-simulate')
const { createFakeWx } = require('./helpers/fake-wx')

beforeEach(() => {
  global.fake = createFakeWx()
  Object.assign(global.wx, global.fake.wx)
})

// Every canned answer the fake server gave is one the real API could give (see helpers/fake-server.js).
afterEach(() => {
  expect(global.fake.server.contractProblems).toEqual([])
})
