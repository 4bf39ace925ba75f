// Types of the weapp-login Node entry (`require('weapp-login')`).

/** Every stable error code. Branch on these, never on messages. */
export type ErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_BASE64'
  | 'ERR_KEY_LENGTH'
  | 'ERR_IV_LENGTH'
  | 'ERR_CIPHERTEXT_LENGTH'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_WATERMARK_MISSING'
  | 'ERR_APPID_MISMATCH'
  | 'ERR_WATERMARK_TIME'
  | 'ERR_PAYLOAD_SHAPE'
  | 'ERR_USER_DENIED'
  | 'ERR_NO_PERMISSION'
  | 'ERR_WX_FAIL'
  | 'ERR_PRIVACY_DENIED'
  | 'ERR_PHONE_QUOTA'
  | 'ERR_CODE_INVALID'
  | 'ERR_CODE_USED'
  | 'ERR_CODE_BLOCKED'
  | 'ERR_RATE_LIMITED'
  | 'ERR_WECHAT_BUSY'
  | 'ERR_ACCESS_TOKEN'
  | 'ERR_WECHAT_API'
  | 'ERR_APP_CONFIG'
  | 'ERR_INVALID_TRANSITION'
  | 'ERR_SENSITIVE_FIELD'
  | 'ERR_SESSION_NOT_FOUND'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_STALE'
  | 'ERR_HOOK_FAILED'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_BODY_TIMEOUT'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_HTTP_STATUS'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_INTERNAL'

/**
 * The one error class. Its message never holds a session key, secret,
 * token, phone number or ciphertext.
 * @example
 * try { decryptPhoneNumber(opts) } catch (e) {
 *   if (e instanceof WeappLoginError && e.code === 'ERR_DECRYPT_FAILED') { // stale session key
 *   }
 * }
 */
export declare class WeappLoginError extends Error {
  /** `message` defaults to the core's description of `code`; `retryable` and `httpStatus` always come from the core's table. */
  constructor(code: ErrorCode, message?: string, details?: { errcode?: number; field?: string; cause?: unknown })
  readonly name: 'WeappLoginError'
  /** Stable code. */
  readonly code: ErrorCode
  /** Whether trying again later may succeed (from the core's table). */
  readonly retryable: boolean
  /** The HTTP status a server answers for this code (from the core's table). */
  readonly httpStatus: number
  /** WeChat's errcode, for errors WeChat answered with. */
  readonly errcode?: number
  /** The argument or payload field concerned (`iv`, `watermark.appid`). */
  readonly field?: string
  /** For errors from a wx API: its `errno` (104/112 privacy, 1400001 phone quota, …). */
  errno?: number
  /** For errors from a wx API: its `errMsg`. */
  errMsg?: string
  /** For a non-2xx reply the client got: its HTTP status. */
  status?: number
  /** For a non-2xx reply the client got: its body. */
  data?: unknown
}

/** `{ appid, timestamp }` from inside every encrypted payload. */
export interface Watermark {
  appid: string
  /** Seconds since the epoch. */
  timestamp: number
}

/** What every decrypt function takes. */
export interface DecryptOptions {
  /** Your mini program's appid: the watermark must name it. */
  appId: string
  /** The user's session_key from code2Session (base64). Server only. */
  sessionKey: string
  /** From the button event (base64). */
  iv: string
  /** From the button event (base64). */
  encryptedData: string
  /** Seconds since the epoch; defaults to the clock. */
  now?: number
  /** Oldest watermark accepted, in seconds. Default 600; `null` turns the age check off. */
  maxAgeSeconds?: number | null
}

/** A decrypted phone number. */
export interface PhoneNumber {
  /** With the country code outside mainland China, e.g. `+852 61234567`. */
  phoneNumber: string
  purePhoneNumber: string
  /** Always a string, e.g. `"86"`. */
  countryCode: string
  watermark: Watermark
}

/** Decrypted user info. */
export interface UserInfo {
  openId: string
  nickName: string
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  language: string
  city: string
  province: string
  country: string
  avatarUrl: string
  unionId?: string
  watermark: Watermark
}

/** A successful code exchange. Keep `sessionKey` on the server. */
export interface Code2Session {
  openid: string
  sessionKey: string
  unionid?: string
}

