// A local stand-in for Alipay's open gateway, as strict as the real one
// where the login flow depends on it: every request's RSA2 signature is
// checked with the app's public key over the parameters Alipay's docs name
// (every non-empty one but `sign`, sorted, `k=v` joined by `&`); `app_id`,
// `sign_type`, `charset`, `version` and a `timestamp` within 15 minutes are
// required; auth codes (`my.getAuthCode`) live 5 minutes and work once;
// every answer is signed with the emulator's own Alipay private key over
// the answering member's exact text; the phone button's `{ response, sign }`
// is sealed with the app's content key (AES-128-CBC, zero iv) and signed
// over the quoted response. Node's own crypto only, independent of
// weapp-login's code. Refusals have Alipay's shape:
// `{ "error_response": { code, msg, sub_code, sub_msg }, "sign" }`.
//
// Alipay's route:  POST /gateway.do  (alipay.system.oauth.token)
// Emulator-only:   POST /__alipay/authcode {user?, scopes?} → { authCode }
//                  POST /__alipay/phone {user?} → { response, sign }
//                  POST /__alipay/openuserinfo {user?} → { response } (my.getOpenUserInfo)
//                  with `asWx`: POST /__emulator/login | phone | userinfo | checksession
//                  (the `wx` stand-in's routes, in Alipay's shapes)
//                  GET  /__alipay/stats   POST /__alipay/reset
//
//   import { createAlipay, withAlipay } from './alipay.mjs'
//   const alipay = createAlipay({ appId, appPublicKey, encryptKey })
//   http.createServer(withAlipay(alipay, createHandler(wechat)))  // index.js's handler for the rest

import crypto from 'node:crypto'
import http from 'node:http'

const CODE_TTL_MS = 5 * 60 * 1000
const OAUTH = 'alipay.system.oauth.token'

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8) → ms since the epoch, or NaN. */
function parseTimestamp (text) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text || '')
  if (!m) return NaN
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5], +m[6])
}

