// Runs a whole mini program's output (a Taro or uni-app build) in
// JavaScriptCore's `jsc` shell, as a phone would: no TextEncoder/
// TextDecoder, no global WebAssembly, a WXWebAssembly stand-in, WeChat's
// module system (each file a function of `require, module, exports`,
// `require` relative to the file), App/Page/Component, and the global `wx`
// a test double (tests/js/helpers/fake-wx.js). It loads app.js, launches
// the app, waits for the promise the app left in `__weappLoginCheck`, and
// prints what it reported, the unhandled rejections and any launch error.
//
//   jsc app-harness.js -- <output root> <fake-wx.js> <decoded root> [<SDKVersion>]
//
// WXWebAssembly takes `.wasm.br` as base libraries from 2.14.0 do: jsc has
// no brotli, so it reads the wasm the test decompressed to the same path
// under <decoded root>.
/* global read, print, quit, arguments, setUnhandledRejectionCallback */
const [root, fakeWxPath, decodedRoot, sdkVersion = '3.5.8'] = arguments
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly
const unhandled = []
setUnhandledRejectionCallback((promise) => {
  promise.then(undefined, (e) => unhandled.push(String(e && (e.code || e.errMsg || e.message || e))))
})

// WeChat's globals that the jsc shell lacks: `global` (the mini program's
// own global object), clearTimeout and the interval timers.
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

globalThis.WXWebAssembly = {
  instantiate (path, imports) {
    if (!path.endsWith('.br')) return Promise.reject(new Error('no plain .wasm at ' + path))
    return NativeWebAssembly.instantiate(read(decodedRoot + path.slice(0, -3), 'binary'), imports)
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
  // The harness, not the package, compiles the module text, as WeChat does.
  // eslint-disable-next-line no-eval
  const fn = (0, eval)('(function (require, module, exports, window, document) {' + read(file) + '\n})')
  fn((request) => load(resolve(file, request)), module, module.exports, undefined, undefined)
  return module.exports
}

// The test double of wx, plus what a base library answers about itself.
// Also as `__fakeWx`: uni-app replaces the global `wx` with its own proxy.
globalThis.wx = globalThis.__fakeWx = load(fakeWxPath).createFakeWx()
// `__fakeWx.failLogins = n`: the next n wx.login calls fail (frameworks keep
// their own reference to wx.login, so the switch lives inside it).
const fake = globalThis.wx
const realLogin = fake.login
fake.failLogins = 0
fake.login = (o) => {
  if (fake.failLogins > 0) {
    fake.failLogins--
    fake.calls.login++
    setTimeout(() => o.fail({ errMsg: 'login:fail network error' }), 1)
    return
  }
  return realLogin.call(fake, o)
}
const info = { SDKVersion: sdkVersion, platform: 'ios', system: 'iOS 17.0', version: '8.0.50', pixelRatio: 3, windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, statusBarHeight: 44, language: 'zh_CN' }
Object.assign(globalThis.wx, {
  getAppBaseInfo: () => ({ SDKVersion: sdkVersion, language: 'zh_CN' }),
  getSystemInfoSync: () => info,
  getWindowInfo: () => info,
  getDeviceInfo: () => info,
  canIUse: () => true,
  nextTick: (fn) => Promise.resolve().then(fn),
  onAppShow () {},
  onAppHide () {},
  onError () {},
  onUnhandledRejection () {},
  getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
  getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 })
})

let app = null
globalThis.App = (options) => { app = options }
globalThis.getApp = () => app
globalThis.Page = () => {}
globalThis.Component = () => {}
globalThis.Behavior = (options) => options
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
Promise.resolve(globalThis.__weappLoginCheck).then((steps) => {
  report.steps = steps
  // Let pending timers and rejections settle before reporting.
  setTimeout(() => {
    report.unhandled = unhandled
    report.console = lines.slice(0, 20)
    print('REPORT ' + JSON.stringify(report))
    // Done: the client's cancelled timeouts (still queued in jsc) need not run out.
    quit()
  }, 20)
}, (e) => print('FATAL ' + JSON.stringify({ message: String(e), stack: e && e.stack })))
