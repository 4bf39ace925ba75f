'use strict'
// A local stand-in for WeChat's servers, faithful where the login flow
// depends on it: codes live 5 minutes and work once, every wx.login rotates
// the user's session_key, phone codes work once, access tokens expire, and
// wrong credentials get WeChat's errcodes. A forced stable_token refresh
// cancels the previous token and is allowed 20 times a day, 30 s apart; a
// phone code only answers for its own user when getuserphonenumber names an
// openid; the app's configuration errcodes (40013, 40125, 40164 IP not
// whitelisted, 40243 secret frozen) can be produced. It seals data with
// Node's own crypto, independently of weapp-login's code.
//
// WeChat's routes:    GET  /sns/jscode2session      POST /cgi-bin/stable_token
//                     POST /wxa/business/getuserphonenumber   GET /wxa/checksession
//                     GET  /wxa/resetusersessionkey
// Emulator-only:      POST /__emulator/login | phone | userinfo | avatar | checksession
//                     POST /__emulator/faults  GET /__emulator/stats  POST /__emulator/reset
//                     POST /__emulator/app {ipWhitelisted?, secretFrozen?}
//
// The other session-key platforms (`platform`: qq, toutiao, kuaishou,
// baidu) are this emulator with the platform's own code exchange, error
// answers, key length, sealing and token endpoint (platforms/<name>.js):
// codes still live 5 minutes and work once, and every login rotates the
// session key.
// Baidu's app is named by `appKey` (its client_id). Douyin's new phone
// button gives a one-time code too when the emulator has the app's
// `phonePublicKey` (the key set in Douyin's console): its answer is sealed to it.

const http = require('http')
const crypto = require('crypto')

/** The other platforms' shapes, by name. */
const PLATFORMS = {
  qq: require('./platforms/qq'),
  toutiao: require('./platforms/toutiao'),
  kuaishou: require('./platforms/kuaishou'),
  baidu: require('./platforms/baidu')
}

const CODE_TTL_MS = 5 * 60 * 1000
const TOKEN_TTL_S = 7200

const ok = (extra = {}) => ({ errcode: 0, errmsg: 'ok', ...extra })
const fail = (errcode, errmsg) => ({ errcode, errmsg: `${errmsg}, rid: ${crypto.randomBytes(4).toString('hex')}` })

