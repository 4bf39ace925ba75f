// The server's types (createAuth, the stores, the handlers, createCloudAuth),
// as JSDoc: tsc writes the published declarations of the Node entry from
// them (make types). Nothing here runs.

/** @import { ErrorCode } from '../../dist/error-code.mjs' */
/** @import { UserView } from '../client/types.mjs' */

/**
 * What a session store does. `memoryStore()` and `redisStore()` implement it;
 * so can your own (values are strings; every entry has a TTL in seconds).
 *
 * The optional steps (`claim`, `getMany`, `batch`, `setIfAbsent`) are each used only where
 * they are defined on the same object as the operations they stand for
 * (claim: get, incr, lock; getMany: get; batch: setMany, addCapped, unlock;
 * setIfAbsent: get, set):
 * a store made with Object.create(base) that overrides get is read through it.
 * @typedef {object} Store
 * @property {(key: string) => Promise<string | null>} get
 * @property {(key: string, value: string, ttlSeconds: number) => Promise<void>} set
 * @property {(entries: Array<[key: string, value: string, ttlSeconds: number]>) => Promise<void>} setMany
 *   Several writes that belong together: all or nothing on one Redis; on a
 *   Redis Cluster, per slot, the last entry's slot last.
 * @property {(key: string) => Promise<void>} delete
 * @property {(keys: string[]) => Promise<void>} deleteMany Several deletes sent together.
 * @property {(key: string, ttlSeconds: number, owner?: string) => Promise<string | null>} lock Takes the lock unless someone holds it; resolves to the owner token, or null.
 *   With `owner`, the lock is taken for that token (the caller knows it before the call, so a lock
 *   taken by a call that failed or timed out can still be released); a store may ignore it (the
 *   caller then uses the token answered, and a lock it could not learn of expires with its TTL).
 * @property {(key: string, ttlSeconds: number) => Promise<number>} incr Adds one to a counter (created at 1 with this TTL); resolves to the new count.
 * @property {(key: string, owner: string) => Promise<void>} unlock Releases the lock if `owner` still holds it.
 * @property {(key: string, member: string, score: number, cap: number, ttlSeconds: number, nowMs: number) => Promise<string[]>} addCapped
 *   Adds `member` with `score` (its expiry, ms) to the set at `key`, drops members scored at or
 *   before `nowMs`, keeps at most `cap` (0: no cap) by evicting the lowest scores; resolves to
 *   the evicted members. One key only.
 * @property {(key: string, member: string) => Promise<void>} removeMember Removes `member` from the set at `key`.
 * @property {(key: string) => Promise<string[]>} takeMembers Every member of the set at `key`, and the set deleted, in one step.
 * @property {() => Promise<void>} close
 * @property {(key: string, lockKey: string, ttlSeconds: number, count?: { key: string, ttlSeconds: number, max: number, outer?: { key: string, max: number } }, budget?: { key: string, ttlSeconds: number, max: number }, owner?: string) => Promise<{ kept: string | null, owner: string | null, count?: number, outerCount?: number, budgetCount?: number }>} [claim]
 *   Optional (a store without it is used through get and lock): the value kept at `key`, or else
 *   the lock at `lockKey` taken, in one step. `{ kept, owner: null }` when `key` holds a value (the
 *   lock untouched), `{ kept: null, owner }` when the lock was taken, `{ kept: null, owner: null }`
 *   when someone else holds it. With `count`, first adds one to that counter as `incr` does
 *   (answered as `count`); past `count.max` nothing is claimed. Within it, `count.outer` (an
 *   enclosing counter, the same window) likewise (answered as `outerCount`). With `budget`, adds
 *   one to it only when the lock is there to take (answered as `budgetCount`); past `budget.max`
 *   the lock is not taken. A claim that does not answer `outerCount` or `budgetCount` leaves
 *   those counters to its caller. `key` and `lockKey` share a hash tag (one Redis Cluster slot);
 *   the counters may live elsewhere. The lock is taken for `owner` when given (as `lock`).
 * @property {(key: string, value: string, ttlSeconds: number) => Promise<boolean>} [setIfAbsent]
 *   Optional (else `get` then `set`, not atomic): sets `key` unless it holds a value; resolves to
 *   whether it did. A refusal is kept with it, so it never overwrites a kept result.
 * @property {(keys: string[]) => Promise<Array<string | null>>} [getMany]
 *   Optional (else one `get` per key): the values of `keys`, null for a missing one, in their order.
 * @property {(ops: Array<
 *   [op: 'set', key: string, value: string, ttlSeconds: number]
 *   | [op: 'addCapped', key: string, member: string, score: number, cap: number, ttlSeconds: number, nowMs: number]
 *   | [op: 'unlock', key: string, owner: string]
 * >) => Promise<Array<string[] | undefined>>} [batch]
 *   Optional (else setMany, addCapped and unlock): operations that belong together, in their order;
 *   all or nothing on one Redis; on a Redis Cluster, per slot, the last operation's slot last.
 *   Resolves to each one's answer (addCapped: the evicted members; the others: undefined).
 * @property {boolean} [shared] `false` for a store no other process sees (memoryStore): no cross-process locks are taken.
 */

