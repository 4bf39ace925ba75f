'use strict'
// The Taro and Vite plugins shipped in the package, on their own: each
// points `weapp-login` at the build the platform loads (miniprogram-wasm for
// QQ and Douyin, miniprogram-js for Alipay, Baidu and Kuaishou), puts the
// wasm where that build loads it from, byte for byte (none for the
// JavaScript core), and does nothing for web targets. (tests/js/platforms/frameworks-mp.test.js runs
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

const shippedWasmBuild = fs.readFileSync(path.join(PKG, 'dist', 'miniprogram-wasm', 'weapp_login_client.wasm.br'))

/** Runs the Taro plugin for `platform`: the wasm it wrote (or null), the webpack aliases and Vite plugins it added. */
function runTaro (platform) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-taro-'))
  const hooks = []
  const aliases = new Map()
  const chain = { resolve: { alias: { set (k, v) { aliases.set(k, v); return this } } } }
  const viteConfig = { plugins: [] }
  taro({
    paths: { outputPath: out },
    runOpts: { options: { platform } },
    onBuildComplete: (fn) => hooks.push(fn),
    modifyWebpackChain: (fn) => fn({ chain }),
    modifyViteConfig: (fn) => fn({ viteConfig })
  })
  for (const hook of hooks) hook()
  const file = path.join(out, ASSET)
  const bytes = fs.existsSync(file) ? fs.readFileSync(file) : null
  fs.rmSync(out, { recursive: true, force: true })
  return { bytes, aliases: Object.fromEntries(aliases), vitePlugins: viteConfig.plugins }
}

test('the Taro plugin writes the wasm after a mini program build, not for H5', () => {
  assert.deepEqual(runTaro('weapp'), { bytes: shipped, aliases: {}, vitePlugins: [] })
  assert.deepEqual(runTaro('h5'), { bytes: null, aliases: {}, vitePlugins: [] })
})

test('the Taro plugin points weapp-login at each platform\'s build', () => {
  for (const [platform, build, bytes] of [['tt', 'miniprogram-wasm', shippedWasmBuild], ['qq', 'miniprogram-wasm', shippedWasmBuild], ['alipay', 'miniprogram-js', null], ['swan', 'miniprogram-js', null]]) {
    const r = runTaro(platform)
    assert.deepEqual(r.bytes, bytes, platform)
    assert.deepEqual(r.aliases, { 'weapp-login$': `weapp-login/${build}`, 'weapp-login/miniprogram$': `weapp-login/${build}` }, platform)
    assert.equal(r.vitePlugins.length, 1, platform)
    assert.equal(r.vitePlugins[0].generateBundle, undefined, `${platform}: Vite gets the alias only; the wasm is written after the build`)
  }
})

/** What the Vite plugin resolves `source` to under UNI_PLATFORM=`platform` (the id it asks Vite for, or null). */
async function viteResolves (platform, source, options) {
  const saved = process.env.UNI_PLATFORM
  process.env.UNI_PLATFORM = platform
  try {
    const asked = []
    const id = await vite(options).resolveId.call({ resolve: async (s, importer, o) => { asked.push([s, importer, o.skipSelf]); return { id: `/resolved/${s}` } } }, source, '/app/App.vue', {})
    return { id, asked }
  } finally {
    if (saved === undefined) delete process.env.UNI_PLATFORM
    else process.env.UNI_PLATFORM = saved
  }
}

test('the Vite plugin points weapp-login at each platform\'s build', async () => {
  assert.deepEqual(await viteResolves('mp-toutiao', 'weapp-login'), { id: { id: '/resolved/weapp-login/miniprogram-wasm' }, asked: [['weapp-login/miniprogram-wasm', '/app/App.vue', true]] })
  assert.deepEqual((await viteResolves('mp-qq', 'weapp-login/miniprogram')).id, { id: '/resolved/weapp-login/miniprogram-wasm' })
  for (const platform of ['mp-alipay', 'mp-baidu', 'mp-kuaishou']) {
    assert.deepEqual((await viteResolves(platform, 'weapp-login/miniprogram')).id, { id: '/resolved/weapp-login/miniprogram-js' }, platform)
  }
  assert.deepEqual((await viteResolves('h5', 'weapp-login/miniprogram', { platform: 'swan' })).id, { id: '/resolved/weapp-login/miniprogram-js' }, 'the platform option decides')
  // Left alone: WeChat, web targets, other imports.
  assert.deepEqual(await viteResolves('mp-weixin', 'weapp-login'), { id: null, asked: [] })
  assert.deepEqual(await viteResolves('h5', 'weapp-login'), { id: null, asked: [] })
  assert.deepEqual(await viteResolves('mp-alipay', 'weapp-login/client'), { id: null, asked: [] })
  assert.deepEqual(await viteResolves('mp-alipay', 'weapp-login-other'), { id: null, asked: [] })
})

test('the Vite plugin emits the wasm build\'s wasm for QQ and Douyin, nothing for the JavaScript core', () => {
  const saved = process.env.UNI_PLATFORM
  try {
    for (const [platform, bytes] of [['mp-toutiao', shippedWasmBuild], ['mp-qq', shippedWasmBuild], ['mp-alipay', null], ['mp-baidu', null], ['mp-kuaishou', null]]) {
      const emitted = []
      process.env.UNI_PLATFORM = platform
      vite().generateBundle.call({ emitFile: (f) => emitted.push(f) })
      assert.deepEqual(emitted.map((f) => [f.fileName, Buffer.from(f.source)]), bytes === null ? [] : [[ASSET, bytes]], platform)
    }
  } finally {
    if (saved === undefined) delete process.env.UNI_PLATFORM
    else process.env.UNI_PLATFORM = saved
  }
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
