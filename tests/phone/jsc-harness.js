// Runs the scenario in JavaScriptCore's `jsc` shell, like an iPhone's engine:
// no TextEncoder/TextDecoder, no global WebAssembly, only a WXWebAssembly
// stand-in built on read(path, 'binary'). The package is loaded with a small
// CommonJS loader from the miniprogram_npm folder "build npm" produced.
//
//   jsc jsc-harness.js -- <mini program root> <fake-wx.js> <scenario.js> [<decoded root>] [<entry>]
//
// With <decoded root> the stand-in is a base library of 2.14.0 or later,
// which takes `.wasm.br`: jsc has no brotli, so it reads the wasm that the
// test decompressed beforehand to the same path under <decoded root>.
// Without it (or with '-'), it is an older one that rejects `.br`.
// <entry> is the script to load, relative to the root (default: what build
// npm produced); a framework's output passes its app bundle instead.
/* global read, print, arguments */
const [root, fakeWxPath, scenarioPath, decodedRoot = '-', entry = '/miniprogram_npm/weapp-login/index.js'] = arguments
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly

globalThis.WXWebAssembly = {
  instantiate (path, imports) {
    if (path.endsWith('.br')) {
      if (decodedRoot === '-') return Promise.reject(new Error('.wasm.br unsupported here'))
      return NativeWebAssembly.instantiate(read(decodedRoot + path.slice(0, -3), 'binary'), imports)
    }
    return NativeWebAssembly.instantiate(read(root + path, 'binary'), imports)
  }
}

const cache = {}
function load (file) {
  if (cache[file]) return cache[file].exports
  const module = { exports: {} }
  cache[file] = module
  // The harness, not the package, compiles the module text.
  // eslint-disable-next-line no-eval
  const fn = (0, eval)('(function (module, exports, require) {' + read(file) + '\n})')
  fn(module, module.exports, () => { throw new Error('no require in this bundle: ' + file) })
  return module.exports
}

const wl = load(root + entry)
const { createFakeWx } = load(fakeWxPath)
const { runScenario } = load(scenarioPath)
runScenario(wl, createFakeWx).then(
  (report) => print('REPORT ' + JSON.stringify(report)),
  (e) => print('FATAL ' + JSON.stringify({ message: String(e), code: e && e.code, stack: e && e.stack }))
)
