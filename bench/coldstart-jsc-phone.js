// The phone side of bench/coldstart-jsc.js, run by `jsc --useJIT=false`
// (JavaScriptCore without JIT, like a mini program's engine where JIT is
// not allowed). One process is one cold start.
//
//   jsc --useJIT=false coldstart-jsc-phone.js -- <platform> <mode> <index.js> <decoded .wasm> [<stored session file>]
//
// <platform>: `weixin` (WeChat's `wx` and WXWebAssembly, for
// miniprogram_dist) or `alipay` (Alipay's `my`: its storage, getAuthCode
// and request shapes, and no WebAssembly at all, for dist/miniprogram-js).
// Modes: `prepare` signs in once (the server answers a nickname, an avatar
// and a masked phone) and prints the stored session entry;
// `frame` times evaluating the bundle, then `createLoginClient` until it
// returns with the first frame (the stored user, signed in, read from
// storage before the core loads), and prints both;
// `full` times evaluating the bundle, instantiating the core (the wasm, or
// the JS-compiled one) and restoring the stored session (until `client.ready`: the core confirmed the frame);
// `bundle` times evaluating the bundle alone (the baseline).
// The files are read before the clock starts: on a phone the runtime reads
// them, and WXWebAssembly decompresses the .wasm.br natively.
/* global read, print, arguments, preciseTime */
const [platform, mode, indexPath, wasmPath, storedPath] = arguments
const KEY = 'weapp-login:v1:wx1234567890abcdef:session'
const NativeWebAssembly = WebAssembly
delete globalThis.WebAssembly
const bundle = read(indexPath)
if (platform === 'weixin') {
  const wasm = read(wasmPath, 'binary')
  globalThis.WXWebAssembly = { instantiate: (path, imports) => NativeWebAssembly.instantiate(wasm, imports) }
}

const USER = { nickName: '小明', avatarUrl: 'https://api.example.com/avatars/a1', phoneNumber: '138****8000' }
const storage = new Map()
if (storedPath) storage.set(KEY, JSON.parse(read(storedPath)))
const SIGNED_IN = { token: 'bench-token-' + 'x'.repeat(40), openid: 'o-bench', expiresAt: Date.now() + 30 * 86400_000, profile: true, phone: true, user: USER }
const later = (fn) => Promise.resolve().then(fn)
const api = platform === 'weixin'
  ? {
      getAppBaseInfo: () => ({ SDKVersion: '3.5.8' }),
      getStorageSync: (k) => storage.has(k) ? storage.get(k) : '',
      setStorageSync: (k, v) => { storage.set(k, JSON.parse(JSON.stringify(v))) },
      removeStorageSync: (k) => { storage.delete(k) },
      login: (o) => later(() => o.success({ errMsg: 'login:ok', code: 'bench-code' })),
      checkSession: (o) => later(() => o.success({ errMsg: 'checkSession:ok' })),
      request: (o) => later(() => o.success({ statusCode: 200, data: SIGNED_IN }))
    }
  : {
      // Alipay's shapes: storage by `{ key, data }`, answered `{ data }`; no checkSession.
      getStorageSync: ({ key }) => ({ data: storage.has(key) ? storage.get(key) : null }),
      setStorageSync: ({ key, data }) => { storage.set(key, JSON.parse(JSON.stringify(data))) },
      removeStorageSync: ({ key }) => { storage.delete(key) },
      getAuthCode: (o) => later(() => o.success({ authCode: 'bench-auth-code' })),
      request: (o) => later(() => o.success({ status: 200, data: SIGNED_IN, headers: {} }))
    }
globalThis[platform === 'weixin' ? 'wx' : 'my'] = api

function evaluate () {
  const module = { exports: {} }
  // eslint-disable-next-line no-eval
  ;(0, eval)('(function (module, exports, require) {' + bundle + '\n})')(module, module.exports, () => { throw new Error('no require') })
  return module.exports
}

const fail = (e) => print('FAIL ' + String(e && (e.code || e.message || e)))
const options = { [platform === 'weixin' ? 'wx' : 'my']: api, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' }
const t0 = preciseTime()
if (mode === 'bundle') {
  evaluate()
  print('TIME ' + (preciseTime() - t0) * 1000)
} else if (mode === 'frame') {
  const api = evaluate()
  const t1 = preciseTime()
  const client = api.createLoginClient(options)
  const t2 = preciseTime()
  const s = client.state
  if (s.name !== 'signedIn' || s.user.nickName !== USER.nickName || s.user.avatarUrl !== USER.avatarUrl || s.user.phoneNumber !== USER.phoneNumber) fail('first frame not signed in: ' + JSON.stringify(s))
  else print('TIME ' + (t1 - t0) * 1000 + ' ' + (t2 - t1) * 1000)
} else if (mode === 'full') {
  const client = evaluate().createLoginClient(options)
  client.ready.then(() => {
    const ms = (preciseTime() - t0) * 1000
    if (client.state.name !== 'signedIn' || client.state.user.nickName !== USER.nickName) return fail('not restored: ' + client.state.name)
    print('TIME ' + ms)
  }, fail)
} else if (mode === 'prepare') {
  const client = evaluate().createLoginClient(options)
  client.login().then(() => print('STORED ' + JSON.stringify(storage.get(KEY))), fail)
} else {
  fail('unknown mode ' + mode)
}
