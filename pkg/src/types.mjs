// The shapes the core's public functions take and answer, as JSDoc types:
// tsc writes the published declarations from them (make types). Nothing
// here runs.

/** @import { ErrorCode } from '../dist/error-code.mjs' */

/**
 * `{ appid, timestamp }` from inside every encrypted payload.
 * @typedef {object} Watermark
 * @property {string} appid
 * @property {number} timestamp Seconds since the epoch.
 */

/**
 * What every decrypt function takes.
 * @typedef {object} DecryptOptions
 * @property {string} appId Your mini program's appid: the watermark must name it.
 * @property {string} sessionKey The user's session_key from code2Session (base64). Server only.
 * @property {string} iv From the button event (base64).
 * @property {string} encryptedData From the button event (base64).
 * @property {number} [now] Seconds since the epoch; defaults to the clock.
 * @property {number | null} [maxAgeSeconds] Oldest watermark accepted, in seconds. Default 600; `null` turns the age check off.
 * @property {'weixin' | 'qq' | 'toutiao' | 'kuaishou' | 'baidu'} [platform] Whose payload: default `weixin`. QQ, Douyin and Kuaishou seal as WeChat (AES-128-CBC; a watermark is checked when present, and required in Douyin's phone payload); Baidu seals in its frame (AES-192-CBC, a 24-byte session key, the app key at its end).
 * @property {string} [appKey] Baidu only: your app key, which the frame must end with.
 */

/**
 * A decrypted phone number.
 * @typedef {object} PhoneNumber
 * @property {string} phoneNumber With the country code outside mainland China, e.g. `+852 61234567`.
 * @property {string} purePhoneNumber
 * @property {string} countryCode Always a string, e.g. `"86"`.
 * @property {Watermark} watermark
 */

/**
 * Decrypted user info.
 * @typedef {object} UserInfo
 * @property {string} openId
 * @property {string} nickName
 * @property {number} gender 0 unknown, 1 male, 2 female.
 * @property {string} language
 * @property {string} city
 * @property {string} province
 * @property {string} country
 * @property {string} avatarUrl
 * @property {string} [unionId]
 * @property {Watermark} watermark
 */

/**
 * A successful code exchange. Keep `sessionKey` on the server.
 * @typedef {object} Code2Session
 * @property {string} openid
 * @property {string} sessionKey
 * @property {string} [unionid]
 */

/**
 * What the getPhoneNumber button handed over (`signed`: Alipay's `my.getPhoneNumber` answer).
 * @typedef {{ kind: 'code', code: string, encryptedData?: string, iv?: string }
 *   | { kind: 'signed', response: string, sign?: string }
 *   | { kind: 'encrypted', encryptedData: string, iv: string }} PhoneEvent
 */

/**
 * One row of `errorCodes()`.
 * @typedef {object} ErrorCodeInfo
 * @property {ErrorCode} code
 * @property {boolean} retryable
 * @property {number} httpStatus
 * @property {string} description
 */

/**
 * What a WeappLoginError from the login client may carry beyond its code.
 * @typedef {object} ErrorDetails
 * @property {number} [errno] For errors from a wx API: its `errno` (104/112 privacy, 1400001 phone quota, …).
 * @property {string} [errMsg] For errors from a wx API: its `errMsg`.
 * @property {number} [status] For a non-2xx reply the client got: its HTTP status.
 * @property {unknown} [data] For a non-2xx reply the client got: its body.
 */

/**
 * The one error class (src/errors.js), as users see it: with the details
 * the client adds to errors from wx APIs and HTTP replies.
 * @typedef {InstanceType<typeof import('./errors.js').WeappLoginError> & ErrorDetails} WeappLoginError
 */

/**
 * The class itself: `new WeappLoginError(code, message?, details?)`, and
 * `instanceof` narrowing to {@link WeappLoginError}.
 * @typedef {typeof import('./errors.js').WeappLoginError & {
 *   new (...args: ConstructorParameters<typeof import('./errors.js').WeappLoginError>): WeappLoginError,
 *   prototype: WeappLoginError
 * }} WeappLoginErrorClass
 */

export {}
