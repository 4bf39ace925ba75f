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
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
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
  constructor(code: ErrorCode, message: string, details?: { retryable?: boolean; errcode?: number; field?: string; cause?: unknown })
  readonly name: 'WeappLoginError'
  /** Stable code. */
  readonly code: ErrorCode
  /** Whether trying again later may succeed. */
  readonly retryable: boolean
  /** WeChat's errcode, for errors WeChat answered with. */
  readonly errcode?: number
  /** The argument or payload field concerned (`iv`, `watermark.appid`). */
  readonly field?: string
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

/** The wx APIs the client uses; the real `wx` (or the emulator's) fits. */
export interface WxLike {
  login(options: any): unknown
  checkSession(options: any): unknown
  request(options: any): unknown
  getStorageSync(key: string): any
  setStorageSync(key: string, data: any): void
  removeStorageSync(key: string): void
  getUserProfile?(options: any): unknown
  getSetting?(options: any): unknown
  getUserInfo?(options: any): unknown
  getFileSystemManager?(): any
}

export interface LoginClientOptions {
  /** `wx` in a mini program; the emulator's or a test double elsewhere. */
  wx: WxLike
  /** Your developer server, e.g. `https://api.example.com`; `/login`, `/phone`, … are appended. */
  baseUrl: string
  /** Your mini program's appid (names the storage key). */
  appId: string
  /** wx.request timeout in ms (default 10000). */
  timeout?: number
  /** The clock in ms, for tests. */
  now?: () => number
  /** Mini program build: where the wasm is (default `/miniprogram_npm/weapp-login/weapp_login_client.wasm`). */
  wasmPath?: string
  /** Browser build: where the wasm is (default: beside the module). */
  wasmUrl?: string | { readonly href: string }
}

export type StateName = 'signedOut' | 'signingIn' | 'signedIn' | 'failed'
export type EventName = 'LOGIN_START' | 'LOGIN_OK' | 'LOGIN_FAIL' | 'SESSION_EXPIRED' | 'PROFILE_OK' | 'PHONE_OK' | 'LOGOUT' | 'RESTORE'
export type NextStep = 'login' | 'profile' | 'phone' | 'done'

/** What a page shows: the state, its flags, and what to offer next. */
export interface LoginState {
  name: StateName
  openid?: string
  profile: boolean
  phone: boolean
  nextStep: NextStep
  /** The error code, when `failed`. */
  error?: ErrorCode
}

/** One allowed transition of the login state machine. */
export interface Transition { from: StateName; event: EventName; to: StateName }

/** What `login()` resolves to. Never a session key. */
export interface LoginSession {
  openid: string
  unionid?: string
  /** Your server's bearer token. */
  token: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface RequestOptions {
  /** A path under `baseUrl`, or a full URL. */
  url: string
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS'
  data?: unknown
  header?: Record<string, string>
  timeout?: number
}

export interface LoginClient {
  /** Resolves once the wasm is loaded and a stored session restored. */
  readonly ready: Promise<void>
  /** The current state; `null` before `ready`. */
  readonly state: LoginState | null
  /** Signs in, or reuses the stored session; concurrent calls share one sign-in. */
  login(options?: { force?: boolean }): Promise<LoginSession>
  /** In `bindgetphonenumber`: posts the code (or encrypted pair) to `/phone`. */
  getPhoneNumber(event: unknown): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }>
  /** Call straight from a tap handler. */
  getUserProfile(options?: { desc?: string }): Promise<Record<string, unknown> | undefined>
  /** Legacy: the getUserInfo button's event, or none when `scope.userInfo` is granted. */
  getUserInfo(event?: unknown): Promise<Record<string, unknown> | undefined>
  /** In `bindchooseavatar`: uploads the avatar through `request`. */
  chooseAvatar(event: unknown): Promise<{ avatarUrl: string; userInfo?: Record<string, unknown> }>
  /** The nickname input's event, or the text. */
  setNickname(eventOrText: unknown): Promise<Record<string, unknown> | undefined>
  /** wx.request with `Authorization: Bearer <token>`; signs in again once on ERR_SESSION_*. */
  request<T = any>(options: RequestOptions): Promise<T>
  /** Calls `fn` on every state change; returns the unsubscribe function. */
  subscribe(fn: (state: LoginState) => void): () => void
  /** Signs out here and, best effort, on the server. */
  logout(): Promise<void>
}

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
  /** Takes the lock unless someone holds it; resolves to the owner token, or null. */
  lock(key: string, ttlSeconds: number): Promise<string | null>
  /** Adds one to a counter (created at 1 with this TTL); resolves to the new count. */
  incr(key: string, ttlSeconds: number): Promise<number>
  /** Releases the lock if `owner` still holds it. */
  unlock(key: string, owner: string): Promise<void>
  close(): Promise<void>
  /** `false` for a store no other process sees (memoryStore): no cross-process locks are taken. */
  readonly shared?: boolean
}