/**
 * `{ max, windowSeconds }`: at most `max` per window (default window 60 s); `false`: off.
 * @typedef {false | { max: number, windowSeconds?: number }} Limit
 */

/**
 * A pino-compatible logger: `logger.info(fields, message)`.
 * @typedef {object} Logger
 * @property {(fields: object, message?: string) => void} [debug]
 * @property {(fields: object, message?: string) => void} info
 * @property {(fields: object, message?: string) => void} warn
 * @property {(fields: object, message?: string) => void} error
 */

/**
 * A phone number as the server answers it.
 * @typedef {object} PhoneAnswer
 * @property {string} phoneNumber
 * @property {string} purePhoneNumber
 * @property {string} countryCode
 */

/**
 * createAuth's options. Every option is checked when given (type and range); an unknown name
 * is refused with ERR_INVALID_ARGUMENT naming it.
 * @typedef {object} AuthOptions
 * @property {'weixin' | 'qq' | 'toutiao' | 'kuaishou' | 'baidu' | 'alipay'} [platform] The mini program's platform (default `weixin`). Its name is part of every store key but WeChat's.
 * @property {string} appId Your appid ([A-Za-z0-9_-], it is part of every store key). Baidu: the App ID.
 * @property {string} [appSecret] Your AppSecret (Baidu: the App Secret, sent as `sk`): required on every platform but Alipay, where it is refused. Never logged, never in an answer.
 * @property {string} [appKey] Baidu only, required there: the App Key (sent as `client_id`; Baidu's sealed data must end with it).
 * @property {string} [privateKey] Alipay only, required there: the app's RSA2 private key (PKCS#1 or PKCS#8, PEM or the console's bare base64; 2048 to 4096 bits), which signs every gateway request. Read at startup; never logged.
 * @property {string} [alipayPublicKey] Alipay only, required there: Alipay's public key from the console (SPKI, PEM or bare base64), which every gateway answer and phone answer must be signed by.
 * @property {string} [encryptKey] Alipay only: the content-encryption key (base64 of 16 bytes) that opens the phone button's `{ response, sign }`; without it `/phone` is refused naming it.
 * @property {string} [phonePrivateKey] Douyin only: the private key of the RSA public key set in Douyin's console (PEM, PKCS#1 or PKCS#8), which opens `get_phonenumber_info`'s answer; with it `/phone` takes the current button's `{ code }`.
 * @property {Store} [store] Default: memoryStore(). Checked for the Store interface.
 * @property {string} [apiBase] Default: the platform's API origin (`https://api.weixin.qq.com`, `https://api.q.qq.com`, `https://developer.toutiao.com` (Douyin's phone codes: `https://open.douyin.com`), `https://open.kuaishou.com`, `https://spapi.baidu.com`, `https://openapi.alipay.com`); the emulator's URL in development (every call of the app then goes there).
 * @property {(input: any, init?: any) => Promise<any>} [fetch]
 * @property {() => number} [now] The clock in ms, for tests.
 * @property {Logger} [logger] A pino-compatible logger (default: silent). One line per sign-in, phone, profile, upstream call, limit hit, store fault, hook error.
 * @property {number} [sessionTtlSeconds] Integer seconds, 60 to 366 days (default 7 days). `'7d'` is refused.
 * @property {number | false} [maxSessionsPerUser] Live sessions per user (default 10): the oldest goes. `false`: no cap.
 * @property {number} [keyRingSize] How many session keys per user are kept (default 3).
 * @property {number} [keyGraceSeconds] How long a superseded key keeps opening data, counted from its supersession (default 1 day).
 * @property {number | null} [maxAgeSeconds] Oldest watermark accepted for phone data and user info (default 600; `null`: no age check).
 * @property {number} [timeoutMs] Per WeChat request (default 5000).
 * @property {number} [retries] Retries of -1 and transport faults only (default 2), with jittered backoff. Never of 45011/45009.
 * @property {number} [retryBaseMs]
 * @property {number} [retryMaxMs]
 * @property {string} [prefix] Store key prefix (default `wl:`); keys are `<prefix><appId>:…`. At most
 *   64 characters, without white space or `{`/`}` (a hash tag in it would put every key in one Redis Cluster slot).
 * @property {Limit} [phoneLimit] New phone codes per user (default `{ max: 5, windowSeconds: 60 }`).
 * @property {Limit | false} [upstreamLoginBudget] jscode2session calls per window for the whole app,
 *   counted in the store so it holds across processes (default `{ max: 600, windowSeconds: 60 }`):
 *   only calls that really go upstream count; past it sign-ins answer `ERR_RATE_LIMITED` (429), and
 *   the logger hears of it once per window. `false` turns it off.
 * @property {boolean} [rememberRefusedCodes] Remember codes WeChat refused (40029, 40163, 40226) for their life (default true).
 * @property {number} [forcedRefreshCooldownSeconds] At most one forced stable_token refresh per this many seconds per appId (default 30, WeChat's minimum).
 * @property {number} [avatarLimitBytes] Largest avatar upload in bytes (default 1 MiB).
 * @property {string} [avatarBaseUrl] Kept avatars are served at `${avatarBaseUrl}/avatars/<id>`. Unset (`''`), the handlers answer them under the server's public origin read from each request (the Host header and the connection's scheme; X-Forwarded-Proto/-Host only with `trustProxy`), and refuse `/avatar` with ERR_SERVER_CONFIG where it cannot be read (a proxy not trusted). The mini program needs that origin among its uploadFile legal domains.
 * @property {Limit | false} [avatarUploadLimit] Avatar uploads per user (default `{ max: 5, windowSeconds: 60 }`), kept or handed to onAvatar; past it ERR_RATE_LIMITED. `false`: no limit.
 * @property {Store} [avatarStore] Where kept avatars live (default: `store`): a store of their own keeps images apart from sessions. Each user has at most one kept image, living as long as the user record.
 * @property {(who: { openid: string, unionid?: string }) => { userId?: string | number, user?: UserView } | void | Promise<{ userId?: string | number, user?: UserView } | void>} [onLogin]
 *   At each sign-in: your user id and what the mini program should show. A throw is ERR_HOOK_FAILED (retryable; the code is not lost).
 * @property {(openid: string, phone: PhoneAnswer, more: { userId?: string | number }) => unknown} [onPhone]
 *   Called with each phone number; the user is marked only after it succeeded. A throw is ERR_HOOK_FAILED (retryable; a retry with the same code answers the kept number).
 * @property {(openid: string, userInfo: Record<string, unknown>, avatar: { base64: string } | undefined, more: { userId?: string | number }) => unknown} [onProfile]
 *   Called with each profile given; the user is marked only after it succeeded.
 * @property {(upload: { openid: string, userId?: string | number, bytes: Uint8Array, contentType: string }) => { avatarUrl: string } | Promise<{ avatarUrl: string }>} [onAvatar]
 *   Stores an uploaded avatar where you keep images; without it the store keeps it.
 */

