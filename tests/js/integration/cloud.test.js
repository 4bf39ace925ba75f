'use strict'
// WeChat Cloud Development: createCloudAuth in a cloud function, reached by
// the real client through wx.cloud.callFunction, on the emulator's
// wx-server-sdk stand-in (www/emulator/cloud-sdk.js). The sample function in
// www/cloudfunctions/login is deployed as it is.
const { test, after } = require('node:test')
const http = require('http')
const assert = require('node:assert/strict')
const fs = require('fs')
const path = require('path')
const vm = require('vm')
const zlib = require('zlib')
// The package in this tree (a function's require('weapp-login') is it too, through the platform).
const { createLoginClient, createCloudAuth, cloudDatabaseStore, errorCodes, WeappLoginError } = require('../../../pkg')
const { hostileValues } = require('../helpers/hostile-values')
const { cloudFixture } = require('../helpers/cloud-fixture')

const APP_ID = 'wxc10ud000000000a'
const APP_SECRET = 'cloud-platform-secret'
const SAMPLE = path.join(__dirname, '..', '..', '..', 'www', 'cloudfunctions', 'login')
const RETRYABLE = new Map(errorCodes().map((e) => [e.code, e.retryable]))
const CONFIG = JSON.stringify({ permissions: { openapi: ['phonenumber.getPhoneNumber'] } })

/** The emulator's routes need a fetch; Node 16 has none, so a small one over node:http. */
const fetchJson = globalThis.fetch || ((url, init = {}) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: init.method || 'GET', headers: init.headers }, (res) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (chunk) => { text += chunk })
    res.on('end', () => resolve({ status: res.statusCode, text: async () => text, json: async () => JSON.parse(text), headers: Object.entries(res.headers) }))
  })
  req.on('error', reject)
  req.end(init.body)
}))

let emulator, platform, createWx, dir
const ready = (async () => {
  ({ emulator, platform, createWx, dir } = await cloudFixture({ appId: APP_ID, appSecret: APP_SECRET, scratch: 'weapp-login-cloud-' }))
  platform.createCollection('weapp_login') // the sample's store, created in the console
  platform.deploy('login', SAMPLE)
})()
after(async () => {
  await ready
  await emulator.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Deploys a function whose body is `source` (it gets `cloud` and `createCloudAuth`). */
function deploy (name, source, config = CONFIG) {
  const folder = path.join(dir, name)
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'index.js'), `const cloud = require('wx-server-sdk')\nconst { createCloudAuth } = require('weapp-login')\ncloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })\n${source}\n`)
  if (config !== null) fs.writeFileSync(path.join(folder, 'config.json'), config)
  platform.deploy(name, folder)
}

/** The emulated wx of `user`, with wx.cloud initialised as an app does in onLaunch. */
function wxOf (user) {
  const wx = createWx({ emulatorUrl: emulator.url, appId: APP_ID, user, cloud: platform, fetch: fetchJson })
  wx.cloud.init({ env: platform.env })
  return wx
}

/** What the function answers `user` for `data`: the callFunction result. */
async function call (user, data, name = 'login') {
  return (await wxOf(user).cloud.callFunction({ name, data })).result
}

const errorOf = (result, code) => {
  assert.equal(result.ok, undefined)
  assert.equal(result.error.code, code)
  assert.equal(result.error.retryable, RETRYABLE.get(code))
  return result.error
}