/** What the getPhoneNumber button handed over. */
export type PhoneEvent =
  | { kind: 'code'; code: string; encryptedData?: string; iv?: string }
  | { kind: 'encrypted'; encryptedData: string; iv: string }

/** One row of {@link errorCodes}. */
export interface ErrorCodeInfo {
  code: ErrorCode
  retryable: boolean
  httpStatus: number
  description: string
}

/**
 * Opens any encrypted payload (user info, phone, WeRun…) and checks its watermark.
 * @example
 * const { stepInfoList } = decryptData({ appId, sessionKey, iv, encryptedData })
 */
export declare function decryptData(options: DecryptOptions): Record<string, unknown> & { watermark: Watermark }

/**
 * Opens the getPhoneNumber button's encrypted data and checks its shape.
 * @example
 * const { phoneNumber } = decryptPhoneNumber({ appId, sessionKey, iv, encryptedData })
 */
export declare function decryptPhoneNumber(options: DecryptOptions): PhoneNumber

/**
 * Opens encrypted user info; `openId` is required.
 * @example
 * const { openId, nickName } = decryptUserInfo({ appId, sessionKey, iv, encryptedData })
 */
export declare function decryptUserInfo(options: DecryptOptions): UserInfo

/**
 * `signature === sha1(rawData + sessionKey)`, compared in constant time.
 * @example
 * verifySignature({ rawData: res.rawData, signature: res.signature, sessionKey })
 */
export declare function verifySignature(options: { rawData: string; signature: string; sessionKey: string }): boolean

/**
 * `hmac_sha256(key = sessionKey text, "")` as hex, for `/wxa/checksession`.
 * @example
 * const signature = sessionKeySignature(sessionKey)
 */
export declare function sessionKeySignature(sessionKey: string): string

/**
 * Seals data as WeChat does, watermark included. For emulators and tests.
 * @example
 * const { encryptedData, iv } = encryptData({ appId, sessionKey, data: { phoneNumber: '13800138000' } })
 */
export declare function encryptData(options: {
  appId: string
  sessionKey: string
  data: Record<string, unknown>
  /** base64 of 16 bytes; random when absent */
  iv?: string
  /** seconds since the epoch; the clock when absent */
  timestamp?: number
}): { encryptedData: string; iv: string }

/**
 * Reads a `jscode2session` answer, as an object or its JSON text.
 * Throws WeChat's error (`ERR_CODE_USED`, …) for a non-zero errcode.
 * @example
 * const { openid, sessionKey } = parseCode2Session(await res.json())
 */
export declare function parseCode2Session(body: unknown): Code2Session

/**
 * Reads the `bindgetphonenumber` event's `detail` (the whole event works too).
 * @example
 * const ev = parsePhoneEvent(e.detail)
 * if (ev.kind === 'code') await post('/phone', { code: ev.code })
 */
export declare function parsePhoneEvent(detail: unknown): PhoneEvent

/**
 * The code and retryability of a non-zero WeChat errcode.
 * @example
 * wechatError(45011) // { code: 'ERR_RATE_LIMITED', retryable: true }
 */
export declare function wechatError(errcode: number): { code: ErrorCode; retryable: boolean }

/**
 * Every error code with its retryability, HTTP status and description.
 * @example
 * const status = errorCodes().find((e) => e.code === err.code)?.httpStatus ?? 500
 */
export declare function errorCodes(): ErrorCodeInfo[]

// ---------------------------------------------------------------------------
// The login client (mini program, browser, and Node with a wx-shaped object)
// The client's types are those of the mini program entry (miniprogram.d.ts);
// here `createLoginClient` runs the same client in Node on the client wasm.
import type { LoginClient, LoginClientOptions, Transition, UserView } from './miniprogram.js'
export type {
  WxLike, WxFailResult, WxCallbacks, WxEvent, PhoneNumberEvent, ChooseAvatarEvent, NicknameInputEvent,
  NicknameSubmitEvent, UserInfoEvent, RequestInfo, LoginClientOptions, StateName, EventName, NextStep,
  UserView, LoginState, Transition, LoginSession, RequestOptions, UploadFileOptions, PhoneNumberResult, LoginClient
} from './miniprogram.js'