/**
 * A signed-in session, as `auth.login` answers it.
 * @typedef {object} AuthSession
 * @property {string} token
 * @property {string} openid
 * @property {string} [unionid]
 * @property {string} [anonymousOpenid] Douyin: the anonymous user's openid, when `anonymousCode` was sent.
 * @property {number} expiresAt Milliseconds since the epoch.
 * @property {boolean} profile What the server already has for this user.
 * @property {boolean} phone
 * @property {UserView} user What onLogin answered (merged with later changes), or the server's own record.
 */

/**
 * What a token stands for (`auth.session`, `req.session`).
 * @typedef {object} SessionInfo
 * @property {string} openid
 * @property {string} [unionid]
 * @property {string | number} [userId]
 * @property {number} expiresAt Milliseconds since the epoch.
 */

/**
 * `auth.handler()`'s options.
 * @typedef {object} HandlerOptions
 * @property {number | string} [bodyLimit] Bytes, or a size such as `'1mb'` (units of 1024); default 256 KiB; larger bodies get 413. There is no "off".
 * @property {number | string} [avatarLimit] Bytes of the avatar image (`POST /avatar`), or a size such as `'2mb'`; default 1 MiB.
 * @property {boolean | { origin: string | string[] | ((origin: string) => boolean | string) }} [cors]
 *   Off by default. `true`: any origin (`access-control-allow-origin: *`; tokens travel in a
 *   header, never in cookies). `{ origin }`: one origin, a list, or a function of the request's origin.
 * @property {string} [basePath] A prefix the routes live under when not mounted by a framework (`'/api'`).
 * @property {number} [bodyTimeoutMs] A body that takes longer is refused with 408 (default 10 s).
 * @property {false | { max: number, windowSeconds?: number, networkMax?: number | false }} [loginLimit]
 *   Sign-ins per client address per window: on by default, 20 a minute; 429 past it. Counted in
 *   the store (`auth.storeKey('rl:login:' + address)`), so it holds across processes. An IPv6
 *   client's /48 is counted beside its /64, up to `networkMax` (default three times `max`: 60;
 *   `false`: not counted). `false` turns the limit off.
 * @property {number | false} [trustProxy]
 *   How many proxy hops to trust (default 0: the socket's address). With n, the client's
 *   address is the n-th X-Forwarded-For entry from the right, parsed as an IP (IPv6 by /64).
 */

