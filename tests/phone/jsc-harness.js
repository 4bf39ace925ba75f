// Runs the scenario in JavaScriptCore's `jsc` shell, like an iPhone's engine:
// no TextEncoder/TextDecoder, no global WebAssembly, only a WXWebAssembly
// stand-in built on read(path, 'binary'). The package is loaded with a small
// CommonJS loader from the miniprogram_npm folder "build npm" produced.
//
//   jsc jsc-harness.js -- <mini program root> <fake-wx.js> <scenario.js>
/* global read, print, arguments */
const [root, fakeWxPath, scenarioPath] = arguments
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly

globalThis.WXWebAssembly = {
  instantiate (path, imports) {
    // This stand-in, like an old base library, has no brotli: the loader
    // must fall back to the plain .wasm.
    if (path.endsWith('.br')) return Promise.reject(new Error('.wasm.br unsupported here'))
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

const wl = load(root + '/miniprogram_npm/weapp-login/index.js')
const { createFakeWx } = load(fakeWxPath)
const { runScenario } = load(scenarioPath)
runScenario(wl, createFakeWx).then(
  (report) => print('REPORT ' + JSON.stringify(report)),
  (e) => print('FATAL ' + JSON.stringify({ message: String(e), code: e && e.code, stack: e && e.stack }))
)
