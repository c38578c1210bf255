/**
 * Before any test: the backend writes its real OpenAPI document (flask-smorest's `flask openapi write`,
 * the same document /api/openapi.json serves) to tests/generated/openapi.json. The contract test and
 * the fake server are checked against it, so the mini-program cannot drift from the API unnoticed.
 * Needs the backend's Python environment: `make install` at the repository root (or PYTHON=…).
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const { OPENAPI_FILE } = require('./helpers/openapi-file')

const REPO = path.join(__dirname, '..', '..')

module.exports = function generateOpenApi() {
  const python = process.env.PYTHON || path.join(REPO, '.venv', 'bin', 'python')
  if (!fs.existsSync(python)) {
    throw new Error(`没有找到后端的 Python 环境（${python}）：先在仓库根目录运行 make install，或设 PYTHON=/path/to/python`)
  }
  fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true })
  execFileSync(python, ['-m', 'flask', '--app', 'wsgi', 'openapi', 'write', OPENAPI_FILE], {
    cwd: REPO,
    // The document does not depend on the database; nothing is connected to while writing it.
    env: Object.assign({}, process.env, { APP_ENV: 'development', DATABASE_URL: 'sqlite://' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
