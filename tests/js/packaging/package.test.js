'use strict'
// The package as users get it: `npm pack`, installed into a scratch project,
// loaded with require and with import; its files, exports map and types.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const PKG = path.join(__dirname, '..', '..', '..', 'pkg')
const manifest = require(path.join(PKG, 'package.json'))
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' })
const node = (args, cwd) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' })

test('the exports map lists types first, for require, import and the browser client', () => {
  const entries = [manifest.exports['.'].import, manifest.exports['.'].require, manifest.exports['./client'].import, manifest.exports['./client'].require]
  for (const entry of entries) {
    assert.equal(Object.keys(entry)[0], 'types', JSON.stringify(entry))
    for (const file of Object.values(entry)) assert.ok(fs.existsSync(path.join(PKG, file)), file)
  }
  assert.equal(manifest.miniprogram, 'miniprogram_dist')
})

test('every export is declared in index.d.ts, and nothing else is', () => {
  // index.d.ts (written by tools/types.js) re-exports the values tsc declared from the JSDoc.
  const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8')
  const values = dts.match(/^export \{([^}]*)\} from '\.\/dist\/types\/src\/index\.js'$/m)
  assert.ok(values, 'index.d.ts re-exports the declared values')
  const declared = new Set(values[1].split(',').map((n) => n.trim()).filter(Boolean))
  const exported = new Set(Object.keys(require('weapp-login')))
  assert.deepEqual([...exported].sort(), [...declared].sort())
})

test('the packed package installs, and loads with require and import', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-pack-'))
  try {
    const tarball = npm(['pack', '--pack-destination', tmp, '--json'], PKG)
    const [{ filename, files }] = JSON.parse(tarball)
    const names = files.map((f) => f.path)
    for (const f of ['dist/server/weapp_login_bg.wasm', 'dist/web/index.mjs', 'dist/web/weapp_login_client.wasm', 'miniprogram_dist/index.js', 'miniprogram_dist/weapp_login_client.wasm.br', 'miniprogram.d.ts', 'taro.js', 'vite.js', 'wasm-asset.js']) {
      assert.ok(names.includes(f), `${f} is packed`)
    }
    assert.ok(names.includes('index.d.ts') && names.includes('index.d.mts'))
    assert.ok(!names.some((n) => /(^|\/)(Cargo|tests?\/|target\/|\.rs$)|server-trap/.test(n)), `stray files: ${names}`)

    const app = path.join(tmp, 'app')
    fs.mkdirSync(app)
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }))
    npm(['install', '--offline', path.join(tmp, filename)], app)

    const cjs = node(['-e', `
      const wl = require('weapp-login')
      try { wl.decryptData({}) } catch (e) { console.log(e instanceof wl.WeappLoginError, e.code) }
      console.log(wl.wechatError(40163).code)`], app)
    assert.equal(cjs, 'true ERR_INVALID_ARGUMENT\nERR_CODE_USED\n')

    const esm = node(['--input-type=module', '-e', `
      import { wechatError, WeappLoginError } from 'weapp-login'
      import wl from 'weapp-login'
      console.log(wechatError(-1).code, wl.WeappLoginError === WeappLoginError)`], app)
    assert.equal(esm, 'ERR_UPSTREAM_BUSY true\n')
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
})
