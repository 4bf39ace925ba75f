'use strict'
// The Taro and Vite plugins shipped in the package, on their own: each
// puts the wasm where the mini program build loads it from, byte for byte,
// and does nothing for web targets. (tests/js/platforms/frameworks-mp.test.js runs
// them in real Taro and uni-app builds.)
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const PKG = path.join(__dirname, '..', '..', '..', 'pkg')
const taro = require(path.join(PKG, 'taro.js'))
const vite = require(path.join(PKG, 'vite.js'))
const ASSET = 'miniprogram_npm/weapp-login/weapp_login_client.wasm.br'
const shipped = fs.readFileSync(path.join(PKG, 'miniprogram_dist', 'weapp_login_client.wasm.br'))

function runTaro (platform) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-taro-'))
  const hooks = []
  taro({ paths: { outputPath: out }, runOpts: { options: { platform } }, onBuildComplete: (fn) => hooks.push(fn) })
  assert.equal(hooks.length, 1)
  hooks[0]()
  const file = path.join(out, ASSET)
  const bytes = fs.existsSync(file) ? fs.readFileSync(file) : null
  fs.rmSync(out, { recursive: true, force: true })
  return bytes
}

test('the Taro plugin writes the wasm after a mini program build, not for H5', () => {
  assert.deepEqual(runTaro('weapp'), shipped)
  assert.equal(runTaro('h5'), null)
})

test('the Vite plugin emits the wasm as an asset, not for uni-app h5', () => {
  const saved = process.env.UNI_PLATFORM
  try {
    const emitted = []
    const plugin = vite()
    assert.equal(plugin.name, 'weapp-login')
    assert.equal(plugin.apply, 'build')
    process.env.UNI_PLATFORM = 'mp-weixin'
    plugin.generateBundle.call({ emitFile: (f) => emitted.push(f) })
    assert.equal(emitted.length, 1)
    assert.equal(emitted[0].type, 'asset')
    assert.equal(emitted[0].fileName, ASSET)
    assert.deepEqual(Buffer.from(emitted[0].source), shipped)
    process.env.UNI_PLATFORM = 'h5'
    plugin.generateBundle.call({ emitFile: (f) => emitted.push(f) })
    assert.equal(emitted.length, 1)
    assert.equal(vite.default, vite)
  } finally {
    if (saved === undefined) delete process.env.UNI_PLATFORM
    else process.env.UNI_PLATFORM = saved
  }
})