test('the sample signs in, binds a phone by code and reads /me through the real client, without wx.request or code2Session', async () => {
  await ready
  const wx = wxOf('alice')
  const client = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login' } })
  const u = emulator.wechat.emulator.user('alice')

  const session = await client.login()
  assert.equal(session.openid, u.openid) // the platform's OPENID
  assert.equal(session.unionid, u.unionid)
  assert.ok(session.expiresAt > Date.now())
  assert.equal(client.state.name, 'signedIn')
  assert.equal(client.state.nextStep, 'profile')

  const phone = await client.getPhoneNumber(await wx.events.getPhoneNumber())
  assert.deepEqual(phone, { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
  assert.equal(client.state.phone, true)

  const me = await client.request({ url: '/me' })
  assert.equal(me.openid, u.openid)
  assert.equal(me.unionid, u.unionid)
  assert.equal(me.user.phoneNumber, '138****8000') // masked: the full number is answered once, to the phone route
  assert.equal(me.expiresAt, session.expiresAt)

  assert.equal(wx.calls.request, 0) // everything went through wx.cloud.callFunction
  assert.equal(wx.calls.callFunction, 3)
  assert.equal(emulator.wechat.stats.jscode2session, undefined) // no AppSecret, no code2Session
  assert.equal(emulator.wechat.stats.getuserphonenumber, 1)

  // What the mini program stored: the session, no session key anywhere.
  const stored = JSON.stringify(wx.getStorageSync(`weapp-login:v1:${APP_ID}:session`))
  assert.ok(stored.includes(session.token))
  assert.ok(!stored.includes(emulator.wechat.emulator.sessionKeyOf('alice')))

  // A relaunch restores it without any call; logout forgets it.
  const again = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login' } })
  await again.ready
  assert.equal(again.state.name, 'signedIn')
  await again.logout()
  assert.equal(again.state.name, 'signedOut')
  assert.equal(wx.getStorageSync(`weapp-login:v1:${APP_ID}:session`), '')
})

test('the mini program build (a phone-shaped vm: WXWebAssembly, no WebAssembly) reaches the sample the same way', async () => {
  await ready
  const dist = path.join(__dirname, '..', '..', '..', 'pkg', 'miniprogram_dist')
  const context = vm.createContext({
    setTimeout,
    clearTimeout,
    console,
    WXWebAssembly: {
      async instantiate (p, imports) {
        let bytes = fs.readFileSync(path.join(dist, path.basename(p)))
        if (p.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes)
        return WebAssembly.instantiate(bytes, imports)
      }
    }
  })
  vm.runInContext('delete globalThis.WebAssembly', context)
  const mod = { exports: {} }
  vm.runInContext(`(function (module, exports) {${fs.readFileSync(path.join(dist, 'index.js'), 'utf8')}\n})`, context)(mod, mod.exports)
  const wx = wxOf('pat')
  const client = mod.exports.createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login' } })
  const session = await client.login()
  assert.equal(session.openid, emulator.wechat.emulator.user('pat').openid)
  assert.equal((await client.getPhoneNumber(await wx.events.getPhoneNumber())).purePhoneNumber, '13800138000')
  const me = await client.request({ url: '/me' })
  assert.equal(me.user.phoneNumber, '138****8000')
  assert.equal(client.state.phone, true)
  assert.equal(wx.calls.request, 0)
})

test('the current profile way over the cloud: the avatar goes to cloud storage, the nickname to the user record', async () => {
  await ready
  const wx = wxOf('olga')
  const client = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login' } })
  await client.login()
  const { avatarUrl, user } = await client.chooseAvatar(await wx.events.chooseAvatar())
  assert.match(avatarUrl, /^cloud:\/\/emulator-env\./) // the file read from the event's temporary path, in cloud storage
  assert.equal(user.avatarUrl, avatarUrl)
  const stored = platform.files.get(avatarUrl)
  assert.equal(stored.subarray(1, 4).toString('latin1'), 'PNG')
  await client.setNickname('Olga') // as taken after WeChat's review
  assert.equal(client.state.profile, true)
  const me = await client.request({ url: '/me' })
  assert.deepEqual(me.user, { avatarUrl, nickName: 'Olga' })
  // The contract's /avatar as an action (for a client that uploads the file itself): { base64 } → { avatarUrl, user }.
  const tiny = stored.toString('base64')
  const uploaded = await client.request({ url: '/avatar', method: 'POST', data: { base64: tiny } })
  assert.match(uploaded.avatarUrl, /^cloud:\/\/emulator-env\./)
  assert.notEqual(uploaded.avatarUrl, avatarUrl)
  assert.deepEqual(uploaded.user, { avatarUrl: uploaded.avatarUrl, nickName: 'Olga' })
  // Not an image: refused before anything is uploaded.
  const before = platform.files.size
  errorOf(await call('olga', { action: 'profile', avatar: { base64: Buffer.from('<svg/>').toString('base64') } }), 'ERR_INVALID_ARGUMENT')
  errorOf(await call('olga', { action: 'profile', avatar: { base64: 'not base64!' } }), 'ERR_INVALID_ARGUMENT')
  errorOf(await call('olga', { action: 'avatar', base64: Buffer.from('GIF86a, not an image').toString('base64') }), 'ERR_INVALID_ARGUMENT')
  assert.equal(platform.files.size, before)
})

test('a profile by cloudID (the legacy getUserInfo button\'s): opened, checked by the core for this caller', async () => {
  await ready
  const wx = wxOf('quinn')
  const { detail } = await wx.events.getUserInfo()
  const u = emulator.wechat.emulator.user('quinn')
  const out = await call('quinn', { action: 'profile', cloudID: detail.cloudID })
  assert.equal(out.ok, true)
  assert.equal(out.userInfo.openId, u.openid)
  assert.equal(out.userInfo.nickName, detail.userInfo.nickName)
  assert.equal(out.userInfo.watermark, undefined)
  assert.deepEqual(out.user, { nickName: detail.userInfo.nickName, avatarUrl: detail.userInfo.avatarUrl })
  // Another user's cloudID: the platform refuses it (-601007).
  const theirs = (await wxOf('rita').events.getUserInfo()).detail.cloudID
  assert.equal(errorOf(await call('quinn', { action: 'profile', cloudID: theirs }), 'ERR_UPSTREAM_API').errcode, -601007)
  // What getOpenData answers is still checked: another app's watermark, another user's openId.
  const opened = (data) => createCloudAuth({
    cloud: { getWXContext: () => ({ OPENID: 'o-me', APPID: APP_ID }), openapi: {}, getOpenData: async ({ list }) => ({ list: [{ cloudID: list[0], data }], errCode: 0, errMsg: 'getOpenData:ok' }) }
  }).main({ action: 'profile', cloudID: '27_x' })
  const stamp = Math.floor(Date.now() / 1000)
  errorOf(await opened({ nickName: 'X', watermark: { appid: 'wxsomeoneelse0000', timestamp: stamp } }), 'ERR_APPID_MISMATCH')
  errorOf(await opened({ openId: 'o-you', nickName: 'X', watermark: { appid: APP_ID, timestamp: stamp } }), 'ERR_PAYLOAD_SHAPE')
  errorOf(await opened({ nickName: 'X' }), 'ERR_WATERMARK_MISSING')
  assert.equal((await opened({ nickName: 'Me', watermark: { appid: APP_ID, timestamp: stamp } })).userInfo.openId, 'o-me')
})

test('each caller is who the platform says: two users, two openids; no caller is no session', async () => {
  await ready
  const a = await call('carol', { action: 'login' })
  const b = await call('dave', { action: 'login' })
  assert.equal(a.ok, true)
  assert.equal(a.openid, emulator.wechat.emulator.user('carol').openid)
  assert.equal(b.openid, emulator.wechat.emulator.user('dave').openid)
  // event.userInfo or an openid in the data changes nothing: the identity is getWXContext's.
  const forged = await call('dave', { action: 'me', openid: a.openid, userInfo: { openId: a.openid } })
  assert.equal(forged.openid, b.openid)
  // Outside an invocation (a timer trigger, main called directly) getWXContext has no OPENID.
  const { main } = createCloudAuth({ cloud: { getWXContext: () => ({}), openapi: {}, getOpenData: async () => ({ list: [] }) } })
  errorOf(await main({ action: 'login' }), 'ERR_SESSION_NOT_FOUND')
})

test('a phone by cloudID (the button\'s, or as the platform replaced a wx.cloud.CloudID), and the code falls back to it', async () => {
  await ready
  const wx = wxOf('erin')
  const { detail } = await wx.events.getPhoneNumber()
  assert.match(detail.cloudID, /^\d+_[A-Za-z0-9_-]+$/)
  const byId = await call('erin', { action: 'phone', cloudID: detail.cloudID })
  assert.equal(byId.ok, true)
  assert.equal(byId.purePhoneNumber, '13800138000')

  // The platform's replaced form { cloudID, data }: its data is not trusted, the cloudID is opened again.
  const second = (await wx.events.getPhoneNumber()).detail
  const replaced = await call('erin', { action: 'phone', cloudID: { cloudID: second.cloudID, data: { phoneNumber: '19999999999', purePhoneNumber: '19999999999', countryCode: '86' } } })
  assert.equal(replaced.purePhoneNumber, '13800138000')

  // A used code with a fresh cloudID: the cloudID answers.
  const third = (await wx.events.getPhoneNumber()).detail
  assert.equal((await call('erin', { action: 'phone', code: third.code })).ok, true)
  const fourth = (await wx.events.getPhoneNumber()).detail
  const fallback = await call('erin', { action: 'phone', code: third.code, cloudID: fourth.cloudID })
  assert.equal(fallback.ok, true)

  // Another user's cloudID is refused by the platform (-601007); an unknown one too (-601005).
  const stolen = (await wxOf('frank').events.getPhoneNumber()).detail.cloudID
  assert.equal(errorOf(await call('erin', { action: 'phone', cloudID: stolen }), 'ERR_UPSTREAM_API').errcode, -601007)
  assert.equal(errorOf(await call('frank', { action: 'phone', cloudID: '27_made-up' }), 'ERR_UPSTREAM_API').errcode, -601005)
  // The encrypted pair alone cannot open here (no session key in a cloud function).
  errorOf(await call('frank', { action: 'phone', encryptedData: detail.encryptedData, iv: detail.iv }), 'ERR_INVALID_ARGUMENT')
})

test('WeChat\'s refusals come back as values with the core\'s code and retryable flag', async () => {
  await ready
  const wx = wxOf('gina')
  const { detail } = await wx.events.getPhoneNumber()
  assert.equal((await call('gina', { action: 'phone', code: detail.code })).ok, true)
  assert.equal(errorOf(await call('gina', { action: 'phone', code: detail.code }), 'ERR_CODE_USED').errcode, 40163)
  errorOf(await call('gina', { action: 'phone', code: 'never-issued' }), 'ERR_CODE_INVALID')

  emulator.wechat.emulator.faults({ endpoint: 'getuserphonenumber', errcode: -1, count: 1 })
  const busy = errorOf(await call('gina', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code }), 'ERR_UPSTREAM_BUSY')
  assert.equal(busy.retryable, true)

  // Without the openapi permission in config.json the platform refuses the cloud call (-604101).
  deploy('noperm', 'exports.main = createCloudAuth({ cloud }).main', null)
  const refused = errorOf(await call('gina', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code }, 'noperm'), 'ERR_UPSTREAM_API')
  assert.equal(refused.errcode, -604101)
  // The real client sees the same codes.
  const client = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'noperm' } })
  await client.login()
  await assert.rejects(client.getPhoneNumber(await wx.events.getPhoneNumber()), (e) => e instanceof WeappLoginError && e.code === 'ERR_UPSTREAM_API' && e.retryable === false)
})

