// Runs tests/phone/platform-scenario.js in JavaScriptCore's `jsc` shell for
// one platform: no TextEncoder/TextDecoder, no global WebAssembly; the
// platform's WebAssembly object (WXWebAssembly, QQWebAssembly,
// TTWebAssembly) only where it has one, reading the decoded wasm from
// <decoded wasm> (jsc has no brotli).
//
//   jsc [--useJIT=false] platform-harness.js -- <bundle> <fake-wx.js> <fake-platform.js> <scenario.js> <platform> [<wasm object name> <decoded wasm>]
/* global read, print, quit, arguments */
const [bundle, fakeWxPath, fakePlatformPath, scenarioPath, platform, wasmObject, wasmFile] = arguments
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly
if (wasmObject) {
  globalThis[wasmObject] = {
    instantiate (path, imports) {
      if (!path.endsWith('.wasm.br')) return Promise.reject(new Error('expected the .wasm.br path, got ' + path))
      return NativeWebAssembly.instantiate(read(wasmFile, 'binary'), imports)
    }
  }
}

function load (file) {
  const module = { exports: {} }
  // The harness, not the package, compiles the module text.
  // eslint-disable-next-line no-eval
  const fn = (0, eval)('(function (module, exports, require) {' + read(file) + '\n})')
  fn(module, module.exports, () => { throw new Error('no require in this bundle: ' + file) })
  return module.exports
}

const wl = load(bundle)
const { createFakeWx } = load(fakeWxPath)
const fakes = load(fakePlatformPath)
const { runPlatformScenario } = load(scenarioPath)
runPlatformScenario(wl, createFakeWx, fakes, platform).then(
  // Done: the client's cancelled timeouts (still queued in jsc) need not run out.
  (report) => { print('REPORT ' + JSON.stringify(report)); quit() },
  (e) => print('FATAL ' + JSON.stringify({ message: String(e), code: e && e.code, stack: e && e.stack }))
)
