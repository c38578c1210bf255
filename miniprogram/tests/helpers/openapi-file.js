/** Where tests/global-setup.js writes the backend's OpenAPI document for this run (git-ignored). */
const path = require('path')

module.exports = { OPENAPI_FILE: path.join(__dirname, '..', 'generated', 'openapi.json') }
