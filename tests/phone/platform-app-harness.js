// Runs a Taro or uni-app output, or a native project, built for one mini program platform in
// JavaScriptCore's `jsc` shell, as that platform's phone would: no
// TextEncoder/TextDecoder, no global WebAssembly; the platform's own
// WebAssembly object only where it has one (WXWebAssembly, QQWebAssembly,
// TTWebAssembly, reading the wasm the test decompressed under <decoded
// root>: jsc has no brotli); the platform's API object (`tt`, `my`, `swan`,
// …) emulated from its docs (tests/js/helpers/fake-platform.js) as its
// global; the mini program module system (each file a function of
// `require, module, exports`, `require` relative to the file) and
// App/Page/Component. The app's check (tests/frameworks-mp/check.js) hands
// the framework's API object to `__platformCheck`, which runs the five
// steps of tests/phone/platform-scenario.js; a native project's app hands
// the build it required and its options to `__nativeCheck` instead. This
// prints the report, the unhandled rejections and any launch error.
//
//   jsc [--useJIT=false] platform-app-harness.js -- <output root> <fake-wx.js> <fake-platform.js> <scenario.js> <platform> <framework: taro | uni | native> <decoded root>
/* global read, print, quit, arguments, setUnhandledRejectionCallback */
const [root, fakeWxPath, fakePlatformPath, scenarioPath, platform, framework, decodedRoot] = arguments
const WASM_OBJECT = { weixin: 'WXWebAssembly', qq: 'QQWebAssembly', toutiao: 'TTWebAssembly' }
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly
const unhandled = []
setUnhandledRejectionCallback((promise) => {
  promise.then(undefined, (e) => unhandled.push(String(e && (e.code || e.errMsg || e.errorMessage || e.message || e))))
})

// What mini program engines have and the jsc shell lacks: `global`,
// clearTimeout and the interval timers.
globalThis.global = globalThis
const nativeSetTimeout = setTimeout
const cancelled = new Set()
let timers = 0
globalThis.setTimeout = (fn, ms, ...args) => {
  const id = ++timers
  nativeSetTimeout(() => { if (!cancelled.delete(id)) fn(...args) }, ms)
  return id
}
globalThis.clearTimeout = (id) => { cancelled.add(id) }
globalThis.setInterval = () => ++timers // nothing here repeats; never fires
globalThis.clearInterval = () => {}

const lines = []
const say = (...args) => lines.push(args.map(String).join(' '))
globalThis.console = { log: say, info: say, warn: say, error: say, debug: say, group: say, groupEnd () {}, time () {}, timeEnd () {} }

if (WASM_OBJECT[platform]) {
  globalThis[WASM_OBJECT[platform]] = {
    instantiate (path, imports) {
      if (!path.endsWith('.br')) return Promise.reject(new Error('no plain .wasm at ' + path))
      return NativeWebAssembly.instantiate(read(decodedRoot + path.slice(0, -3), 'binary'), imports)
    }
  }
}

const cache = {}
function dirname (file) { return file.slice(0, file.lastIndexOf('/')) }
function resolve (from, request) {
  const parts = (request.startsWith('/') ? root + request : dirname(from) + '/' + request).split('/')
  const out = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.') out.push(p)
  }
  const file = out.join('/')
  return file.endsWith('.js') ? file : file + '.js'
}
function load (file) {
  if (cache[file]) return cache[file].exports
  const module = { exports: {} }
  cache[file] = module
  // The harness, not the package, compiles the module text, as the platform does.
  // eslint-disable-next-line no-eval
  const fn = (0, eval)('(function (require, module, exports, window, document) {' + read(file) + '\n})')
  fn((request) => load(resolve(file, request)), module, module.exports, undefined, undefined)
  return module.exports
}
function loadPlain (file) {
  const module = { exports: {} }
  // eslint-disable-next-line no-eval
  const fn = (0, eval)('(function (module, exports, require) {' + read(file) + '\n})')
  fn(module, module.exports, () => { throw new Error('no require in ' + file) })
  return module.exports
}

// The platform's API object, plus what a base library answers about itself.
const fakes = loadPlain(fakePlatformPath)
const { runFrameworkScenario, runNativeScenario } = loadPlain(scenarioPath)
const api = fakes.createFakePlatform(loadPlain(fakeWxPath).createFakeWx, platform)
const info = { SDKVersion: '3.5.8', platform: 'ios', system: 'iOS 17.0', version: '8.0.50', pixelRatio: 3, windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, statusBarHeight: 44, language: 'zh_CN', brand: 'Apple', model: 'iPhone' }
Object.assign(api, {
  getAppBaseInfo: () => ({ SDKVersion: info.SDKVersion, language: 'zh_CN' }),
  getSystemInfoSync: () => info,
  getSystemInfo: (o) => { setTimeout(() => { o && o.success && o.success(info); o && o.complete && o.complete(info) }, 1) },
  getWindowInfo: () => info,
  getDeviceInfo: () => info,
  // Asynchronous storage (uni-app keeps its device id there), over the same store.
  setStorage: (o) => { api.storage.set(o.key, JSON.parse(JSON.stringify(o.data))); setTimeout(() => { o.success && o.success({}) }, 1) },
  getStorage: (o) => { setTimeout(() => api.storage.has(o.key) ? o.success && o.success({ data: api.storage.get(o.key) }) : o.fail && o.fail({ errMsg: 'getStorage:fail data not found' }), 1) },
  // What the object has (uni-app asks Alipay's `my.canIUse('saveFileToDingTalk')` to tell DingTalk apart).
  canIUse: (name) => typeof api[String(name).split('.')[0]] === 'function',
  nextTick: (fn) => Promise.resolve().then(fn),
  onAppShow () {},
  onAppHide () {},
  onError () {},
  onUnhandledRejection () {},
  getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
  getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 })
})
globalThis[fakes.API_KEY[platform]] = api
// Alipay's engine has a global `navigator` (Taro's alipay build expects it).
if (platform === 'alipay') globalThis.navigator = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AlipayClient/10.5.60' }
globalThis.__platformCheck = (frameworkApi, wl) => runFrameworkScenario(wl, frameworkApi, api, fakes, platform, framework)
globalThis.__nativeCheck = (wl, extra) => runNativeScenario(wl, api, fakes, platform, extra)

let app = null
globalThis.App = (options) => { app = options }
globalThis.getApp = () => app
globalThis.Page = () => {}
globalThis.Component = () => {}
globalThis.Behavior = (options) => options
globalThis.Mixin = (options) => options
globalThis.getCurrentPages = () => []
globalThis.requirePlugin = () => ({})

const report = { launched: false }
try {
  load(root + '/app.js')
  if (app && typeof app.onLaunch === 'function') app.onLaunch.call(app, { path: 'pages/index/index', query: {}, scene: 1001 })
  if (app && typeof app.onShow === 'function') app.onShow.call(app, { path: 'pages/index/index', query: {}, scene: 1001 })
  report.launched = app !== null
} catch (e) {
  report.launchError = String(e) + '\n' + (e && e.stack)
}
Promise.resolve(globalThis.__weappLoginCheck).then((result) => {
  report.result = result
  // Let pending timers and rejections settle before reporting.
  setTimeout(() => {
    report.unhandled = unhandled
    report.console = lines.slice(0, 20)
    print('REPORT ' + JSON.stringify(report))
    // Done: the client's cancelled timeouts (still queued in jsc) need not run out.
    quit()
  }, 20)
}, (e) => print('FATAL ' + JSON.stringify({ message: String(e), stack: e && e.stack })))
