'use strict'
// What the npm tarball carries: the README (for package users), the LICENSE, the notices of
// every crate the wasm links (as Cargo.lock resolves them), the builds, and
// nothing else; no build machine's paths inside the wasm.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')

/** The tarball's file list, as `npm pack` makes it (without writing it). */
function packed () {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PKG, encoding: 'utf8' })
  return JSON.parse(out)[0].files.map((f) => f.path).sort()
}

test('the tarball: README, LICENSE, notices, the builds, and nothing else', () => {
  const names = packed()
  for (const f of ['README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'package.json', 'index.d.ts', 'src/index.js', 'src/stores/redis-client.js', 'src/server/upstream/keep-alive-fetch.js', 'dist/server/weapp_login_bg.wasm', 'dist/error-table.json', 'dist/rules.json', 'miniprogram_dist/weapp_login_client.wasm.br', 'dist/miniprogram-wasm/weapp_login_client.wasm.br', 'dist/miniprogram-js/index.js', 'taro.js', 'vite.js', 'miniprogram.d.ts', 'bin/weapp-login.js']) {
    assert.ok(names.includes(f), `${f} is packed`)
  }
  const allowed = /^(README\.md|LICENSE|THIRD_PARTY_NOTICES\.md|package\.json|index\.d\.m?ts|client\.d\.m?ts|(miniprogram|miniprogram-js|miniprogram-wasm|taro|vite)\.d\.ts|(taro|vite|wasm-asset)\.js|bin\/weapp-login\.js|src\/.+\.m?js|dist\/(error-table|rules)\.json|dist\/(server|web|client|client-js|miniprogram-js|miniprogram-wasm)\/.+|dist\/types\/.+\.d\.m?ts|miniprogram_dist\/.+)$/
  assert.deepEqual(names.filter((n) => !allowed.test(n)), [], 'files outside the whitelist')
  assert.ok(!names.some((n) => /trap|\.map$|\.rs$|\.d\.ts\.map$/.test(n)), 'no test builds, maps or sources')
  // The README packed is the project's README for package users (tools/pack-readme.js, run by prepack).
  const { packedReadme } = require(path.join(ROOT, 'tools', 'pack-readme.js'))
  assert.equal(fs.readFileSync(path.join(PKG, 'README.md'), 'utf8'), packedReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')))
})

test('one license: MIT, the same text at the root and in the package, as the manifests say', () => {
  const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')
  assert.match(license, /^MIT License\n/)
  assert.equal(fs.readFileSync(path.join(PKG, 'LICENSE'), 'utf8'), license)
  assert.equal(require(path.join(PKG, 'package.json')).license, 'MIT')
  assert.match(fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'), /^license = "MIT"$/m)
})

test('the notices list every crate each wasm build links, with its license text (checked against Cargo.lock)', () => {
  const { generate, BUILDS, linked } = require(path.join(ROOT, 'tools', 'notices.js'))
  const notices = fs.readFileSync(path.join(PKG, 'THIRD_PARTY_NOTICES.md'), 'utf8')
  assert.equal(notices, generate(), 'pkg/THIRD_PARTY_NOTICES.md is stale: run node tools/notices.js')
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8')
  for (const build of BUILDS) {
    const crates = [...linked(build).values()]
    assert.ok(crates.length > 3, build.name)
    for (const c of crates) {
      assert.ok(lock.includes(`name = "${c.name}"\nversion = "${c.version}"`), `${c.name} ${c.version} is in Cargo.lock`)
      assert.ok(notices.includes(`\n## ${c.name} ${c.version}\n`), `${c.name} ${c.version} has its text`)
    }
  }
  // subtle (the server build's constant-time compare) is BSD-3-Clause: its own text, copyright lines and all.
  assert.match(notices, /\| \[subtle\]\([^)]*\) \| [\d.]+ \| BSD-3-Clause /)
  assert.match(notices, /## subtle [\d.]+\n\nLICENSE:\n\n```text\nCopyright \(c\)/)
})

test('no build machine paths inside the wasm', () => {
  const wasm = []
  for (const dir of ['dist/server', 'dist/web', 'dist/client', 'miniprogram_dist']) {
    for (const f of fs.readdirSync(path.join(PKG, dir))) if (/\.wasm(\.br)?$/.test(f)) wasm.push(path.join(dir, f))
  }
  assert.ok(wasm.length >= 4, wasm.join(', '))
  for (const f of wasm) {
    const bytes = fs.readFileSync(path.join(PKG, f))
    const text = (f.endsWith('.br') ? require('node:zlib').brotliDecompressSync(bytes) : bytes).toString('latin1')
    for (const needle of ['/root/', '/home/', '/work/', '.cargo/registry', '.rustup/', ROOT]) {
      assert.ok(!text.includes(needle), `${f} contains ${needle}`)
    }
  }
})