test('getPhoneNumber is limited per user (default 5 a minute), the refusal saying when to try again', async () => {
  await ready
  const wx = wxOf('hank')
  for (let i = 0; i < 5; i++) assert.equal((await call('hank', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code })).ok, true)
  assert.equal(errorOf(await call('hank', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code }), 'ERR_RATE_LIMITED').retryAfter, 60) // the window, in seconds
  assert.equal((await call('ivan', { action: 'phone', code: (await wxOf('ivan').events.getPhoneNumber()).detail.code })).ok, true) // another user is not
})

test('onLogin: userId and the app\'s user arrive with the sign-in and in me, merged with later changes; a failing hook is ERR_HOOK_FAILED', async () => {
  await ready
  deploy('users', `
const users = new Map([['${emulator.wechat.emulator.user('jane').openid}', { userId: 'u-42', user: { nickName: 'Jane', level: 3 } }]])
exports.main = createCloudAuth({ cloud, onLogin: ({ openid }) => users.get(openid) || { userId: 'new' } }).main`)
  const login = await call('jane', { action: 'login' }, 'users')
  assert.equal(login.userId, 'u-42')
  assert.deepEqual(login.user, { nickName: 'Jane', level: 3 })
  const profile = await call('jane', { action: 'profile', nickName: '  Janet ', avatarUrl: 'cloud://env.bucket/avatars/jane.png' }, 'users')
  assert.deepEqual(profile.userInfo, { nickName: 'Janet', avatarUrl: 'cloud://env.bucket/avatars/jane.png' }, 'users')
  const me = await call('jane', { action: 'me', token: login.token }, 'users')
  assert.equal(me.userId, 'u-42')
  assert.deepEqual(me.user, { nickName: 'Janet', level: 3, avatarUrl: 'cloud://env.bucket/avatars/jane.png' }, 'users')
  assert.equal((await call('kim', { action: 'login' }, 'users')).userId, 'new')
  errorOf(await call('jane', { action: 'profile', avatarUrl: 'javascript:alert(1)' }, 'users'), 'ERR_INVALID_ARGUMENT')

  deploy('hookfails', 'exports.main = createCloudAuth({ cloud, onLogin: () => { throw new Error(\'db down: password=hunter2\') } }).main')
  const failed = errorOf(await call('jane', { action: 'login' }, 'hookfails'), 'ERR_HOOK_FAILED')
  assert.equal(failed.retryable, true)
  assert.ok(!failed.message.includes('hunter2'))
})