/** A key as Alipay's console gives it (bare base64 DER) or PEM. */
function keyObject (text, isPrivate) {
  const pem = /-----BEGIN/.test(text)
  if (isPrivate) return crypto.createPrivateKey(pem ? text : { key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' })
  return crypto.createPublicKey(pem ? text : { key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' })
}

/**
 * A test app's credentials as Alipay's console has them: the app's RSA2 key
 * pair (its private key, PEM PKCS#8, for the developer server; its public
 * key, bare base64 SPKI, uploaded to Alipay: `appPublicKey` here) and a
 * content-encryption key (base64 of 16 bytes).
 * @returns {{ privateKey: string, appPublicKey: string, encryptKey: string }}
 */
export function appCredentials () {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    appPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    encryptKey: crypto.randomBytes(16).toString('base64')
  }
}

/**
 * The emulator's Alipay: state and behaviour, without HTTP.
 * @param {{ appId: string, appPublicKey: string, encryptKey?: string, alipayPrivateKey?: string, now?: () => number, codeTtlMs?: number }} options
 *   `appPublicKey`: the app's RSA2 public key (PEM or bare base64 SPKI);
 *   `alipayPrivateKey`: the key answers are signed with (made afresh when absent: read `alipayPublicKey`);
 *   `timestampSkewMs`: how far `timestamp` (Beijing time) may be from `now` (default: not checked)
 */
export function createAlipay ({ appId, appPublicKey, encryptKey, alipayPrivateKey, now = Date.now, codeTtlMs = CODE_TTL_MS, timestampSkewMs = null }) {
  const appKey = keyObject(appPublicKey, false)
  const pair = alipayPrivateKey
    ? { privateKey: keyObject(alipayPrivateKey, true) }
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signingKey = pair.privateKey
  const alipayPublicKey = crypto.createPublicKey(signingKey).export({ type: 'spki', format: 'der' }).toString('base64')
  const users = new Map() // name → { userId, openId, mobile }
  const codes = new Map() // auth code → { user, exp, used }
  const stats = {}
  const issued = new Set() // auth codes, tokens and phone responses handed out (for log scans)

  function user (name) {
    const key = String(name || 'default')
    if (!users.has(key)) {
      const h = crypto.createHash('sha256').update(appId + key).digest()
      users.set(key, {
        name: key,
        userId: '2088' + BigInt('0x' + h.subarray(0, 8).toString('hex')).toString().padStart(12, '0').slice(0, 12),
        openId: '0' + h.subarray(8, 32).toString('base64url').slice(0, 40),
        mobile: '13800138000'
      })
    }
    return users.get(key)
  }

  const signText = (text) => crypto.sign('sha256', Buffer.from(text, 'utf8'), signingKey).toString('base64')
  /** An answer as the gateway writes it: the member's text, then `sign` over exactly that text. */
  function answer (member, body) {
    const text = JSON.stringify(body)
    return `{"${member}":${text},"sign":"${signText(text)}"}`
  }
  const refuse = (code, msg, subCode, subMsg) =>
    answer('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg })

  const faults = [] // { code, subCode, tamper, count }: the next gateway answers

  /** What the gateway answers for one request's parameters (query and form merged), or the next fault's answer. */
  function gateway (params) {
    const f = faults[0]
    if (f === undefined) return answerFor(params)
    if (--f.count <= 0) faults.shift()
    if (!f.tamper) return refuse(String(f.code || '20000'), f.code === undefined || String(f.code) === '20000' ? 'Service Currently Unavailable' : 'Business Failed', f.subCode || 'isp.unknow-error', '系统繁忙')
    // A tampered answer: the signed member's text changed after signing.
    return answerFor(params).replace(/"user_id":"2088/, '"user_id":"2089').replace(/"sub_msg":"/, '"sub_msg":"x')
  }

  /** What the gateway answers for one request's parameters. */
  function answerFor (params) {
    const missing = ['app_id', 'method', 'sign_type', 'sign', 'timestamp', 'charset', 'version'].find((k) => !params[k])
    if (missing) return refuse('40001', 'Missing Required Arguments', `isv.missing-${missing.replace('_', '-')}`, `缺少${missing}参数`)
    if (params.app_id !== appId) return refuse('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数')
    if (params.sign_type !== 'RSA2') return refuse('40002', 'Invalid Arguments', 'isv.invalid-signature-type', '无效的签名类型')
    if (params.charset.toLowerCase() !== 'utf-8') return refuse('40002', 'Invalid Arguments', 'isv.invalid-charset', '字符集错误')
    const ts = parseTimestamp(params.timestamp)
    if (Number.isNaN(ts) || (timestampSkewMs !== null && Math.abs(ts - now()) > timestampSkewMs)) return refuse('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数')
    const content = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort().map((k) => `${k}=${params[k]}`).join('&')
    let good = false
    try { good = crypto.verify('sha256', Buffer.from(content, 'utf8'), appKey, Buffer.from(params.sign, 'base64')) } catch { good = false }
    if (!good) return refuse('40002', 'Invalid Arguments', 'isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content}`)
    if (params.method !== OAUTH) return refuse('40002', 'Invalid Arguments', 'isv.invalid-method', '不存在的方法名')
    if (params.grant_type !== 'authorization_code') return refuse('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'grant_type参数不正确')
    const entry = codes.get(params.code)
    if (!entry || entry.used || entry.exp <= now()) return refuse('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效')
    entry.used = true
    const u = users.get(entry.user)
    const token = issue(`authusrB${crypto.randomBytes(16).toString('hex')}`)
    return answer(OAUTH.replaceAll('.', '_') + '_response', {
      access_token: token,
      alipay_user_id: u.userId,
      auth_start: new Date(now() + 8 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19),
      expires_in: 1296000,
      open_id: u.openId,
      re_expires_in: 2592000,
      refresh_token: issue(`authusrB${crypto.randomBytes(16).toString('hex')}`),
      user_id: u.userId
    })
  }

  function issue (secret) { issued.add(secret); return secret }

  /** The phone button's answer for `user`, sealed and signed as Alipay does. */
  function phone ({ user: name } = {}) {
    if (!encryptKey) throw new Error('the emulator has no encryptKey: give createAlipay one')
    const u = user(name)
    const cipher = crypto.createCipheriv('aes-128-cbc', Buffer.from(encryptKey, 'base64'), Buffer.alloc(16))
    const plain = JSON.stringify({ code: '10000', msg: 'Success', mobile: u.mobile })
    const response = issue(Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64'))
    return { response, sign: signText(`"${response}"`) }
  }

  /** `my.getAuthCode`: a fresh single-use auth code for `user`. */
  function authCode ({ user: name } = {}) {
    const u = user(name)
    const code = issue(crypto.randomBytes(16).toString('hex'))
    codes.set(code, { user: u.name, exp: now() + codeTtlMs, used: false })
    return { authCode: code }
  }

  /** `my.getOpenUserInfo`'s answer: `response`, the JSON text of `{ response: { code, msg, nickName, avatar } }` (neither signed nor sealed). */
  function openUserInfo ({ user: name } = {}) {
    user(name)
    return { response: JSON.stringify({ response: { code: '10000', msg: 'Success', nickName: '支付宝用户', avatar: 'https://tfs.alipayobjects.com/images/partner/emulator' } }) }
  }

  function reset () { codes.clear(); faults.length = 0; for (const k of Object.keys(stats)) delete stats[k]; return { ok: true } }

  /**
   * The mini program's side in the shapes the `wx` stand-in (wx.mjs) and the
   * tests ask the WeChat emulator for (`/__emulator/<name>`), so a page or a
   * test drives Alipay as it drives every platform: `login` is
   * `my.getAuthCode` (`code`), `phone` the phone button's answer (`{ response,
   * sign }`), `userinfo` `my.getOpenUserInfo` (`{ response }`); Alipay has no
   * checkSession (answered ok).
   */
  const asWx = {
    login: (o) => ({ errMsg: 'login:ok', code: authCode(o).authCode }),
    phone: ({ user: name, allow = true } = {}) => allow ? { errMsg: 'getPhoneNumber:ok', ...phone({ user: name }) } : { errMsg: 'getPhoneNumber:fail user deny' },
    userinfo: (o) => ({ errMsg: 'getOpenUserInfo:ok', ...openUserInfo(o) }),
    checksession: () => ({ errMsg: 'checkSession:ok' }),
    /** The next `count` gateway answers: Alipay's error `code`/`subCode` (default 20000, isp.unknow-error), or with `tamper` the answer altered after it was signed. */
    faults: ({ code, subCode, tamper = false, count = 1 }) => { faults.push({ code, subCode, tamper: tamper === true || tamper === 'true', count: Number(count) }); return { ok: true } },
    stats: () => ({ ...stats }),
    reset
  }

  return {
    appId,
    /** Alipay's public key as its console shows it (bare base64 SPKI): configure the server with it. */
    alipayPublicKey,
    gateway,
    emulator: { authcode: authCode, phone, openuserinfo: openUserInfo, stats: () => ({ ...stats }), reset },
    /** The mini program's side under `/__emulator/` (see `asWx` above). */
    asWx,
    stats,
    /** Test helper: every secret handed out so far (never served over HTTP). */
    secrets: () => [...issued],
    user
  }
}

function readText (req) {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { text += chunk })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

/**
 * A request handler serving the emulator's Alipay routes (`/gateway.do`,
 * `/__alipay/*`) and passing every other request to `next` (for example
 * index.js's `createHandler(wechat)`), so one server emulates both.
 * @param {ReturnType<typeof createAlipay>} alipay
 * @param {(req: import('http').IncomingMessage, res: import('http').ServerResponse) => void} [next]
 * @param {{ asWx?: boolean }} [options] `asWx`: serve `/__emulator/<name>` from `alipay.asWx`
 *   too (the `wx` stand-in's routes: the demo's playground signs in to Alipay with it)
 */
export function withAlipay (alipay, next, options = {}) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://emulator')
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      res.end(text)
    }
    if (url.pathname === '/gateway.do') {
      alipay.stats.gateway = (alipay.stats.gateway || 0) + 1
      if (req.method !== 'POST' && req.method !== 'GET') return send(405, '{}')
      const body = req.method === 'POST' ? await readText(req) : ''
      const type = String(req.headers['content-type'] || '')
      const form = type.includes('json') ? {} : Object.fromEntries(new URLSearchParams(body))
      return send(200, alipay.gateway({ ...Object.fromEntries(url.searchParams), ...form }))
    }
    const m = /^\/__(alipay|emulator)\/(\w+)$/.exec(url.pathname)
    const side = m === null ? null : m[1] === 'alipay' ? alipay.emulator : options.asWx ? alipay.asWx : null
    if (side !== null && Object.prototype.hasOwnProperty.call(side, m[2])) {
      const text = req.method === 'POST' ? await readText(req) : ''
      let input = {}
      try { input = text ? JSON.parse(text) : {} } catch { return send(400, '{"error":"not JSON"}') }
      return send(200, JSON.stringify(side[m[2]]({ ...Object.fromEntries(url.searchParams), ...input })))
    }
    if (next) return next(req, res)
    send(404, '{"error":"no such route"}')
  }
}

/**
 * Starts the Alipay emulator alone on 127.0.0.1.
 * @param {Parameters<typeof createAlipay>[0] & { port?: number }} options
 * @returns {Promise<{ url: string, alipay: ReturnType<typeof createAlipay>, close: () => Promise<void> }>}
 */
export async function startAlipay (options) {
  const alipay = createAlipay(options)
  const server = http.createServer(withAlipay(alipay))
  const sockets = new Set()
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise((resolve) => server.listen(options.port || 0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    alipay,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) })
  }
}