/** The emulator's WeChat: state and behaviour, without HTTP. */
function createWechat ({ appId, appSecret, appKey, phonePublicKey, platform = 'weixin', now = Date.now, codeTtlMs = CODE_TTL_MS, tokenTtlSeconds = TOKEN_TTL_S }) {
  const shape = platform === 'weixin' ? null : PLATFORMS[platform]
  if (shape === undefined) throw new TypeError(`no emulator for platform ${platform}`)
  if (shape !== null && shape.byAppKey && !appKey) throw new TypeError(`the ${platform} emulator needs appKey`)
  const keyBytes = shape === null ? 16 : shape.keyBytes
  const users = new Map() // name → { openid, unionid, sessionKey, phone, nickName }
  const codes = new Map() // login code → { user, exp, used }
  const anonymousCodes = new Map() // Douyin's anonymous code → { anonymousOpenid, exp, used }
  const phoneCodes = new Map() // phone code → { user, exp, used }
  const tokens = new Map() // access token → exp (ms)
  const clientTokens = [] // Douyin's client tokens, oldest first
  const clientTokenExp = new Map() // client token → exp (ms)
  let stableToken = null
  const forced = [] // times of forced refreshes (ms), the last day's
  const app = { ipWhitelisted: true, secretFrozen: false }
  const FORCE_PER_DAY = 20
  const FORCE_GAP_MS = 30 * 1000
  const faults = new Map() // endpoint → [{ errcode?, delayMs?, count }]
  const stats = {}
  const issued = new Set() // every code, phone code, access token and session key handed out (for log scans)

  function user (name) {
    const key = String(name || 'default')
    if (!users.has(key)) {
      const id = crypto.createHash('sha256').update(appId + key).digest('base64url')
      users.set(key, {
        name: key,
        openid: 'o' + id.slice(0, 27),
        unionid: 'u' + id.slice(10, 37),
        sessionKey: issue(crypto.randomBytes(keyBytes).toString('base64')),
        phone: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' },
        nickName: '微信用户'
      })
    }
    return users.get(key)
  }

  function issue (secret) { issued.add(secret); return secret }

  function seal (u, data) {
    const iv = crypto.randomBytes(16)
    const body = JSON.stringify({ ...data, watermark: { timestamp: Math.floor(now() / 1000), appid: appId } })
    const cipher = crypto.createCipheriv('aes-128-cbc', Buffer.from(u.sessionKey, 'base64'), iv)
    return { encryptedData: Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]).toString('base64'), iv: iv.toString('base64') }
  }

  function token (value) {
    if (!value || !tokens.has(value)) return fail(40001, 'invalid credential, access_token is invalid or not latest')
    if (tokens.get(value) <= now()) return fail(42001, 'access_token expired')
    return null
  }

  function credentials (appid, secret) {
    if (appid !== appId) return fail(40013, 'invalid appid')
    if (!app.ipWhitelisted) return fail(40164, 'invalid ip, not in whitelist')
    if (app.secretFrozen) return fail(40243, 'AppSecret已被冻结，请登录小程序平台解冻后再次调用')
    if (secret !== appSecret) return fail(40125, 'invalid appsecret')
    return null
  }

  /**
   * The user a checksession-style request names (`access_token`, `openid`,
   * `signature` = hmac_sha256(session_key, '')): `{ u }`, or `{ refused }`
   * with WeChat's answer (40001…, 40003, 87009).
   */
  function signedUser (q) {
    const bad = token(q.access_token)
    if (bad) return { refused: bad }
    const u = [...users.values()].find((x) => x.openid === q.openid)
    if (!u) return { refused: fail(40003, 'invalid openid') }
    const expected = crypto.createHmac('sha256', u.sessionKey).update('').digest('hex')
    if (q.sig_method !== 'hmac_sha256' || q.signature !== expected) return { refused: fail(87009, 'invalid signature') }
    return { u }
  }

  const api = {
    /** Another platform's code exchange (its route: platforms/<name>.js), as strict as WeChat's. */
    code2session (q, body) {
      const r = shape.read(q, body)
      if (!r.ok || !r.appid || !r.secret || !r.code) return shape.refuse('request')
      if (r.appid !== (shape.byAppKey ? appKey : appId)) return shape.refuse('appid')
      if (r.secret !== appSecret) return shape.refuse('secret')
      const entry = codes.get(r.code)
      if (!entry || entry.exp <= now()) return shape.refuse('code')
      if (entry.used) return shape.refuse('used')
      let anonymous
      if (shape.anonymous && r.anonymousCode !== undefined) {
        anonymous = anonymousCodes.get(r.anonymousCode)
        if (!anonymous || anonymous.exp <= now() || anonymous.used) return shape.refuse('anonymous')
        anonymous.used = true
      }
      entry.used = true
      return shape.answer(users.get(entry.user), anonymous && anonymous.anonymousOpenid)
    },
    /** Another platform's access token (Douyin's, Kuaishou's: platforms/<name>.js `token`). */
    platform_token (q, body) {
      const r = shape.token.read(q, body)
      if (!r.ok || !r.appid || !r.secret) return shape.refuse('request')
      if (r.appid !== appId) return shape.refuse('appid')
      if (r.secret !== appSecret) return shape.refuse('secret')
      const { ttlSeconds, previousLeftSeconds } = shape.token
      if (previousLeftSeconds !== null) {
        for (const [t, exp] of tokens) tokens.set(t, Math.min(exp, now() + previousLeftSeconds * 1000))
      }
      const fresh = issue(crypto.randomBytes(24).toString('base64url'))
      tokens.set(fresh, now() + ttlSeconds * 1000)
      return shape.token.answer(fresh, ttlSeconds)
    },
    /** Douyin's client token (platforms/toutiao.js `clientToken`): only the latest `kept` stay valid. */
    client_token (q, body) {
      const ct = shape.clientToken
      const r = ct.read(q, body)
      if (!r.ok || r.appid !== appId || r.secret !== appSecret) return ct.refuse(!r.ok ? 'request' : r.appid !== appId ? 'client_key' : 'client_secret')
      const fresh = issue('clt.' + crypto.randomBytes(24).toString('base64url'))
      clientTokens.push(fresh)
      clientTokenExp.set(fresh, now() + ct.ttlSeconds * 1000)
      while (clientTokens.length > ct.kept) clientTokenExp.delete(clientTokens.shift())
      return ct.answer(fresh, ct.ttlSeconds)
    },
    /** Douyin's phone code (platforms/toutiao.js `phoneCode`): single use, for a valid client token, sealed to the app's phone key. */
    phone_code (q, body, headers) {
      const pc = shape.phoneCode
      const token = headers['access-token']
      if (!clientTokenExp.has(token) || clientTokenExp.get(token) <= now()) return pc.refuse('token')
      const entry = typeof body.code === 'string' ? phoneCodes.get(body.code) : undefined
      if (!entry || entry.exp <= now() || entry.used) return pc.refuse('code')
      entry.used = true
      const u = users.get(entry.user)
      return pc.answer(pc.seal(phonePublicKey, { ...u.phone, watermark: { timestamp: Math.floor(now() / 1000), appid: appId } }))
    },
    /** GET /sns/jscode2session */
    jscode2session (q) {
      const bad = credentials(q.appid, q.secret)
      if (bad) return bad
      if (q.grant_type !== 'authorization_code') return fail(40002, 'invalid grant_type')
      const entry = codes.get(q.js_code)
      if (!entry || entry.exp <= now()) return fail(40029, 'invalid code')
      if (entry.used) return fail(40163, 'code been used')
      entry.used = true
      const u = users.get(entry.user)
      return { openid: u.openid, session_key: u.sessionKey, unionid: u.unionid }
    },
    /** POST /cgi-bin/stable_token */
    stable_token (q, body) {
      const bad = credentials(body.appid, body.secret)
      if (bad) return bad
      if (body.grant_type !== 'client_credential') return fail(40002, 'invalid grant_type')
      if (body.force_refresh === true) {
        // WeChat: 20 forced refreshes a day, at least 30 s apart.
        while (forced.length > 0 && forced[0] <= now() - 24 * 3600 * 1000) forced.shift()
        if (forced.length >= FORCE_PER_DAY) return fail(45009, 'reach max api daily quota limit')
        if (forced.length > 0 && forced[forced.length - 1] > now() - FORCE_GAP_MS) return fail(45011, 'api minute-quota reach limit, force_refresh too frequent')
        forced.push(now())
        stats.stable_token_forced = (stats.stable_token_forced || 0) + 1
        if (stableToken) tokens.delete(stableToken) // the previous token stops working everywhere
        stableToken = null
      }
      if (!stableToken || tokens.get(stableToken) <= now()) {
        stableToken = issue(crypto.randomBytes(24).toString('base64url'))
        tokens.set(stableToken, now() + tokenTtlSeconds * 1000)
      }
      return { access_token: stableToken, expires_in: Math.max(0, Math.floor((tokens.get(stableToken) - now()) / 1000)) }
    },
    /** POST /wxa/business/getuserphonenumber?access_token= */
    getuserphonenumber (q, body) {
      const bad = token(q.access_token)
      if (bad) return bad
      const entry = phoneCodes.get(body.code)
      if (!entry || entry.exp <= now()) return fail(40029, 'invalid code')
      const u = users.get(entry.user)
      // The body's openid binds the code to that user: another user's code is refused.
      if (body.openid !== undefined && body.openid !== u.openid) return fail(40029, 'invalid code, the code does not belong to this openid')
      if (entry.used) return fail(40163, 'code been used')
      entry.used = true
      return ok({ phone_info: { ...u.phone, watermark: { timestamp: Math.floor(now() / 1000), appid: appId } } })
    },
    /** GET /wxa/resetusersessionkey?access_token&openid&signature&sig_method: a new session key for the user. */
    resetusersessionkey (q) {
      const { u, refused } = signedUser(q)
      if (refused) return refused
      u.sessionKey = issue(crypto.randomBytes(16).toString('base64'))
      return ok({ openid: u.openid, session_key: u.sessionKey })
    },
    /** GET /wxa/checksession */
    checksession (q) {
      const { refused } = signedUser(q)
      return refused || ok()
    }
  }

  const emulator = {
    /** What wx.login does: a fresh code, and a fresh session key for the user. */
    login ({ user: name }) {
      const u = user(name)
      u.sessionKey = issue(crypto.randomBytes(keyBytes).toString('base64'))
      const code = issue(crypto.randomBytes(16).toString('hex'))
      codes.set(code, { user: u.name, exp: now() + codeTtlMs, used: false })
      if (shape !== null && shape.anonymous) {
        // tt.login's anonymous code: single use, for the device's anonymous openid.
        const anonymousCode = issue(crypto.randomBytes(16).toString('hex'))
        anonymousCodes.set(anonymousCode, { anonymousOpenid: 'a' + u.openid.slice(1), exp: now() + codeTtlMs, used: false })
        return { errMsg: 'login:ok', code, anonymousCode }
      }
      return { errMsg: 'login:ok', code }
    },
    /** The getPhoneNumber button's event detail: allow or deny. */
    phone ({ user: name, allow = true }) {
      if (!allow) return { errMsg: 'getPhoneNumber:fail user deny' }
      const u = user(name)
      if (shape !== null) {
        // Another platform's button: its encrypted payload only (no phone code here).
        if (shape.sealPhone === null) return { errMsg: 'getPhoneNumber:fail not supported' }
        const sealed = shape.sealPhone(u, u.phone, { timestamp: Math.floor(now() / 1000), appid: appId }, appKey)
        if (!shape.phoneCode || !phonePublicKey) return { errMsg: 'getPhoneNumber:ok', ...sealed }
        // Douyin's new button: a one-time code (and the old pair beside it, as WeChat's gives both).
        const code = issue(crypto.randomBytes(32).toString('hex'))
        phoneCodes.set(code, { user: u.name, exp: now() + codeTtlMs, used: false })
        return { errMsg: 'getPhoneNumber:ok', code, ...sealed }
      }
      const code = issue(crypto.randomBytes(32).toString('hex'))
      phoneCodes.set(code, { user: u.name, exp: now() + codeTtlMs, used: false })
      return { errMsg: 'getPhoneNumber:ok', code, ...seal(u, u.phone) }
    },
    /** getUserInfo / getUserProfile: userInfo, rawData, signature and the sealed profile. */
    userinfo ({ user: name, api: which = 'getUserInfo' }) {
      const u = user(name)
      const userInfo = { nickName: u.nickName, gender: 0, language: 'zh_CN', city: '', province: '', country: '', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/emulator/132' }
      if (shape !== null) {
        const sealed = shape.sealUserInfo(u, userInfo, appKey)
        if (!shape.signsRawData) return { errMsg: `${which}:ok`, userInfo, ...sealed }
        const rawData = JSON.stringify(userInfo)
        return { errMsg: `${which}:ok`, userInfo, rawData, signature: crypto.createHash('sha1').update(rawData + u.sessionKey).digest('hex'), ...sealed }
      }
      const rawData = JSON.stringify(userInfo)
      const signature = crypto.createHash('sha1').update(rawData + u.sessionKey).digest('hex')
      return { errMsg: `${which}:ok`, userInfo, rawData, signature, ...seal(u, { openId: u.openid, unionId: u.unionid, ...userInfo }) }
    },
    /** The chooseAvatar button's event detail. */
    avatar ({ user: name }) {
      user(name)
      return { avatarUrl: `http://tmp/${crypto.randomBytes(8).toString('hex')}.jpg` }
    },
    /** What wx.checkSession answers: ok unless the session was expired with `expire`. */
    checksession ({ user: name, expire }) {
      const u = user(name)
      if (expire) u.expired = true
      return u.expired ? { errMsg: 'checkSession:fail session time out' } : { errMsg: 'checkSession:ok' }
    },
    /** Makes the next `count` calls of `endpoint` answer `errcode`, or arrive `delayMs` late. */
    faults ({ endpoint, errcode, delayMs, count = 1 }) {
      if (!faults.has(endpoint)) faults.set(endpoint, [])
      faults.get(endpoint).push({ errcode, delayMs, count })
      return { ok: true }
    },
    stats () { return { ...stats } },
    /** The app's configuration as WeChat sees it: `ipWhitelisted: false` → 40164, `secretFrozen: true` → 40243. */
    app ({ ipWhitelisted, secretFrozen }) {
      if (ipWhitelisted !== undefined) app.ipWhitelisted = ipWhitelisted !== false && ipWhitelisted !== 'false'
      if (secretFrozen !== undefined) app.secretFrozen = secretFrozen === true || secretFrozen === 'true'
      return { ok: true, ...app }
    },
    reset () {
      codes.clear(); anonymousCodes.clear(); phoneCodes.clear(); tokens.clear(); faults.clear(); stableToken = null
      clientTokens.length = 0; clientTokenExp.clear()
      forced.length = 0; app.ipWhitelisted = true; app.secretFrozen = false
      for (const k of Object.keys(stats)) delete stats[k]
      return { ok: true }
    },
    /** Test helper: every secret handed out so far (never served over HTTP). */
    secrets () { return [...issued, appSecret] },
    /** Test helper: whether an access token is valid now (never served over HTTP). */
    tokenValid (value) { return tokens.has(value) && tokens.get(value) > now() },
    /** Test helper: the user's current session key (never served over HTTP). */
    sessionKeyOf (name) { return user(name).sessionKey },
    user
  }

  // Cloud Development (cloud-sdk.js): the phone and user-info buttons also
  // give a cloudID, which cloud.getOpenData opens for the same user only,
  // within 5 minutes.
  const cloudIds = new Map() // cloudID → { user, data, exp }
  function cloudId (u, data) {
    // Made in time order, so they expire in it: sweep from the oldest, stop at a live one.
    for (const [id, entry] of cloudIds) {
      if (entry.exp > now()) break
      cloudIds.delete(id)
    }
    const id = `${10 + cloudIds.size % 90}_${crypto.randomBytes(30).toString('base64url')}`
    cloudIds.set(id, { user: u.name, data: { ...data, watermark: { timestamp: Math.floor(now() / 1000), appid: appId } }, exp: now() + codeTtlMs })
    return id
  }
  const { phone, userinfo, reset } = emulator
  emulator.phone = (o) => {
    const detail = phone(o)
    if (shape === null && detail.code !== undefined) detail.cloudID = cloudId(user(o.user), user(o.user).phone) // WeChat Cloud Development's
    return detail
  }
  emulator.userinfo = (o) => {
    const detail = userinfo(o)
    if (shape !== null) return detail // cloudIDs are WeChat Cloud Development's
    const u = user(o.user)
    detail.cloudID = cloudId(u, { openId: u.openid, unionId: u.unionid, ...detail.userInfo })
    return detail
  }
  emulator.reset = () => { cloudIds.clear(); return reset() }
  const cloud = {
    /**
     * What getOpenData finds for a cloudID asked by the user `openid` (never
     * served over HTTP): `{ cloudID, data }`, or the platform's `{ errCode,
     * errMsg }` for an unknown (-601005), expired (-601006) or another
     * user's (-601007) cloudID.
     */
    openCloudId (id, openid) {
      const entry = typeof id === 'string' ? cloudIds.get(id) : undefined
      if (entry === undefined) return { errCode: -601005, errMsg: 'invalid cloudID' }
      if (entry.exp <= now()) return { errCode: -601006, errMsg: 'cloudID expired' }
      if (users.get(entry.user).openid !== openid) return { errCode: -601007, errMsg: 'cloudID and calling user does not match' }
      return { cloudID: id, data: JSON.parse(JSON.stringify(entry.data)) }
    }
  }

  /** The next fault for `endpoint`, if any. */
  function nextFault (endpoint) {
    const list = faults.get(endpoint)
    if (!list || list.length === 0) return null
    const f = list[0]
    if (--f.count <= 0) list.shift()
    return f
  }

  /** The routes this platform serves: WeChat's, or the platform's code exchange. */
  const routes = shape === null ? ROUTES : { [shape.route]: 'code2session', ...(shape.token ? { [shape.token.route]: 'platform_token' } : {}), ...(shape.phoneCode && phonePublicKey ? { [shape.phoneCode.route]: 'phone_code', [shape.clientToken.route]: 'client_token' } : {}) }
  /** The platform's error answer for an injected errcode. */
  const refuse = shape === null ? (errcode) => fail(errcode, 'injected fault') : (errcode) => shape.refuse(errcode)
  return { api, emulator, nextFault, stats, cloud, routes, refuse, platform }
}