test('one user\'s avatar uploads, profile, phone number and sign-in at once take turns: me shows them all, one avatar file kept', async () => {
  await ready
  // The cloud database's store; onLogin answers a new userId each time (a change to the record).
  deploy('racing', 'let n = 0\nexports.main = createCloudAuth({ cloud, store: require(\'weapp-login\').cloudDatabaseStore({ db: cloud.database() }), onLogin: () => ({ userId: `app-${++n}` }) }).main')
  const png = (i) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, i)]).toString('base64')
  const avatarFiles = () => [...platform.files.keys()].filter((id) => id.includes('/weapp-login/avatars/')).length
  for (let round = 0; round < 8; round++) {
    const user = `racer-${round}`
    const wx = wxOf(user)
    assert.equal((await call(user, { action: 'login' }, 'racing')).ok, true)
    const files = avatarFiles()
    const phoneCode = (await wx.events.getPhoneNumber()).detail.code
    const answers = await Promise.all([
      ...[1, 2, 3].map((i) => call(user, { action: 'avatar', base64: png(i) }, 'racing')),
      call(user, { action: 'profile', nickName: `Racer ${round}` }, 'racing'),
      call(user, { action: 'phone', code: phoneCode }, 'racing'),
      call(user, { action: 'login' }, 'racing')
    ])
    assert.ok(answers.every((a) => a.ok === true), JSON.stringify(answers.filter((a) => a.ok !== true)))
    const me = await call(user, { action: 'me' }, 'racing')
    assert.equal(me.user.nickName, `Racer ${round}`, `round ${round}: me lost the nickname`)
    assert.equal(me.user.phoneNumber, '138****8000', `round ${round}: me lost the phone number`)
    assert.ok(answers.slice(0, 3).some((a) => a.avatarUrl === me.user.avatarUrl), `round ${round}: me names an avatar no upload answered`)
    assert.ok(platform.files.has(me.user.avatarUrl), `round ${round}: me's avatar file was deleted`)
    assert.equal(avatarFiles(), files + 1, `round ${round}: one avatar file kept for the user`)
    assert.equal((await call(user, { action: 'login' }, 'racing')).phone, true, `round ${round}: the record lost its phone flag`)
  }
})

