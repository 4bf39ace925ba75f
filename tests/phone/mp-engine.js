// The mini program engine the app harnesses run an output in
// (tests/phone/app-harness.js on WeChat, platform-app-harness.js on the
// others), in JavaScriptCore's `jsc` shell, as a phone would: no
// TextEncoder/TextDecoder, no global WebAssembly; the platform's own
// WebAssembly object only where it has one, reading the wasm the test
// decompressed under <decoded root> (jsc has no brotli); the globals an
// engine has and jsc lacks (`global`, clearTimeout, the interval timers);
// the mini program module system (each file a function of `require, module,
// exports`, `require` relative to the file); App/Page/Component; a base
// library's answers about itself; the launch and the report.
//
// jsc runs it before the harness, in the same global scope:
//
//   jsc [--useJIT=false] mp-engine.js <harness>.js -- <arguments>
//
// It declares one global, `mpEngine`, and nothing else (both scripts share
// one global scope; jsc's own `load` is left alone).
/* global read, print, quit, setUnhandledRejectionCallback */
/* exported mpEngine */

/**
 * Makes the engine for the output at `root`: `wasmObject` (e.g.
 * `WXWebAssembly`) is the WebAssembly object the platform has, or none;
 * it instantiates `<path>.br` from `<decoded root><path>`. Answers
 * `loadModule(file)` (the module system), `loadPlain(file)` (a CommonJS
 * helper without `require`), `addBaseLibrary(api, sdkVersion)` and
 * `launch(resultKey)`.
 */
function mpEngine ({ root, decodedRoot, wasmObject }) {
  const NativeWebAssembly = WebAssembly
  delete globalThis.WebAssembly
  // The platform's WebAssembly object takes `.wasm.br` and reads the decoded file.
  const instantiate = (path, imports) => path.endsWith('.br')
    ? NativeWebAssembly.instantiate(read(decodedRoot + path.slice(0, -3), 'binary'), imports)
    : Promise.reject(new Error('no plain .wasm at ' + path))
  if (wasmObject) globalThis[wasmObject] = { instantiate }
  const unhandled = []
  setUnhandledRejectionCallback((promise) => {
    promise.then(undefined, (e) => unhandled.push(String(e && (e.code || e.errMsg || e.errorMessage || e.message || e))))
  })

  // What mini program engines have and the jsc shell lacks: `global` (the
  // mini program's own global object), clearTimeout and the interval timers.
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

  const launchOptions = () => ({ path: 'pages/index/index', query: {}, scene: 1001 })
  const cache = {}
  const dirname = (file) => file.slice(0, file.lastIndexOf('/'))
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
  function loadModule (file) {
    if (cache[file]) return cache[file].exports
    const module = { exports: {} }
    cache[file] = module
    // The harness, not the package, compiles the module text, as the engine does.
    // eslint-disable-next-line no-eval
    const fn = (0, eval)('(function (require, module, exports, window, document) {' + read(file) + '\n})')
    fn((request) => loadModule(resolve(file, request)), module, module.exports, undefined, undefined)
    return module.exports
  }
  function loadPlain (file) {
    const module = { exports: {} }
    // eslint-disable-next-line no-eval
    const fn = (0, eval)('(function (module, exports, require) {' + read(file) + '\n})')
    fn(module, module.exports, () => { throw new Error('no require in ' + file) })
    return module.exports
  }

  /** Adds to `api` what a base library of `sdkVersion` answers about itself and the phone. */
  function addBaseLibrary (api, sdkVersion) {
    const info = { SDKVersion: sdkVersion, platform: 'ios', system: 'iOS 17.0', version: '8.0.50', pixelRatio: 3, windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, statusBarHeight: 44, language: 'zh_CN', brand: 'Apple', model: 'iPhone' }
    return Object.assign(api, {
      getAppBaseInfo: () => ({ SDKVersion: sdkVersion, language: 'zh_CN' }),
      getSystemInfoSync: () => info,
      getWindowInfo: () => info,
      getDeviceInfo: () => info,
      nextTick: (fn) => Promise.resolve().then(fn),
      onAppShow () {},
      onAppHide () {},
      onError () {},
      onUnhandledRejection () {},
      getLaunchOptionsSync: launchOptions,
      getEnterOptionsSync: launchOptions
    })
  }

  let app = null
  globalThis.App = (options) => { app = options }
  globalThis.getApp = () => app
  globalThis.Page = () => {}
  globalThis.Component = () => {}
  globalThis.Behavior = (options) => options
  globalThis.getCurrentPages = () => []
  globalThis.requirePlugin = () => ({})

  /**
   * Loads app.js and launches the app, waits for the promise the app left
   * in `__weappLoginCheck`, and prints the report: its answer as
   * `resultKey`, the unhandled rejections, the console and any launch error.
   */
  function launch (resultKey) {
    const report = { launched: false }
    try {
      loadModule(root + '/app.js')
      if (app && typeof app.onLaunch === 'function') app.onLaunch.call(app, launchOptions())
      if (app && typeof app.onShow === 'function') app.onShow.call(app, launchOptions())
      report.launched = app !== null
    } catch (e) {
      report.launchError = String(e) + '\n' + (e && e.stack)
    }
    Promise.resolve(globalThis.__weappLoginCheck).then((result) => {
      report[resultKey] = result
      // Let pending timers and rejections settle before reporting.
      setTimeout(() => {
        report.unhandled = unhandled
        report.console = lines.slice(0, 20)
        print('REPORT ' + JSON.stringify(report))
        // Done: the client's cancelled timeouts (still queued in jsc) need not run out.
        quit()
      }, 20)
    }, (e) => print('FATAL ' + JSON.stringify({ message: String(e), stack: e && e.stack })))
  }

  return { loadModule, loadPlain, addBaseLibrary, launch }
}