/**
 * The login client.
 * @example
 * const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' })
 * const { openid } = await client.login()
 */
export declare function createLoginClient(options: LoginClientOptions): LoginClient

/**
 * The state machine's transitions, for drawing it (in the mini program and
 * browser builds this returns a Promise, as the wasm loads asynchronously).
 * @example
 * transitions().filter((t) => t.from === 'signedIn')
 */
export declare function transitions(): Transition[]

// ---------------------------------------------------------------------------
// The server (Node)

/**
 * What a session store does. `memoryStore()` and `redisStore()` implement it;
 * so can your own (values are strings; every entry has a TTL in seconds).
 */
export interface Store {
  get(key: string): Promise<string | null>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /**
   * Several writes that belong together: all or nothing on one Redis; on a
   * Redis Cluster, per slot, the last entry's slot last.
   */
  setMany(entries: Array<[key: string, value: string, ttlSeconds: number]>): Promise<void>
  delete(key: string): Promise<void>
  /** Several deletes sent together. */
  deleteMany(keys: string[]): Promise<void>
  /** Takes the lock unless someone holds it; resolves to the owner token, or null. */
  lock(key: string, ttlSeconds: number): Promise<string | null>
  /** Adds one to a counter (created at 1 with this TTL); resolves to the new count. */
  incr(key: string, ttlSeconds: number): Promise<number>
  /** Releases the lock if `owner` still holds it. */
  unlock(key: string, owner: string): Promise<void>
  /**
   * Adds `member` with `score` (its expiry, ms) to the set at `key`, drops members scored at or
   * before `nowMs`, keeps at most `cap` (0: no cap) by evicting the lowest scores; resolves to
   * the evicted members. One key only.
   */
  addCapped(key: string, member: string, score: number, cap: number, ttlSeconds: number, nowMs: number): Promise<string[]>
  /** Removes `member` from the set at `key`. */
  removeMember(key: string, member: string): Promise<void>
  /** Every member of the set at `key`, and the set deleted, in one step. */
  takeMembers(key: string): Promise<string[]>
  close(): Promise<void>
  /**
   * Optional (a store without it is used through get and lock): the value kept at `key`, or else
   * the lock at `lockKey` taken, in one step. `{ kept, owner: null }` when `key` holds a value (the
   * lock untouched), `{ kept: null, owner }` when the lock was taken, `{ kept: null, owner: null }`
   * when someone else holds it. With `count`, first adds one to that counter as `incr` does
   * (answered as `count`); past `count.max` nothing is claimed. `key` and `lockKey` share a hash
   * tag (one Redis Cluster slot); the counter may live elsewhere.
   */
  claim?(key: string, lockKey: string, ttlSeconds: number, count?: { key: string; ttlSeconds: number; max: number }): Promise<{ kept: string | null; owner: string | null; count?: number }>
  /**
   * Optional (else one `get` per key): the values of `keys`, null for a missing one, in their order.
   * Each optional step (claim, getMany, batch) is used only where it is defined on the same object
   * as the operations it stands for (claim: get, incr, lock; getMany: get; batch: setMany,
   * addCapped, unlock): a store made with Object.create(base) that overrides get is read through it.
   */
  getMany?(keys: string[]): Promise<Array<string | null>>
  /**
   * Optional (else setMany, addCapped and unlock): operations that belong together, in their order;
   * all or nothing on one Redis; on a Redis Cluster, per slot, the last operation's slot last.
   * Resolves to each one's answer (addCapped: the evicted members; the others: undefined).
   */
  batch?(ops: Array<
    | [op: 'set', key: string, value: string, ttlSeconds: number]
    | [op: 'addCapped', key: string, member: string, score: number, cap: number, ttlSeconds: number, nowMs: number]
    | [op: 'unlock', key: string, owner: string]
  >): Promise<Array<string[] | undefined>>
  /** `false` for a store no other process sees (memoryStore): no cross-process locks are taken. */
  readonly shared?: boolean
}

/** `{ max, windowSeconds }`: at most `max` per window (default window 60 s); `false`: off. */
export type Limit = false | { max: number; windowSeconds?: number }

/** A pino-compatible logger: `logger.info(fields, message)`. */
export interface Logger {
  debug?(fields: object, message?: string): void
  info(fields: object, message?: string): void
  warn(fields: object, message?: string): void
  error(fields: object, message?: string): void
}


