// Runs a Taro or uni-app output, or a native project, built for one mini program platform in
// JavaScriptCore's `jsc` shell, as that platform's phone would, in the
// engine of tests/phone/mp-engine.js (the platform's WebAssembly object
// only where it has one: WXWebAssembly, QQWebAssembly, TTWebAssembly), with
// the platform's API object (`tt`, `my`, `swan`, …) emulated from its docs
// (tests/js/helpers/fake-platform.js) as its global. The app's check
// (tests/frameworks-mp/check.js) hands the framework's API object to
// `__platformCheck`, which runs the five steps of
// tests/phone/platform-scenario.js; a native project's app hands the build
// it required and its options to `__nativeCheck` instead. This prints the
// report (as `result`), the unhandled rejections and any launch error.
//
//   jsc [--useJIT=false] mp-engine.js platform-app-harness.js -- <output root> <fake-wx.js> <fake-platform.js> <scenario.js> <platform> <framework: taro | uni | native> <decoded root>
/* global arguments, mpEngine */
const [root, fakeWxPath, fakePlatformPath, scenarioPath, platform, framework, decodedRoot] = arguments
const WASM_OBJECT = { weixin: 'WXWebAssembly', qq: 'QQWebAssembly', toutiao: 'TTWebAssembly' }
const engine = mpEngine({ root, decodedRoot, wasmObject: WASM_OBJECT[platform] })

// The platform's API object, plus what a base library answers about itself.
const fakes = engine.loadPlain(fakePlatformPath)
const { runFrameworkScenario, runNativeScenario } = engine.loadPlain(scenarioPath)
const api = engine.addBaseLibrary(fakes.createFakePlatform(engine.loadPlain(fakeWxPath).createFakeWx, platform), '3.5.8')
const info = api.getSystemInfoSync()
Object.assign(api, {
  getSystemInfo: (o) => { setTimeout(() => { o && o.success && o.success(info); o && o.complete && o.complete(info) }, 1) },
  // Asynchronous storage (uni-app keeps its device id there), over the same store.
  setStorage: (o) => { api.storage.set(o.key, JSON.parse(JSON.stringify(o.data))); setTimeout(() => { o.success && o.success({}) }, 1) },
  getStorage: (o) => { setTimeout(() => api.storage.has(o.key) ? o.success && o.success({ data: api.storage.get(o.key) }) : o.fail && o.fail({ errMsg: 'getStorage:fail data not found' }), 1) },
  // What the object has (uni-app asks Alipay's `my.canIUse('saveFileToDingTalk')` to tell DingTalk apart).
  canIUse: (name) => typeof api[String(name).split('.')[0]] === 'function'
})
globalThis[fakes.API_KEY[platform]] = api
// Alipay's engine has a global `navigator` (Taro's alipay build expects it).
if (platform === 'alipay') globalThis.navigator = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AlipayClient/10.5.60' }
globalThis.Mixin = (options) => options
globalThis.__platformCheck = (frameworkApi, wl) => runFrameworkScenario(wl, frameworkApi, api, fakes, platform, framework)
globalThis.__nativeCheck = (wl, extra) => runNativeScenario(wl, api, fakes, platform, extra)

engine.launch('result')
