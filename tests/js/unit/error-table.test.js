'use strict'
// One source of truth for error codes: the Rust core's table (src/error.rs).
// The TypeScript union, every code the JS raises, and every error's
// `retryable` and HTTP status must agree with it.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const wl = require('weapp-login')

const PKG = path.join(__dirname, '..', '..', '..', 'pkg')
const table = wl.errorCodes()

/** The string literals of `export type ErrorCode = 'A' | 'B' …` in a .d.ts file. */
function unionIn (file) {
  const text = fs.readFileSync(path.join(PKG, file), 'utf8')
  const m = /export type ErrorCode =([\s\S]*?)(?:\n\n|;\n)/.exec(text)
  assert.ok(m, `${file} declares ErrorCode`)
  return [...m[1].matchAll(/'([A-Z0-9_]+)'/g)].map((x) => x[1])
}

test('the ErrorCode union of the .d.ts files is exactly errorCodes()', () => {
  // The declarations tsc writes (dist/types/, make types); index.d.ts re-exports ErrorCode from them.
  const dts = fs.readdirSync(PKG, { recursive: true }).filter((f) => /\.d\.m?ts$/.test(f) && !f.startsWith('node_modules'))
  const declaring = dts.filter((f) => /export type ErrorCode =/.test(fs.readFileSync(path.join(PKG, f), 'utf8')))
  assert.ok(declaring.includes(path.join('dist', 'types', 'dist', 'error-code.d.mts')))
  assert.match(fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8'), /^export type \* from '\.\/dist\/types\/dist\/error-code\.mjs'$/m)
  for (const file of declaring) assert.deepEqual(unionIn(file).sort(), table.map((r) => r.code).sort(), file)
})

test('every code the JS raises is in the core table', () => {
  const codes = new Set(table.map((r) => r.code))
  const files = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name))
      else if (/\.(c|m)?js$/.test(e.name)) files.push(path.join(dir, e.name))
    }
  }
  walk(path.join(PKG, 'src'))
  let seen = 0
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/WeappLoginError\(\s*'(ERR_[A-Z0-9_]+)'/g)) {
      seen++
      assert.ok(codes.has(m[1]), `${path.relative(PKG, file)} raises ${m[1]}, which the core does not know`)
    }
  }
  assert.ok(seen > 10, `found ${seen} raised codes`)
})

test('no JS sets `retryable` by hand: every WeappLoginError takes it from the core', () => {
  const hits = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(c|m)?js$/.test(e.name)) {
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) if (/new WeappLoginError\(.*retryable/.test(line)) hits.push(`${path.relative(PKG, p)}: ${line.trim()}`)
      }
    }
  }
  walk(path.join(PKG, 'src'))
  assert.deepEqual(hits, [])
})

test('a WeappLoginError takes retryable, HTTP status and description from the table', () => {
  for (const row of table) {
    const e = new wl.WeappLoginError(row.code)
    assert.equal(e.retryable, row.retryable, row.code)
    assert.equal(e.httpStatus, row.httpStatus, row.code)
    assert.equal(e.message, row.description, row.code)
  }
  // What a caller passes cannot make a code retryable that the core says is not.
  const e = new wl.WeappLoginError('ERR_CODE_USED', 'used', { retryable: true })
  assert.equal(e.retryable, false)
  assert.equal(new wl.WeappLoginError('ERR_RATE_LIMITED').httpStatus, 429)
})
