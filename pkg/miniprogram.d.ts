// Types of the mini program entry (`require('weapp-login')` after "build
// npm", and Taro/uni-app builds for mp-weixin) and of the browser entry:
// the login client only. `wx` and the button events are typed
// structurally, so the official typings (`miniprogram-api-typings`),
// Taro's and uni-app's objects all fit without a cast.
import type { ErrorCode, ErrorCodeInfo, PhoneEvent } from './index.js'
import { WeappLoginError } from './index.js'
export type { ErrorCode, ErrorCodeInfo, PhoneEvent } from './index.js'
/** The one error class (the same class in every entry). Branch on `code`, never on the message. */
export { WeappLoginError } from './index.js'

/** What a failed wx call hands to `fail`. */
export interface WxFailResult { errMsg: string; errno?: number }

/** The options every callback-style wx API takes (success/fail/complete). */
export interface WxCallbacks<T> {
  success?(result: T): void
  fail?(result: WxFailResult): void
  complete?(result: unknown): void
}

/**
 * The wx APIs the client uses, structurally: the real `wx`
 * (`WechatMiniprogram.Wx`), Taro, uni, the emulator's, or a test double.
 */
export interface WxLike {
  /** WeChat Cloud Development (the `cloud` option): `wx.cloud.callFunction`. */
  cloud?: { callFunction(options: any): unknown }
  /** Reads a chosen avatar file for a cloud function (the `cloud` option). */
  getFileSystemManager?(): any
  login(options: WxCallbacks<{ code: string; errMsg: string }> & { timeout?: number }): unknown
  checkSession(options: WxCallbacks<{ errMsg: string }>): unknown
  request(options: WxCallbacks<{ statusCode: number; data: any; header?: any; errMsg: string }> & {
    url: string; method?: any; data?: any; header?: any; timeout?: number; dataType?: any
  }): unknown
  getStorageSync(key: string): any
  setStorageSync(key: string, data: any): void
  removeStorageSync(key: string): void
  uploadFile?(options: WxCallbacks<{ statusCode: number; data: string; errMsg: string }> & {
    url: string; filePath: string; name: string; header?: any; formData?: any; timeout?: number
  }): unknown
  getUserProfile?(options: WxCallbacks<any> & { desc: string }): unknown
  getSetting?(options: WxCallbacks<any>): unknown
  getUserInfo?(options: WxCallbacks<any> & { withCredentials?: boolean }): unknown
  requirePrivacyAuthorize?(options: WxCallbacks<{ errMsg: string }>): unknown
}

/** A wx event as a handler receives it: `{ detail }` (more fields are fine). */
export interface WxEvent<Detail> { detail: Detail }

/** `bindgetphonenumber` / `bindgetrealtimephonenumber`. */
export type PhoneNumberEvent = WxEvent<{ errMsg: string; errno?: number; code?: string; encryptedData?: string; iv?: string }>
/** `bindchooseavatar`. */
export type ChooseAvatarEvent = WxEvent<{ avatarUrl?: string; errMsg?: string; errno?: number }>
/** `bindinput` / `bindblur` of `<input type="nickname">`. */
export type NicknameInputEvent = WxEvent<{ value: string }>
/** `bindsubmit` of a `<form>` holding `<input type="nickname" name="nickName">`. */
export type NicknameSubmitEvent = WxEvent<{ value: { nickName?: string; nickname?: string } }>
/** The legacy `open-type="getUserInfo"` button's event. */
export type UserInfoEvent = WxEvent<{ errMsg: string; errno?: number; userInfo?: Record<string, unknown>; rawData?: string; signature?: string; encryptedData?: string; iv?: string }>

/** What the client passes to `onRequest` after each exchange. */
export interface RequestInfo {
  api: 'request' | 'uploadFile'
  url: string
  method?: string
  durationMs: number
  /** The HTTP status, when a reply came. */
  status?: number
  /** The error, when none came. */
  error?: WeappLoginError
}

export interface LoginClientOptions {
  /** `wx` in a mini program (`Taro`, `uni` in those frameworks); the emulator's or a test double elsewhere. */
  wx: WxLike
  /** Your developer server, e.g. `https://api.example.com`; `/login`, `/phone`, … are appended. Its origin receives the token. Not needed with `cloud`. */
  baseUrl?: string
  /** WeChat Cloud Development: call this cloud function (made with `createCloudAuth`) through `wx.cloud.callFunction` instead of `wx.request`. */
  cloud?: { name: string; env?: string }
  /** Your mini program's appid (names the storage key). */
  appId: string
  /** wx.request and wx.login timeout in ms (default 10000); a wx.login that never answers is ERR_TIMEOUT after it. */
  timeout?: number
  /** More origins that receive the token (`https://cdn.example.com`); any other URL gets none. */
  tokenOrigins?: string[]
  /** What counts as "the session is gone": codes, or a test (default: `ERR_SESSION_*` from your server's origin). */
  sessionLost?: ErrorCode[] | ((error: unknown) => boolean)
  /** How often a lost session may be replaced by a new sign-in (default `{ max: 3, windowSeconds: 60 }`); past it, the error itself. */
  signInLimit?: { max?: number; windowSeconds?: number }
  /** Told of every failure a client method rejects with. */
  onError?: (error: unknown, info: { op: string }) => void
  /** Told of every request and upload when it ends, with its duration. */
  onRequest?: (info: RequestInfo) => void
  /** The clock in ms, for tests. */
  now?: () => number
  /** Mini program build: where the wasm is (default `/miniprogram_npm/weapp-login/weapp_login_client.wasm`). */
  wasmPath?: string
  /** Browser build: where the wasm is (default: beside the module). */
  wasmUrl?: string | { readonly href: string }
}