test('with a store of only get, set and incr, one user\'s changes take turns within the instance', async () => {
  const base = require('../../../pkg').memoryStore()
  const late = (value) => new Promise((resolve) => setTimeout(() => resolve(value), Math.floor(Math.random() * 8)))
  const store = { get: (k) => base.get(k).then(late), set: (...a) => base.set(...a).then(late), incr: (...a) => base.incr(...a) }
  const auth = createCloudAuth({ cloud: { getWXContext: () => ({ OPENID: 'o-turns', APPID: APP_ID }) }, store })
  for (let round = 0; round < 8; round++) {
    const nickName = `Nick ${round}`
    const avatarUrl = `https://cdn.example.com/${round}.png`
    const answers = await Promise.all([auth.main({ action: 'profile', nickName }), auth.main({ action: 'profile', avatarUrl })])
    assert.ok(answers.every((a) => a.ok === true))
    assert.deepEqual((await auth.main({ action: 'me' })).user, { nickName, avatarUrl }, `round ${round}`)
  }
})

test('tokens carry the expiry: an expired one is ERR_SESSION_EXPIRED, a foreign one ERR_SESSION_NOT_FOUND; the client signs in again by itself', async () => {
  await ready
  deploy('clock', `
let offset = 0
const auth = createCloudAuth({ cloud, now: () => Date.now() + offset, sessionTtlSeconds: 3600 })
exports.main = async (event, context) => {
  if (event.action === 'advance') { offset += event.ms; return { ok: true } }
  return auth.main(event, context)
}`)
  const wx = wxOf('lee')
  const client = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'clock' } })
  const first = await client.login()
  await call('lee', { action: 'advance', ms: 2 * 3600 * 1000 }, 'clock')
  errorOf(await call('lee', { action: 'me', token: first.token }, 'clock'), 'ERR_SESSION_EXPIRED')
  errorOf(await call('lee', { action: 'me', token: 'Bearer nonsense' }, 'clock'), 'ERR_SESSION_NOT_FOUND')
  const me = await client.request({ url: '/me' }) // refused, signed in again, asked again
  assert.equal(me.openid, first.openid)
  assert.notEqual(client.state.name, 'failed')
  assert.equal(wx.calls.login, 2)
})