/**
 * A fetch `Request`: the runtime's own type where it is declared (lib.dom, @types/node 18+),
 * else the parts the handlers read.
 * @typedef {typeof globalThis extends { Request: { prototype: infer R } } ? R
 *   : { readonly url: string, readonly method: string, readonly headers: { get(name: string): string | null }, readonly body: unknown }} FetchRequest
 */

/**
 * A fetch `Response`: the runtime's own type where it is declared, else the parts a caller reads.
 * @typedef {typeof globalThis extends { Response: { prototype: infer R } } ? R
 *   : { readonly status: number, readonly headers: { get(name: string): string | null }, text(): Promise<string>, json(): Promise<unknown>, arrayBuffer(): Promise<ArrayBuffer> }} FetchResponse
 */

/**
 * What `fetchHandler` adds to `HandlerOptions`.
 * @typedef {object} FetchHandlerOwnOptions
 * @property {(request: FetchRequest, ...rest: any[]) => string | null | undefined} [clientAddress]
 *   The client's address for a request, as the runtime knows it (e.g. Cloudflare's
 *   `cf-connecting-ip`). Default: X-Forwarded-For per `trustProxy`, then what the runtime passes
 *   beside the request (Deno's `info.remoteAddr`, Bun's `server.requestIP`, @hono/node-server).
 *   With `clientAddress` or `trustProxy`, requests with no address at all share one window; with
 *   neither, the app's `upstreamLoginBudget` is their limit (and the handler warns when it is made).
 */

/**
 * `auth.fetchHandler()`'s options: `HandlerOptions` and `clientAddress`.
 * @typedef {HandlerOptions & FetchHandlerOwnOptions} FetchHandlerOptions
 */

/**
 * What `requireSession()` sets on `req.session`, and `sessionFromRequest()` resolves to.
 * @typedef {object} RequestSession
 * @property {string} openid
 * @property {string} [unionid]
 * @property {string} [userId]
 * @property {number} expiresAt Milliseconds since the epoch.
 */

/**
 * A `(req, res, next)` middleware of node:http, Express, NestJS (and Koa/Fastify through `toKoa`/`toFastify`).
 * @typedef {(req: any, res: any, next?: (err?: unknown) => void) => Promise<void>} NodeMiddleware
 */

/**
 * What `auth.handler()` adds to a middleware.
 * @typedef {object} NodeHandlerOwn
 * @property {(err: unknown, req: any, res: any, next: (err?: unknown) => void) => void} errorHandler
 *   Express error middleware: keeps the JSON contract for our routes when a body parser in
 *   front refused the body. `app.use('/api', api, api.errorHandler)`.
 */

