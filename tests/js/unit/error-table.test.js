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
  const walk = (dir) => fs.readdirSync(path.join(PKG, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'node_modules' ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)])
  const dts = walk('').filter((f) => /\.d\.m?ts$/.test(f))
  const declaring = dts.filter((f) => /export type ErrorCode =/.test(fs.readFileSync(path.join(PKG, f), 'utf8')))
  assert.ok(declaring.includes(path.join('dist', 'types', 'dist', 'error-code.d.mts')))
  assert.match(fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8'), /^export type \* from '\.\/dist\/types\/dist\/error-code\.mjs'$/m)
  for (const file of declaring) assert.deepEqual(unionIn(file).sort(), table.map((r) => r.code).sort(), file)
})

const ROOT = path.join(__dirname, '..', '..', '..')
/** Every JS source of the package and the playground: `[relative path, text]`. */
function sources () {
  const out = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'miniprogram_npm') walk(p) } else if (/\.(c|m)?js$/.test(e.name)) out.push([path.relative(ROOT, p), fs.readFileSync(p, 'utf8')])
    }
  }
  walk(path.join(ROOT, 'pkg', 'src'))
  walk(path.join(ROOT, 'www'))
  return out
}

/** The text with its comments blanked (strings kept), so a code named in a comment is not a raise. */
function code (text) {
  return text.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m[0] === '/' ? m.replace(/[^\n]/g, ' ') : m)
}

/**
 * The first argument of every call of `callee` in `text`: what a raise
 * names as its code (`new WeappLoginError(code, …)`, `fail(code, …)`).
 */
function firstArguments (text, callee) {
  const out = []
  for (const m of text.matchAll(callee)) {
    let depth = 0
    let i = m.index + m[0].length
    const start = i
    for (; i < text.length; i++) {
      const c = text[i]
      if (c === '(' || c === '[' || c === '{') depth++
      else if (c === ')' || c === ']' || c === '}') { if (depth === 0) break; depth-- } else if (c === ',' && depth === 0) break
    }
    out.push(text.slice(start, i).trim())
  }
  return out
}

/**
 * Raises whose code is not written where they are, each with why it is
 * one of the table's: `file: first argument`. A new one fails the test
 * until it is looked at and listed.
 */
const FORWARDED = new Map([
  ['pkg/src/errors.js: e.code', "fromCore: the core's own error"],
  ['pkg/src/server/auth/fail.js: code', 'serverError: the helper; its callers are checked'],
  ['pkg/src/server/cloud/cloud-auth.js: code', "fail: the helper, and sdkFailure's code from the core's wechat_error"],
  ['pkg/src/server/auth/phone.js: refusal.code', "a kept refusal: the core's readRefusalRecord answers only codes of its REFUSED_CODES"],
  ['pkg/src/server/auth/login.js: refusal.code', "a kept refusal: the core's readRefusalRecord answers only codes of its REFUSED_CODES"],
  ["pkg/src/server/upstream/transport.js: timedOut ? 'ERR_TIMEOUT' : 'ERR_NETWORK'", 'two literals']
])

/** Every raise in the package and the playground: `{ file, code?, forwarded? }`. */
function raises () {
  const out = []
  for (const [file, text] of sources()) {
    const body = code(text)
    // The package's helpers that take a code first (the playground's `fail` answers WeChat errcodes).
    const callees = file.startsWith('pkg') ? [/\bnew WeappLoginError\(/g, /(?<![.\w])(?:fail|serverError)\(/g] : [/\bnew WeappLoginError\(/g]
    for (const callee of callees) {
      for (const arg of firstArguments(body, callee)) {
        const literal = /^'(ERR_[A-Z0-9_]+)'$/.exec(arg)
        if (literal !== null) out.push({ file, code: literal[1] })
        else if (/^["'`0-9]/.test(arg)) out.push({ file, code: arg }) // a literal that is not a code: refused below
        else out.push({ file, forwarded: `${file}: ${arg}` })
      }
    }
    for (const m of body.matchAll(/\binvalidArgument\(/g)) out.push({ file, code: 'ERR_INVALID_ARGUMENT', at: m.index })
  }
  return out
}

test('every ERR_ code written in pkg/src and www is one of errorCodes()', () => {
  const codes = new Set(table.map((r) => r.code))
  let seen = 0
  for (const [file, text] of sources()) {
    for (const m of code(text).matchAll(/["'`](ERR_[A-Z0-9_]+)["'`]/g)) {
      seen++
      assert.ok(codes.has(m[1]), `${file} names ${m[1]}, which the core's table does not have`)
    }
  }
  console.log(`error-table guard: ${seen} ERR_ codes written in pkg/src and www, each checked against errorCodes()`)
  assert.ok(seen > 70, `found ${seen} codes`) // the lists of refused and lost-session codes are the core's (dist/rules.json)
})

test('every raise in pkg/src and www names a code of errorCodes(), or forwards one listed here', () => {
  const codes = new Set(table.map((r) => r.code))
  const found = raises()
  const forwarded = new Set()
  for (const r of found) {
    if (r.code !== undefined) assert.ok(codes.has(r.code), `${r.file} raises ${r.code}, which the core's table does not have`)
    else {
      assert.ok(FORWARDED.has(r.forwarded), `${r.forwarded}: a raise whose code is not a literal; make it one, or list it in FORWARDED with why it is the table's`)
      forwarded.add(r.forwarded)
    }
  }
  assert.deepEqual([...FORWARDED.keys()].filter((k) => !forwarded.has(k)), [], 'FORWARDED lists raises that are gone')
  const literal = found.filter((r) => r.code !== undefined).length
  console.log(`error-table guard: ${found.length} raises found, ${literal} by a literal code checked against errorCodes(), ${found.length - literal} forwarded (listed)`)
  assert.ok(found.length > 150, `found ${found.length} raises`)
})

test('no JS overrides an error\'s HTTP status or retryable: both come from the core\'s table', () => {
  const OVERRIDES = [
    /\.(?:httpStatus|retryable)\s*=(?!=)/, // assigned
    /defineProperty\([^,]+,\s*["'](?:httpStatus|retryable)["']/, // defined
    /\b(?:httpStatus|retryable)\s*:\s*(?:true|false|\d)/, // written into an answer or passed in
    /\bstatus\s*:\s*[45]\d\d\b/, // an error answer's status
    /\b(?:writeHead|status)\(\s*[45]\d\d\b/
  ]
  /** Not error answers of the package: the playground's static files. */
  const ALLOWED = ["www/server.js: res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')"]
  const hits = []
  for (const [file, text] of sources()) {
    if (file === path.join('pkg', 'src', 'errors.js')) continue // the class itself sets both, from the table
    const body = code(text).split('\n')
    body.forEach((line, i) => {
      if (OVERRIDES.some((re) => re.test(line)) && !ALLOWED.includes(`${file}: ${line.trim()}`)) hits.push(`${file}:${i + 1}: ${line.trim()}`)
    })
  }
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