test('the sample\'s record is in the cloud database and outlives a cold start; memoryStore\'s does not', async () => {
  await ready
  const wx = wxOf('mia')
  await call('mia', { action: 'login' })
  assert.equal((await call('mia', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code })).ok, true)
  platform.coldStart('login')
  assert.equal((await call('mia', { action: 'me' })).user.phoneNumber, '138****8000')
  assert.equal((await call('mia', { action: 'login' })).phone, true)
  const docs = [...platform.collections.get('weapp_login').values()]
  assert.ok(docs.some((d) => d.k.endsWith(`:user:${emulator.wechat.emulator.user('mia').openid}`)))
  assert.ok(!JSON.stringify(docs).includes('13800138000')) // only the masked number is kept

  deploy('memory', 'exports.main = createCloudAuth({ cloud }).main')
  assert.equal((await call('mia', { action: 'profile', nickName: 'Mia' }, 'memory')).ok, true)
  assert.deepEqual((await call('mia', { action: 'me' }, 'memory')).user, { nickName: 'Mia' })
  platform.coldStart('memory')
  assert.deepEqual((await call('mia', { action: 'me' }, 'memory')).user, {}) // gone with the instance
})

test('cloudDatabaseStore: callers racing for one lock, each letting go at once, never fail and never share it', async () => {
  await ready
  const store = cloudDatabaseStore({ db: platform.database, collection: 'weapp_login' })
  let holders = 0
  let most = 0
  let taken = 0
  const worker = async (i) => {
    for (let n = 0; n < 25; n++) {
      const owner = await store.lock('racing-lock', 10, `w${i}-${n}`) // a failure here fails the test
      if (owner === null) continue
      taken++
      most = Math.max(most, ++holders)
      for (let k = n % 3; k > 0; k--) await new Promise((resolve) => setImmediate(resolve)) // held for 0 to 2 turns of the loop
      holders--
      await store.unlock('racing-lock', owner)
    }
  }
  await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i)))
  assert.equal(most, 1, 'two callers held the lock at once')
  assert.ok(taken >= 25, `the lock was taken ${taken} times`)
})