export interface PhoneAnswer {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
}

/**
 * createAuth's options. Every option is checked when given (type and range); an unknown name
 * is refused with ERR_INVALID_ARGUMENT naming it.
 */
export interface AuthOptions {
  /** Your appid ([A-Za-z0-9_-], it is part of every store key). */
  appId: string
  /** Your AppSecret. Never logged, never in an answer. */
  appSecret: string
  /** Default: memoryStore(). Checked for the Store interface. */
  store?: Store
  /** Default `https://api.weixin.qq.com`; the emulator's URL in development. */
  apiBase?: string
  fetch?: (input: any, init?: any) => Promise<any>
  /** The clock in ms, for tests. */
  now?: () => number
  /** A pino-compatible logger (default: silent). One line per sign-in, phone, profile, upstream call, limit hit, store fault, hook error. */
  logger?: Logger
  /** Integer seconds, 60 to 366 days (default 7 days). `'7d'` is refused. */
  sessionTtlSeconds?: number
  /** Live sessions per user (default 10): the oldest goes. `false`: no cap. */
  maxSessionsPerUser?: number | false
  /** How many session keys per user are kept (default 3). */
  keyRingSize?: number
  /** How long a superseded key keeps opening data, counted from its supersession (default 1 day). */
  keyGraceSeconds?: number
  /** Oldest watermark accepted for phone data and user info (default 600; `null`: no age check). */
  maxAgeSeconds?: number | null
  /** Per WeChat request (default 5000). */
  timeoutMs?: number
  /** Retries of -1 and transport faults only (default 2), with jittered backoff. Never of 45011/45009. */
  retries?: number
  retryBaseMs?: number
  retryMaxMs?: number
  /** Store key prefix (default `wl:`); keys are `<prefix><appId>:…`. */
  prefix?: string
  /** New phone codes per user (default `{ max: 5, windowSeconds: 60 }`). */
  phoneLimit?: Limit
  /** Remember codes WeChat refused (40029, 40163, 40226) for their life (default true). */
  rememberRefusedCodes?: boolean
  /** At most one forced stable_token refresh per this many seconds per appId (default 30, WeChat's minimum). */
  forcedRefreshCooldownSeconds?: number
  /** Largest avatar upload in bytes (default 1 MiB). */
  avatarLimitBytes?: number
  /** Kept avatars are served at `${avatarBaseUrl}/avatars/<id>` (default ''). */
  avatarBaseUrl?: string
  /** At each sign-in: your user id and what the mini program should show. A throw is ERR_HOOK_FAILED (retryable; the code is not lost). */
  onLogin?: (who: { openid: string; unionid?: string }) => { userId?: string | number; user?: UserView } | void | Promise<{ userId?: string | number; user?: UserView } | void>
  /** Called with each phone number; the user is marked only after it succeeded. A throw is ERR_HOOK_FAILED (retryable; a retry with the same code answers the kept number). */
  onPhone?: (openid: string, phone: PhoneAnswer, more: { userId?: string | number }) => unknown
  /** Called with each profile given; the user is marked only after it succeeded. */
  onProfile?: (openid: string, userInfo: Record<string, unknown>, avatar: { base64: string } | undefined, more: { userId?: string | number }) => unknown
  /** Stores an uploaded avatar where you keep images; without it the store keeps it. */
  onAvatar?: (upload: { openid: string; userId?: string | number; bytes: Uint8Array; contentType: string }) => { avatarUrl: string } | Promise<{ avatarUrl: string }>
}

export interface AuthSession {
  token: string
  openid: string
  unionid?: string
  /** Milliseconds since the epoch. */
  expiresAt: number
  /** What the server already has for this user. */
  profile: boolean
  phone: boolean
  /** What onLogin answered (merged with later changes), or the server's own record. */
  user: UserView
}