const ROUTES = {
  'GET /sns/jscode2session': 'jscode2session',
  'POST /cgi-bin/stable_token': 'stable_token',
  'POST /wxa/business/getuserphonenumber': 'getuserphonenumber',
  'GET /wxa/checksession': 'checksession',
  'GET /wxa/resetusersessionkey': 'resetusersessionkey'
}

/** A POST body: a form (Kuaishou's, Baidu's) or JSON; `null` when it does not read. */
function readBody (req) {
  const form = String(req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded')
  return new Promise((resolve) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { text += chunk })
    req.on('end', () => {
      if (form) return resolve(Object.fromEntries(new URLSearchParams(text)))
      try { resolve(text ? JSON.parse(text) : {}) } catch { resolve(null) }
    })
  })
}

/**
 * The emulator as a request handler, for mounting in another server.
 * @param {ReturnType<typeof createWechat>} wechat
 */
function createHandler (wechat) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://emulator')
    const query = Object.fromEntries(url.searchParams)
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'GET,POST' })
      res.end()
      return
    }
    const body = req.method === 'POST' ? await readBody(req) : {}
    const route = (wechat.routes || ROUTES)[`${req.method} ${url.pathname}`]
    if (route) {
      wechat.stats[route] = (wechat.stats[route] || 0) + 1
      const fault = wechat.nextFault(route)
      if (fault && fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
      if (fault && fault.errcode !== undefined) return send(200, wechat.refuse(Number(fault.errcode)))
      if (body === null) return send(200, wechat.platform === 'weixin' ? fail(47001, 'data format error') : wechat.refuse('request'))
      return send(200, wechat.api[route](query, body, req.headers))
    }
    const m = /^\/__emulator\/(\w+)$/.exec(url.pathname)
    if (m && typeof wechat.emulator[m[1]] === 'function' && !['sessionKeyOf', 'user', 'secrets', 'tokenValid'].includes(m[1])) {
      return send(200, wechat.emulator[m[1]]({ ...query, ...(body || {}) }))
    }
    send(404, { errcode: 404, errmsg: 'no such api' })
  }
}

/**
 * Starts the emulator on 127.0.0.1.
 * @param {{ port?: number, appId: string, appSecret: string, platform?: string, appKey?: string, phonePublicKey?: string, now?: () => number, codeTtlMs?: number, tokenTtlSeconds?: number }} options
 * @returns {Promise<{ url: string, port: number, wechat: object, close: () => Promise<void> }>}
 */
async function start (options) {
  const wechat = createWechat(options)
  const server = http.createServer(createHandler(wechat))
  const sockets = new Set() // closed by hand: Node < 18.2 has no closeAllConnections
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise((resolve) => server.listen(options.port || 0, options.host || '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    wechat,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) })
  }
}

module.exports = { start, createWechat, createHandler }