test('cloudDatabaseStore keeps the store\'s contract on the cloud database', async () => {
  await ready
  let t = 1_000_000
  const store = cloudDatabaseStore({ db: platform.database, collection: 'weapp_login', now: () => t })
  assert.equal(await store.get('a'), null)
  await store.set('a', 'one', 10)
  assert.equal(await store.get('a'), 'one')
  await store.setMany([['b', 'two', 10], ['c', 'three', 100]])
  assert.deepEqual([await store.get('b'), await store.get('c')], ['two', 'three'])
  await store.delete('b')
  assert.equal(await store.get('b'), null)
  assert.deepEqual([await store.incr('n', 10), await store.incr('n', 10), await store.incr('n', 10)], [1, 2, 3])
  const owner = await store.lock('l', 10)
  assert.equal(typeof owner, 'string')
  assert.equal(await store.lock('l', 10), null)
  await store.unlock('l', 'someone else')
  assert.equal(await store.lock('l', 10), null)
  await store.unlock('l', owner)
  const again = await store.lock('l', 10)
  assert.ok(again !== null && again !== owner)
  // The sign-in's steps: claim (with a counter), getMany, batch (set and unlock; no session sets here).
  const claimed = await store.claim('c:{x}', 'lock:c:{x}', 10, { key: 'rl:x', ttlSeconds: 10, max: 1 })
  assert.equal(claimed.count, 1)
  assert.equal(typeof claimed.owner, 'string')
  assert.deepEqual(await store.claim('c:{x}', 'lock:c:{x}', 10), { kept: null, owner: null })
  assert.deepEqual(await store.claim('c:{y}', 'lock:c:{y}', 10, { key: 'rl:x', ttlSeconds: 10, max: 1 }), { kept: null, owner: null, count: 2 })
  assert.deepEqual(await store.batch([['set', '{u}:k', 'ring', 10], ['set', 'c:{x}', 'kept', 10], ['unlock', 'lock:c:{x}', claimed.owner]]), [undefined, undefined, undefined])
  assert.deepEqual(await store.getMany(['{u}:k', 'c:{x}', 'lock:c:{x}', 'none']), ['ring', 'kept', null, null])
  assert.deepEqual(await store.claim('c:{x}', 'lock:c:{x}', 10), { kept: 'kept', owner: null })
  await assert.rejects(store.batch([['addCapped', '{u}:s', 'h', 1, 1, 10, 0]]), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT')
  t += 11_000 // past the 10 s entries
  assert.equal(await store.get('a'), null)
  assert.equal(await store.get('c'), 'three')
  assert.equal(await store.incr('n', 10), 1) // a new window
  assert.equal(typeof await store.lock('l', 10), 'string') // the expired lock is taken over
  t += 11_000
  assert.ok(await store.sweep() >= 3)
  assert.equal(await store.get('c'), 'three')
  // A store that fails answers ERR_STORE_UNAVAILABLE (retryable) and writes nothing over the record.
  const kept = new Map()
  let down = false
  const flaky = {
    async get (k) { if (down) throw new WeappLoginError('ERR_STORE_UNAVAILABLE', 'down', { retryable: true }); return kept.has(k) ? kept.get(k) : null },
    async set (k, v) { kept.set(k, v) },
    async incr () { return 1 }
  }
  const cloud = { getWXContext: () => ({ OPENID: 'o-flaky', APPID: APP_ID }), openapi: {}, getOpenData: async () => ({ list: [] }) }
  const flakyMain = createCloudAuth({ cloud, store: flaky }).main
  assert.equal((await flakyMain({ action: 'profile', nickName: 'Kept' })).ok, true)
  down = true
  errorOf(await flakyMain({ action: 'login' }), 'ERR_STORE_UNAVAILABLE')
  down = false
  assert.deepEqual((await flakyMain({ action: 'me' })).user, { nickName: 'Kept' })
  // A missing collection (not created in the console) is the store being unavailable.
  const nowhere = cloudDatabaseStore({ db: platform.database, collection: 'not_created' })
  await assert.rejects(nowhere.get('a'), (e) => e instanceof WeappLoginError && e.code === 'ERR_STORE_UNAVAILABLE' && e.retryable === true)
  for (const bad of [undefined, {}, { db: {} }, { db: platform.database, collection: 'a b' }, { db: platform.database, now: 5 }]) {
    assert.throws(() => cloudDatabaseStore(bad), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT')
  }
})

test('main never throws: any event gets a typed error value', async () => {
  await ready
  const cloud = { getWXContext: () => ({ OPENID: 'o-hostile', APPID: APP_ID }), openapi: {}, getOpenData: async () => ({ list: [] }) }
  const { main } = createCloudAuth({ cloud, phoneLimit: { max: 0, windowSeconds: 60 } }) // no limit: every value reaches its reader
  const fields = ['action', 'token', 'code', 'cloudID', 'nickName', 'avatarUrl', 'encryptedData', 'base64', 'avatar']
  let n = 0
  for (const value of hostileValues()) {
    for (const action of ['login', 'phone', 'profile', 'avatar', 'me', 'logout']) {
      for (const field of fields) {
        const out = await main({ action, [field]: value })
        if (out.error !== undefined) {
          assert.match(out.error.code, /^ERR_[A-Z0-9_]+$/)
          assert.notEqual(out.error.code, 'ERR_INTERNAL', `${action}.${field}`)
          assert.equal(typeof out.error.retryable, 'boolean')
        } else {
          assert.equal(out.ok, true)
        }
        n++
      }
    }
    const whole = await main(value)
    assert.ok(whole.ok === true || /^ERR_/.test(whole.error.code))
  }
  errorOf(await main({ action: 'explode' }), 'ERR_INVALID_ARGUMENT')
  errorOf(await main(), 'ERR_INVALID_ARGUMENT')
  // A broken SDK is still an answer.
  const broken = createCloudAuth({ cloud: { getWXContext () { throw new Error('boom') } } }).main
  errorOf(await broken({ action: 'me' }), 'ERR_INTERNAL')
  assert.ok(n > 500)
})

test('options are checked when given; unknown names are refused', async () => {
  await ready
  const cloud = { getWXContext: () => ({}), openapi: {}, getOpenData: async () => ({ list: [] }) }
  const refused = (options, field) => assert.throws(() => createCloudAuth(options), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && (field === undefined || e.field === field))
  refused(undefined)
  refused({}, 'cloud')
  refused({ cloud: {} }, 'cloud')
  refused({ cloud, appSecret: 'x' }, 'appSecret')
  refused({ cloud, onLogin: 'yes' }, 'onLogin')
  refused({ cloud, sessionTtlSeconds: 1.5 }, 'sessionTtlSeconds')
  refused({ cloud, phoneLimit: { max: -1, windowSeconds: 60 } }, 'phoneLimit')
  refused({ cloud, store: {} }, 'store')
  for (const value of hostileValues()) {
    for (const field of ['cloud', 'store', 'onLogin', 'phoneLimit', 'prefix', 'now']) {
      try { createCloudAuth({ cloud, [field]: value }) } catch (e) {
        assert.ok(e instanceof WeappLoginError, `${field}: ${e && e.name}`)
        assert.equal(e.code, 'ERR_INVALID_ARGUMENT')
      }
    }
    try { createCloudAuth(value) } catch (e) { assert.ok(e instanceof WeappLoginError) }
    for (const field of ['db', 'collection', 'now']) {
      try { cloudDatabaseStore({ db: platform.database, [field]: value }) } catch (e) {
        assert.ok(e instanceof WeappLoginError, `cloudDatabaseStore ${field}: ${e && e.name}`)
        assert.equal(e.code, 'ERR_INVALID_ARGUMENT')
      }
    }
    try { cloudDatabaseStore(value) } catch (e) { assert.ok(e instanceof WeappLoginError) }
  }
  assert.equal(typeof createCloudAuth({ cloud }).main, 'function')
})

test('the client\'s cloud option is checked, and needs no baseUrl', async () => {
  await ready
  const wx = wxOf('nina')
  for (const cloud of [null, 'login', {}, { name: '' }, { name: 'a b' }, { name: 'login', env: 5 }]) {
    assert.throws(() => createLoginClient({ wx, appId: APP_ID, cloud }), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT')
  }
  assert.throws(() => createLoginClient({ wx, appId: APP_ID }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'baseUrl')
  // An unknown function or environment is a transport failure the core classifies (retryable).
  const missing = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'nowhere' } })
  await assert.rejects(missing.login(), (e) => e.code === 'ERR_NETWORK' && e.retryable === true)
  const otherEnv = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login', env: 'prod-123' } })
  await assert.rejects(otherEnv.login(), (e) => e.code === 'ERR_NETWORK')
  // Routes other than the contract's are not actions of the function.
  const client = createLoginClient({ wx, appId: APP_ID, cloud: { name: 'login' } })
  await client.login()
  await assert.rejects(client.request({ url: '/orders' }), (e) => e.code === 'ERR_INVALID_ARGUMENT')
})