/** What a token stands for (`auth.session`, `req.session`). */
export interface SessionInfo {
  openid: string
  unionid?: string
  userId?: string | number
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface HandlerOptions {
  /** Bytes, or a size such as `'1mb'` (units of 1024); default 256 KiB; larger bodies get 413. There is no "off". */
  bodyLimit?: number | string
  /** Bytes of the avatar image (`POST /avatar`), or a size such as `'2mb'`; default 1 MiB. */
  avatarLimit?: number | string
  /**
   * Off by default. `true`: any origin (`access-control-allow-origin: *`; tokens travel in a
   * header, never in cookies). `{ origin }`: one origin, a list, or a function of the request's origin.
   */
  cors?: boolean | { origin: string | string[] | ((origin: string) => boolean | string) }
  /** A prefix the routes live under when not mounted by a framework (`'/api'`). */
  basePath?: string
  /** A body that takes longer is refused with 408 (default 10 s). */
  bodyTimeoutMs?: number
  /**
   * Sign-ins per client address per window: on by default, 20 a minute; 429 past it. Counted in
   * the store (`auth.storeKey('rl:login:' + address)`), so it holds across processes. `false` turns it off.
   */
  loginLimit?: false | { max: number; windowSeconds?: number }
  /**
   * How many proxy hops to trust (default 0: the socket's address). With n, the client's
   * address is the n-th X-Forwarded-For entry from the right, parsed as an IP (IPv6 by /64).
   */
  trustProxy?: number | false
}

/**
 * A fetch `Request`: the runtime's own type where it is declared (lib.dom, @types/node 18+),
 * else the parts the handlers read.
 */
export type FetchRequest = typeof globalThis extends { Request: { prototype: infer R } } ? R
  : { readonly url: string; readonly method: string; readonly headers: { get(name: string): string | null }; readonly body: unknown }

/** A fetch `Response`: the runtime's own type where it is declared, else the parts a caller reads. */
export type FetchResponse = typeof globalThis extends { Response: { prototype: infer R } } ? R
  : { readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string>; json(): Promise<unknown>; arrayBuffer(): Promise<ArrayBuffer> }

export interface FetchHandlerOptions extends HandlerOptions {
  /**
   * The client's address for a request, as the runtime knows it (e.g. Cloudflare's
   * `cf-connecting-ip`). Default: X-Forwarded-For per `trustProxy`, then what the runtime passes
   * beside the request (Deno's `info.remoteAddr`, Bun's `server.requestIP`, @hono/node-server);
   * requests with no address at all share one window.
   */
  clientAddress?: (request: FetchRequest, ...rest: any[]) => string | null | undefined
}

/** What `requireSession()` sets on `req.session`, and `sessionFromRequest()` resolves to. */
export interface RequestSession {
  openid: string
  unionid?: string
  userId?: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

/** A `(req, res, next)` middleware of node:http, Express, NestJS (and Koa/Fastify through `toKoa`/`toFastify`). */
export interface NodeMiddleware {
  (req: any, res: any, next?: (err?: unknown) => void): Promise<void>
}

/** What `auth.handler()` returns. */
export interface NodeHandler extends NodeMiddleware {
  /**
   * Express error middleware: keeps the JSON contract for our routes when a body parser in
   * front refused the body. `app.use('/api', api, api.errorHandler)`.
   */
  errorHandler: (err: unknown, req: any, res: any, next: (err?: unknown) => void) => void
}

export interface Auth {
  /**
   * Trades a wx.login code. Concurrent calls with one code share one exchange; the result is kept
   * for the code's life for callers with the same `nonce` (others: ERR_CODE_USED). Without a
   * nonce only concurrent callers share it.
   */
  login(code: string, options?: { nonce?: string; address?: string }): Promise<AuthSession>
  session(token: string): Promise<SessionInfo>
  /** What GET /me answers. */
  me(token: string): Promise<SessionInfo & { user: UserView }>
  phoneNumber(token: string, data: { code?: string; encryptedData?: string; iv?: string }): Promise<PhoneAnswer & { user: UserView }>
  userInfo(token: string, data: { encryptedData?: string; iv?: string; rawData?: string; signature?: string; nickName?: string; avatar?: { base64: string } }): Promise<{ userInfo: Record<string, unknown>; user: UserView }>
  /** An uploaded avatar (jpeg, png, webp or gif by its magic bytes). */
  avatar(token: string, file: { bytes: Uint8Array; contentType?: string }): Promise<{ avatarUrl: string; user: UserView }>
  /** A kept avatar, or null. */
  avatarFile(id: string): Promise<{ bytes: Uint8Array; contentType: string } | null>
  /** Asks WeChat whether the user's newest session key is still current (87009: ERR_SESSION_STALE). */
  checkSession(token: string): Promise<true>
  logout(token: string): Promise<void>
  /** Ends every session of a user, in every process sharing the store; resolves to how many. */
  logoutAll(openid: string): Promise<number>
  /** Counters by outcome and error code: `{ login: { ok, ERR_… }, phone, profile, upstream, rateLimited, hook, store }`. */
  stats(): Record<string, Record<string, number>>
  /**
   * `http.createServer(auth.handler())`, or `app.use('/api', api, api.errorHandler)` in Express and NestJS.
   * Matches method and path first; anything else goes to `next()` untouched.
   */
  handler(options?: HandlerOptions): NodeHandler
  /**
   * The same routes, limits, timeouts and CORS for fetch runtimes (Hono, Next.js, Bun, Deno, workers).
   * @example
   * export const POST = auth.fetchHandler({ basePath: '/api' })   // Next.js: app/api/[...route]/route.js
   */
  fetchHandler(options?: FetchHandlerOptions): (request: FetchRequest, ...rest: any[]) => Promise<FetchResponse>
  /**
   * Protects the app's own routes: sets `req.session` and calls `next()`, or answers the JSON 401/503.
   * @example
   * app.get('/api/orders', auth.requireSession(), (req, res) => res.json(orders(req.session.openid)))
   */
  requireSession(): NodeMiddleware
  /** The session of a request's Bearer token; rejects with ERR_SESSION_* (or ERR_STORE_UNAVAILABLE). */
  sessionFromRequest(request: FetchRequest | { headers: Record<string, string | string[] | undefined> }): Promise<RequestSession>
  /** A WeappLoginError as the JSON Response the handlers answer (the core's status). */
  errorResponse(error: unknown): FetchResponse
  /** The store key of this app: `<prefix><appId>:<suffix>`. */
  storeKey(suffix: string): string
  readonly store: Store
  readonly prefix: string
  readonly appId: string
  /** Stops taking work, waits for the work in flight, closes the store; stays closed. */
  close(): Promise<void>
}

/**
 * The server side: code exchange, sessions, phone numbers, profiles.
 * @example
 * const auth = createAuth({ appId, appSecret, store: redisStore({ url: process.env.REDIS_URL }) })
 * http.createServer(auth.handler()).listen(8080)
 */
export declare function createAuth(options: AuthOptions): Auth

/**
 * A Koa middleware from `auth.handler()` (takes koa-bodyparser's `ctx.request.body`) or
 * `auth.requireSession()` (sets `ctx.state.session`).
 * @example
 * app.use(toKoa(auth.handler({ basePath: '/api' })))
 */
export declare function toKoa(middleware: NodeMiddleware): (ctx: any, next: () => Promise<unknown>) => Promise<unknown>

/**
 * Fastify: from `auth.handler()`, a plugin registering the contract's routes under its prefix;
 * from `auth.requireSession()`, a preHandler hook setting `request.session`.
 * @example
 * app.register(toFastify(auth.handler()), { prefix: '/api' })
 */
export declare function toFastify(middleware: NodeMiddleware): (...args: any[]) => any

/**
 * The in-process store (the default).
 * @example
 * createAuth({ appId, appSecret, store: memoryStore() })
 */
export declare function memoryStore(options?: { now?: () => number }): Store & { size(): number; readonly kind: 'memory' }

/** Options of `redisStore`: `url` or `client`, not both. */
export interface RedisStoreOptions {
  /** `redis://` or `rediss://`; the `redis` package is then required. */
  url?: string
  /**
   * A node-redis client, Cluster or Sentinel (`createClient`, `createCluster`,
   * `createSentinel`; redis ≥ 4), or an ioredis `Redis` (Sentinel included) or
   * `Redis.Cluster`, connected or not. Anything else is refused (`ERR_INVALID_ARGUMENT`).
   */
  client?: unknown
  /** Per command, 1 to 60000 ms. Defaults to 2000. */
  timeoutMs?: number
}

/**
 * A Redis store: several processes can share it. Single Redis, Cluster and Sentinel.
 * @example
 * createAuth({ appId, appSecret, store: redisStore({ url: 'redis://127.0.0.1:6379' }) })
 * createAuth({ appId, appSecret, store: redisStore({ client: createCluster({ rootNodes }) }) })
 */
export declare function redisStore(options: RedisStoreOptions): Store & {
  /** The client in use. */
  readonly client: unknown
  /** Which client it took. */
  readonly clientKind: 'node-redis' | 'node-redis-cluster' | 'node-redis-sentinel' | 'ioredis' | 'ioredis-cluster'
}

// ---------------------------------------------------------------------------
// WeChat Cloud Development (a cloud function)

/** The parts of wx-server-sdk's `cloud` that createCloudAuth uses. */
export interface CloudSdkLike {
  /** The caller as the platform injected it: `OPENID`, `APPID`, `UNIONID`. */
  getWXContext(): { OPENID?: string; APPID?: string; UNIONID?: string; [key: string]: unknown }
  openapi: any
  getOpenData(param: { list: string[] }): Promise<{ list: Array<{ cloudID: string; data: any }>; errMsg: string; errCode?: number }>
}

export interface CloudAuthOptions {
  /** wx-server-sdk's `cloud`, after `cloud.init(…)`. */
  cloud: CloudSdkLike
  /**
   * Where the small user record lives (default memoryStore(), which a cold
   * start forgets: give a persistent store in production).
   */
  store?: Store
  /** At each sign-in: `{ userId?, user? }` for the app's own user; `user` is answered to the mini program. */
  onLogin?: (identity: { openid: string; unionid?: string }) => { userId?: string | number; user?: Record<string, unknown> } | void | Promise<{ userId?: string | number; user?: Record<string, unknown> } | void>
  /** Called with each phone number obtained. */
  onPhone?: (openid: string, phone: { phoneNumber: string; purePhoneNumber: string; countryCode: string }) => unknown
  /** Called with each profile change (`nickName`, `avatarUrl`). */
  onProfile?: (openid: string, userInfo: { nickName?: string; avatarUrl?: string }) => unknown
  /** How long the client's token lasts (default 7 days). */
  sessionTtlSeconds?: number
  /** getPhoneNumber calls per user per window (default 5 a minute; `max: 0` turns it off). */
  phoneLimit?: { max: number; windowSeconds: number }
  /** Store key prefix (default `wl:`); keys are `<prefix><appId>:…`. */
  prefix?: string
  /** The clock in ms, for tests. */
  now?: () => number
}

/** What `main` answers: the HTTP contract's value with `ok: true`, or its error. */
export type CloudAnswer<T> = ({ ok: true } & T) | { ok?: never; error: { code: ErrorCode; message: string; retryable: boolean; errcode?: number } }

export interface CloudAuth {
  /** `exports.main = auth.main`: never throws. `event.action`: `login`, `phone`, `profile`, `avatar`, `me` or `logout`. */
  main(event: { action: 'login' | 'phone' | 'profile' | 'avatar' | 'me' | 'logout'; token?: string; [key: string]: unknown }, context?: unknown): Promise<CloudAnswer<Record<string, unknown>>>
  /** The same actions, throwing WeappLoginErrors instead of answering them. */
  run(event: { action: 'login' | 'phone' | 'profile' | 'avatar' | 'me' | 'logout'; token?: string; [key: string]: unknown }): Promise<Record<string, unknown>>
  readonly store: Store
}

/**
 * The login flow in a cloud function: identity from `cloud.getWXContext()`,
 * phone numbers from `cloud.openapi.phonenumber.getPhoneNumber` or a cloudID.
 * @example
 * const cloud = require('wx-server-sdk')
 * cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
 * exports.main = createCloudAuth({ cloud }).main
 */
export declare function createCloudAuth(options: CloudAuthOptions): CloudAuth

/**
 * A store on the cloud database (`cloud.database()`), for createCloudAuth:
 * it outlives cold starts. One document per key in `collection` (default
 * `weapp_login`, created in the console); `sweep()` removes expired ones.
 * @example
 * createCloudAuth({ cloud, store: cloudDatabaseStore({ db: cloud.database() }) })
 */
export declare function cloudDatabaseStore(options: { db: unknown; collection?: string; now?: () => number }): Store & { sweep(): Promise<number> }