export type StateName = 'signedOut' | 'signingIn' | 'signedIn' | 'failed'
export type EventName = 'LOGIN_START' | 'LOGIN_OK' | 'LOGIN_FAIL' | 'SESSION_EXPIRED' | 'PROFILE_OK' | 'PHONE_OK' | 'USER_OK' | 'LOGOUT' | 'RESTORE'
export type NextStep = 'login' | 'profile' | 'phone' | 'done'

/** What the server answered about the user: render from it. */
export interface UserView {
  nickName?: string
  avatarUrl?: string
  /** Masked by the server (`138****8000`). */
  phoneNumber?: string
  [key: string]: unknown
}

/** What a page shows: the state, its flags, the user view and what to offer next. */
export interface LoginState {
  name: StateName
  openid?: string
  profile: boolean
  phone: boolean
  nextStep: NextStep
  /** `{}` when signed out. */
  user: UserView
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
  /** A path under `baseUrl`, or a full URL (the token goes only to the allowed origins). */
  url: string
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS'
  data?: unknown
  header?: Record<string, string>
  timeout?: number
}

export interface UploadFileOptions {
  url: string
  filePath: string
  /** The multipart field name (default `file`). */
  name?: string
  formData?: Record<string, string>
  header?: Record<string, string>
  timeout?: number
}

export interface PhoneNumberResult { phoneNumber: string; purePhoneNumber: string; countryCode: string }

export interface LoginClient {
  /** Resolves once the wasm is loaded and a stored session restored. */
  readonly ready: Promise<void>
  /** The current state; `null` before `ready`. */
  readonly state: LoginState | null
  /** Signs in, or reuses the stored session; concurrent calls share one sign-in. */
  login(options?: { force?: boolean }): Promise<LoginSession>
  /** In `bindgetphonenumber`: posts the code (or encrypted pair) to `/phone`. */
  getPhoneNumber(event: PhoneNumberEvent): Promise<PhoneNumberResult>
  /** In `bindgetrealtimephonenumber`: the same exchange. */
  getRealtimePhoneNumber(event: PhoneNumberEvent): Promise<PhoneNumberResult>
  /** Call straight from a tap handler (legacy since base library 2.27.1). */
  getUserProfile(options?: { desc?: string }): Promise<Record<string, unknown> | undefined>
  /** Legacy: the getUserInfo button's event, or none when `scope.userInfo` is granted. */
  getUserInfo(event?: UserInfoEvent): Promise<Record<string, unknown> | undefined>
  /** In `bindchooseavatar`: uploads the image with wx.uploadFile to `/avatar`. */
  chooseAvatar(event: ChooseAvatarEvent): Promise<{ avatarUrl?: string; user: UserView }>
  /** The reviewed nickname: the text (on `bindnicknamereview` with `pass`), or a form's submit event. */
  setNickname(eventOrText: string | NicknameInputEvent | NicknameSubmitEvent): Promise<Record<string, unknown> | undefined>
  /** `GET /me`: the server's view of the user, kept in the state. */
  refreshUser(): Promise<{ openid: string; unionid?: string; user?: UserView; [key: string]: unknown }>
  /** `wx.requirePrivacyAuthorize`; ERR_PRIVACY_DENIED when the user does not agree. */
  requirePrivacy(): Promise<void>
  /** wx.request with the token for allowed origins; signs in again when the session is lost (within the limit). */
  request<T = any>(options: RequestOptions): Promise<T>
  /** wx.uploadFile (multipart) with the token; the reply's JSON parsed. */
  uploadFile<T = any>(options: UploadFileOptions): Promise<T>
  /** The options with `Authorization` added where it may go (for Taro/uni-app interceptors); never signs in. */
  authorize<T extends { url: string; header?: Record<string, string> }>(requestOptions: T): T & { header: Record<string, string> }
  /** Calls `fn` on every state change; returns the unsubscribe function. */
  subscribe(fn: (state: LoginState) => void): () => void
  /** Signs out here and, best effort, on the server. */
  logout(): Promise<void>
}

/**
 * Creates the login client.
 * @example
 * const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' })
 * await client.login()
 */
export declare function createLoginClient(options: LoginClientOptions): LoginClient
/** The state machine's transitions, for drawing it (asynchronous here: the wasm loads asynchronously). */
export declare function transitions(): Promise<Transition[]>
/** The getPhoneNumber event's detail, read. */
export declare function parsePhoneEvent(detail: unknown): Promise<PhoneEvent>
/** Every error code with `retryable`, `httpStatus` and a description. */
export declare function errorCodes(): Promise<ErrorCodeInfo[]>

declare const weappLogin: {
  WeappLoginError: typeof WeappLoginError
  createLoginClient: typeof createLoginClient
  transitions: typeof transitions
  parsePhoneEvent: typeof parsePhoneEvent
  errorCodes: typeof errorCodes
}
export default weappLogin