/**
 * What `auth.handler()` returns.
 * @typedef {NodeMiddleware & NodeHandlerOwn} NodeHandler
 */

/**
 * What `createAuth` returns.
 * @typedef {object} Auth
 * @property {(code: string, options?: { nonce?: string, address?: string, anonymousCode?: string }) => Promise<AuthSession>} login
 *   `anonymousCode`: Douyin only, `tt.login`'s anonymous code (`POST /login` takes it as `anonymousCode`).
 *   Trades a wx.login code. Concurrent calls with one code share one exchange; the result is kept
 *   for the code's life for callers with the same `nonce` (others: ERR_CODE_USED). Without a
 *   nonce only concurrent callers share it.
 * @property {(token: string) => Promise<SessionInfo>} session
 * @property {(token: string) => Promise<SessionInfo & { user: UserView }>} me What GET /me answers.
 * @property {(token: string, data: { code?: string, encryptedData?: string, iv?: string, response?: string, sign?: string }) => Promise<PhoneAnswer & { user: UserView }>} phoneNumber
 *   A phone code (WeChat; Douyin with `phonePrivateKey`), a sealed payload, or Alipay's signed `{ response, sign }`.
 * @property {(token: string, data: { encryptedData?: string, iv?: string, rawData?: string, signature?: string, nickName?: string, response?: string, avatar?: { base64: string } }) => Promise<{ userInfo: Record<string, unknown>, user: UserView }>} userInfo
 *   Alipay: `{ response }` is my.getOpenUserInfo's text, taken as the user's own word.
 * @property {(token: string, file: { bytes: Uint8Array, contentType?: string }) => Promise<{ avatarUrl: string, user: UserView }>} avatar
 *   An uploaded avatar (jpeg, png, webp or gif by its magic bytes).
 * @property {(id: string) => Promise<{ bytes: Uint8Array, contentType: string } | null>} avatarFile A kept avatar, or null.
 * @property {(token: string) => Promise<true>} checkSession Asks WeChat whether the user's newest session key is still current (87009: ERR_SESSION_STALE).
 * @property {(token: string) => Promise<void>} logout
 * @property {(openid: string) => Promise<number>} logoutAll Ends every session of a user, in every process sharing the store; resolves to how many.
 * @property {() => Record<string, Record<string, number>>} stats Counters by outcome and error code: `{ login: { ok, ERR_… }, phone, profile, upstream, rateLimited, hook, store }`.
 * @property {(options?: HandlerOptions) => NodeHandler} handler
 *   `http.createServer(auth.handler())`, or `app.use('/api', api, api.errorHandler)` in Express and NestJS.
 *   Matches method and path first; anything else goes to `next()` untouched.
 * @property {(options?: FetchHandlerOptions) => (request: FetchRequest, ...rest: any[]) => Promise<FetchResponse>} fetchHandler
 *   The same routes, limits, timeouts and CORS for fetch runtimes (Hono, Next.js, Bun, Deno, workers),
 *   e.g. `export const POST = auth.fetchHandler({ basePath: '/api' })` in Next.js's app/api/[...route]/route.js.
 * @property {() => NodeMiddleware} requireSession
 *   Protects the app's own routes: sets `req.session` and calls `next()`, or answers the JSON 401/503,
 *   e.g. `app.get('/api/orders', auth.requireSession(), (req, res) => res.json(orders(req.session.openid)))`.
 * @property {(request: FetchRequest | { headers: Record<string, string | string[] | undefined> }) => Promise<RequestSession>} sessionFromRequest
 *   The session of a request's Bearer token; rejects with ERR_SESSION_* (or ERR_STORE_UNAVAILABLE).
 * @property {(error: unknown) => FetchResponse} errorResponse A WeappLoginError as the JSON Response the handlers answer (the core's status).
 * @property {(suffix: string) => string} storeKey The store key of this app: `<prefix><appId>:<suffix>` (another platform's: `<prefix><appId>@<platform>:<suffix>`).
 * @property {Store} store
 * @property {string} prefix
 * @property {string} appId
 * @property {string} platform The platform's name (`weixin`, `qq`, `toutiao`, `kuaishou`, `baidu`, `alipay`).
 * @property {() => Promise<void>} close Stops taking work, waits for the work in flight, closes the store; stays closed.
 */

