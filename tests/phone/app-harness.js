// Runs a whole mini program's output (a Taro or uni-app build) in
// JavaScriptCore's `jsc` shell, as WeChat on a phone would, in the engine
// of tests/phone/mp-engine.js (WXWebAssembly, WeChat's module system,
// App/Page/Component), with the global `wx` a test double
// (tests/js/helpers/fake-wx.js). It loads app.js, launches the app, waits
// for the promise the app left in `__weappLoginCheck`, and prints what it
// reported (as `steps`), the unhandled rejections and any launch error.
//
//   jsc mp-engine.js app-harness.js -- <output root> <fake-wx.js> <decoded root> [<SDKVersion>]
//
// WXWebAssembly takes `.wasm.br` as base libraries from 2.14.0 do: jsc has
// no brotli, so it reads the wasm the test decompressed to the same path
// under <decoded root>.
/* global arguments, mpEngine */
const [root, fakeWxPath, decodedRoot, sdkVersion = '3.5.8'] = arguments
const engine = mpEngine({ root, decodedRoot, wasmObject: 'WXWebAssembly' })

// The test double of wx, plus what a base library answers about itself.
// Also as `__fakeWx`: uni-app replaces the global `wx` with its own proxy.
const fake = globalThis.wx = globalThis.__fakeWx = engine.loadModule(fakeWxPath).createFakeWx()
// `__fakeWx.failLogins = n`: the next n wx.login calls fail (frameworks keep
// their own reference to wx.login, so the switch lives inside it).
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
engine.addBaseLibrary(fake, sdkVersion)
fake.canIUse = () => true

engine.launch('steps')
