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
  | 'ERR_CODE_INVALID'
  | 'ERR_CODE_USED'
  | 'ERR_CODE_BLOCKED'
  | 'ERR_RATE_LIMITED'
  | 'ERR_WECHAT_BUSY'
  | 'ERR_ACCESS_TOKEN'
  | 'ERR_WECHAT_API'
  | 'ERR_INVALID_TRANSITION'
  | 'ERR_SENSITIVE_FIELD'
  | 'ERR_SESSION_NOT_FOUND'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_STALE'
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