/**
 * Options of `redisStore`: `url` or `client`, not both.
 * @typedef {object} RedisStoreOptions
 * @property {string} [url] `redis://` or `rediss://`; the `redis` package is then required.
 * @property {unknown} [client]
 *   A node-redis client, Cluster or Sentinel (`createClient`, `createCluster`,
 *   `createSentinel`; redis ≥ 4), or an ioredis `Redis` (Sentinel included) or
 *   `Redis.Cluster`, connected or not. Anything else is refused (`ERR_INVALID_ARGUMENT`).
 * @property {number} [timeoutMs] Per command, 1 to 60000 ms. Defaults to 2000.
 */

/**
 * The parts of wx-server-sdk's `cloud` that createCloudAuth uses.
 * @typedef {object} CloudSdkLike
 * @property {() => { OPENID?: string, APPID?: string, UNIONID?: string, [key: string]: unknown }} getWXContext
 *   The caller as the platform injected it: `OPENID`, `APPID`, `UNIONID`.
 * @property {any} openapi
 * @property {(param: { list: string[] }) => Promise<{ list: Array<{ cloudID: string, data: any }>, errMsg: string, errCode?: number }>} getOpenData
 */

/**
 * createCloudAuth's options.
 * @typedef {object} CloudAuthOptions
 * @property {CloudSdkLike} cloud wx-server-sdk's `cloud`, after `cloud.init(…)`.
 * @property {Store} [store]
 *   Where the small user record lives (default memoryStore(), which a cold
 *   start forgets: give a persistent store in production). Without it, the
 *   phone and avatar counters are still kept in the cloud database
 *   (`cloud.database()`, collection `weapp_login_limits`, created when missing), so
 *   no cold start resets them.
 * @property {(identity: { openid: string, unionid?: string }) => { userId?: string | number, user?: Record<string, unknown> } | void | Promise<{ userId?: string | number, user?: Record<string, unknown> } | void>} [onLogin]
 *   At each sign-in: `{ userId?, user? }` for the app's own user; `user` is answered to the mini program.
 * @property {(openid: string, phone: { phoneNumber: string, purePhoneNumber: string, countryCode: string }) => unknown} [onPhone] Called with each phone number obtained.
 * @property {(openid: string, userInfo: { nickName?: string, avatarUrl?: string }) => unknown} [onProfile] Called with each profile change (`nickName`, `avatarUrl`).
 * @property {number} [sessionTtlSeconds] How long the client's token lasts (default 7 days).
 * @property {{ max: number, windowSeconds: number }} [phoneLimit] getPhoneNumber calls per user per window (default 5 a minute; `max: 0` turns it off).
 * @property {{ max: number, windowSeconds: number } | false} [avatarUploadLimit] Avatar uploads into cloud storage per user per window (default 5 a minute; `false` or `max: 0` turns it off). Each user keeps one file: the previous one is deleted.
 * @property {string} [prefix] Store key prefix (default `wl:`); keys are `<prefix><appId>:…`; no `{`/`}`.
 * @property {() => number} [now] The clock in ms, for tests.
 */

/**
 * What `main` answers: the HTTP contract's value with `ok: true`, or its error.
 * @template T
 * @typedef {({ ok: true } & T) | { ok?: never, error: { code: ErrorCode, message: string, retryable: boolean, errcode?: number, retryAfter?: number } }} CloudAnswer
 */

/**
 * A cloud function's event: `event.action` is `login`, `phone`, `profile`, `avatar`, `me` or `logout`.
 * @typedef {{ action: 'login' | 'phone' | 'profile' | 'avatar' | 'me' | 'logout', token?: string, [key: string]: unknown }} CloudEvent
 */

/**
 * What `createCloudAuth` returns.
 * @typedef {object} CloudAuth
 * @property {(event: CloudEvent, context?: unknown) => Promise<CloudAnswer<Record<string, unknown>>>} main
 *   `exports.main = auth.main`: never throws. `event.action`: `login`, `phone`, `profile`, `avatar`, `me` or `logout`.
 * @property {(event: CloudEvent) => Promise<Record<string, unknown>>} run The same actions, throwing WeappLoginErrors instead of answering them.
 * @property {Store} store
 */

export {}