export interface AuthOptions {
  appId: string
  /** Your AppSecret. Never logged, never in an answer. */
  appSecret: string
  /** Default: memoryStore(). */
  store?: Store
  /** Default `https://api.weixin.qq.com`; the emulator's URL in development. */
  apiBase?: string
  fetch?: (input: any, init?: any) => Promise<any>
  /** The clock in ms, for tests. */
  now?: () => number
  /** Default 7 days. */
  sessionTtlSeconds?: number
  /** How many session keys per user are kept (default 3). */
  keyRingSize?: number
  /** How long an older key keeps opening data (default 1 day). */
  keyGraceSeconds?: number
  /** Oldest watermark accepted (default 600). */
  maxAgeSeconds?: number | null
  /** Per WeChat request (default 5000). */
  timeoutMs?: number
  /** Retries of retryable WeChat errors (default 3), with jittered backoff. */
  retries?: number
  retryBaseMs?: number
  retryMaxMs?: number
  /** Store key prefix (default `wl:`). */
  prefix?: string
  /** Called with each phone number opened, to keep it where you keep users. */
  onPhone?: (openid: string, phone: { phoneNumber: string; purePhoneNumber: string; countryCode: string }) => unknown
  /** Called with each profile given. */
  onProfile?: (openid: string, userInfo: Record<string, unknown>, avatar?: { base64: string }) => unknown
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
}

export interface HandlerOptions {
  /** Bytes (default 256 KiB); larger bodies get 413. */
  bodyLimit?: number
  /** Off by default. */
  cors?: false | { origin: string }
  /** A prefix to strip when mounted directly on node:http. */
  basePath?: string
  /** A body that takes longer is refused (default 10 s). */
  bodyTimeoutMs?: number
  /** Sign-ins per client address per window (off by default): 429 past it. */
  loginLimit?: { max: number; windowSeconds?: number }
  /** Take the address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean
}

export interface Auth {
  /** Trades a wx.login code; concurrent and repeated calls with one code share one exchange. */
  login(code: string): Promise<AuthSession>
  session(token: string): Promise<{ openid: string; unionid?: string }>
  phoneNumber(token: string, data: { code?: string; encryptedData?: string; iv?: string }): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }>
  userInfo(token: string, data: { encryptedData?: string; iv?: string; rawData?: string; signature?: string; nickName?: string; avatar?: { base64: string } }): Promise<{ userInfo: Record<string, unknown> }>
  /** Asks WeChat whether the user's newest session key is still current. */
  checkSession(token: string): Promise<true>
  logout(token: string): Promise<void>
  /** `http.createServer(auth.handler())`, or `app.use('/api', auth.handler())`. */
  handler(options?: HandlerOptions): (req: any, res: any, next?: () => void) => Promise<void>
  readonly store: Store
  readonly prefix: string
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
 * The in-process store (the default).
 * @example
 * createAuth({ appId, appSecret, store: memoryStore() })
 */
export declare function memoryStore(options?: { now?: () => number }): Store & { size(): number }

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
