// The login client's types, as JSDoc: tsc writes the published declarations
// of the mini program, browser and Node entries from them (make types).
// `wx` and the button events are typed structurally, so the official
// typings (`miniprogram-api-typings`), Taro's and uni-app's objects all fit
// without a cast. Nothing here runs.

/** @import { ErrorCode } from '../../dist/error-code.mjs' */
/** @import { WeappLoginError } from '../types.mjs' */

/**
 * What a failed wx call hands to `fail`.
 * @typedef {object} WxFailResult
 * @property {string} errMsg
 * @property {number} [errno]
 */

/**
 * The options every callback-style wx API takes (success/fail/complete).
 * @template T
 * @typedef {{ success?(result: T): void, fail?(result: WxFailResult): void, complete?(result: unknown): void }} WxCallbacks
 */

/**
 * The wx APIs the client uses, structurally: the real `wx`
 * (`WechatMiniprogram.Wx`), Taro, uni, the emulator's, or a test double.
 * @typedef {object} WxLike
 * @property {{ callFunction(options: any): unknown }} [cloud] WeChat Cloud Development (the `cloud` option): `wx.cloud.callFunction`.
 * @property {() => any} [getFileSystemManager] Reads a chosen avatar file for a cloud function (the `cloud` option).
 * @property {(options: WxCallbacks<{ code: string, errMsg: string }> & { timeout?: number }) => unknown} login
 * @property {(options: WxCallbacks<{ errMsg: string }>) => unknown} checkSession
 * @property {(options: WxCallbacks<{ statusCode: number, data: any, header?: any, errMsg: string }> & {
 *   url: string, method?: any, data?: any, header?: any, timeout?: number, dataType?: any
 * }) => unknown} request
 * @property {(key: string) => any} getStorageSync
 * @property {(key: string, data: any) => void} setStorageSync
 * @property {(key: string) => void} removeStorageSync
 * @property {(options: WxCallbacks<{ statusCode: number, data: string, errMsg: string }> & {
 *   url: string, filePath: string, name: string, header?: any, formData?: any, timeout?: number
 * }) => unknown} [uploadFile]
 * @property {(options: WxCallbacks<any> & { desc: string }) => unknown} [getUserProfile]
 * @property {(options: WxCallbacks<any>) => unknown} [getSetting]
 * @property {(options: WxCallbacks<any> & { withCredentials?: boolean }) => unknown} [getUserInfo]
 * @property {(options: WxCallbacks<{ errMsg: string }>) => unknown} [requirePrivacyAuthorize]
 */

/**
 * A wx event as a handler receives it: `{ detail }` (more fields are fine).
 * @template Detail
 * @typedef {object} WxEvent
 * @property {Detail} detail
 */

/**
 * `bindgetphonenumber` / `bindgetrealtimephonenumber`.
 * @typedef {WxEvent<{ errMsg: string, errno?: number, code?: string, encryptedData?: string, iv?: string }>} PhoneNumberEvent
 */
/**
 * `bindchooseavatar`.
 * @typedef {WxEvent<{ avatarUrl?: string, errMsg?: string, errno?: number }>} ChooseAvatarEvent
 */
/**
 * `bindinput` / `bindblur` of `<input type="nickname">`.
 * @typedef {WxEvent<{ value: string }>} NicknameInputEvent
 */
/**
 * `bindsubmit` of a `<form>` holding `<input type="nickname" name="nickName">`.
 * @typedef {WxEvent<{ value: { nickName?: string, nickname?: string } }>} NicknameSubmitEvent
 */
/**
 * The legacy `open-type="getUserInfo"` button's event.
 * @typedef {WxEvent<{ errMsg: string, errno?: number, userInfo?: Record<string, unknown>, rawData?: string, signature?: string, encryptedData?: string, iv?: string }>} UserInfoEvent
 */

/**
 * What the client passes to `onRequest` after each exchange.
 * @typedef {object} RequestInfo
 * @property {'request' | 'uploadFile'} api
 * @property {string} url
 * @property {string} [method]
 * @property {number} durationMs
 * @property {number} [status] The HTTP status, when a reply came.
 * @property {WeappLoginError} [error] The error, when none came.
 */

/**
 * A mini program platform, named as `createAuth({ platform })` names it on the server.
 * @typedef {'weixin' | 'qq' | 'toutiao' | 'kuaishou' | 'baidu' | 'alipay'} Platform
 */

/**
 * createLoginClient's options. Every option is checked when given; a wrong
 * one is ERR_INVALID_ARGUMENT naming it.
 * @typedef {object} LoginClientOptions
 * @property {WxLike} [wx] `wx` in a WeChat mini program; the emulator's or a test double elsewhere. Give exactly one of `wx`, `qq`, `tt`, `ks`, `swan`, `my`, `Taro`, `uni`.
 * @property {object} [qq] QQ's API object.
 * @property {object} [tt] Douyin's API object (`tt.login`'s `anonymousCode` goes to `/login` with the code).
 * @property {object} [ks] Kuaishou's API object.
 * @property {object} [swan] Baidu's API object (`swan.getLoginCode` where present, else `swan.login`).
 * @property {object} [my] Alipay's API object (`my.getAuthCode({ scopes: 'auth_base' })`, `my.getPhoneNumber`).
 * @property {object} [Taro] Taro's API object, over any platform's.
 * @property {object} [uni] uni-app's API object, over any platform's.
 * @property {Platform} [platform] The platform, when it should not be found out from the API object.
 * @property {string} [baseUrl] Your developer server, e.g. `https://api.example.com`; `/login`, `/phone`, … are appended. Its origin receives the token. Not needed with `cloud`.
 * @property {{ name: string, env?: string }} [cloud] WeChat Cloud Development: call this cloud function (made with `createCloudAuth`) through `wx.cloud.callFunction` instead of `wx.request`.
 * @property {string} appId Your mini program's appid (names the storage key).
 * @property {number} [timeout] wx.request and wx.login timeout in ms (default 10000); a wx.login that never answers is ERR_TIMEOUT after it.
 * @property {string[]} [tokenOrigins] More origins that receive the token (`https://cdn.example.com`); any other URL gets none.
 * @property {ErrorCode[] | ((error: unknown) => boolean)} [sessionLost] What counts as "the session is gone": codes, or a test (default: `ERR_SESSION_*` from your server's origin).
 * @property {{ max?: number, windowSeconds?: number }} [signInLimit] How often a lost session may be replaced by a new sign-in (default `{ max: 3, windowSeconds: 60 }`); past it, the error itself.
 * @property {(error: unknown, info: { op: string }) => void} [onError] Told of every failure a client method rejects with.
 * @property {(info: RequestInfo) => void} [onRequest] Told of every request and upload when it ends, with its duration.
 * @property {() => number} [now] The clock in ms, for tests.
 * @property {string} [wasmPath] Mini program build: where the wasm is (default `/miniprogram_npm/weapp-login/weapp_login_client.wasm`).
 * @property {string | { readonly href: string }} [wasmUrl] Browser build: where the wasm is (default: beside the module).
 */

/** @typedef {'signedOut' | 'signingIn' | 'signedIn' | 'failed'} StateName */
/** @typedef {'LOGIN_START' | 'LOGIN_OK' | 'LOGIN_FAIL' | 'SESSION_EXPIRED' | 'PROFILE_OK' | 'PHONE_OK' | 'USER_OK' | 'LOGOUT' | 'RESTORE'} EventName */
/** @typedef {'login' | 'profile' | 'phone' | 'done'} NextStep */

/**
 * What the server answered about the user: render from it. `phoneNumber` is
 * masked by the server (`138****8000`); more fields are the app's own.
 * @typedef {{ nickName?: string, avatarUrl?: string, phoneNumber?: string, [key: string]: unknown }} UserView
 */

/**
 * What a page shows: the state, its flags, the user view and what to offer next.
 * @typedef {object} LoginState
 * @property {StateName} name
 * @property {string} [openid]
 * @property {boolean} profile
 * @property {boolean} phone
 * @property {NextStep} nextStep
 * @property {UserView} user `{}` when signed out.
 * @property {ErrorCode} [error] The error code, when `failed`.
 */

/**
 * One allowed transition of the login state machine.
 * @typedef {{ from: StateName, event: EventName, to: StateName }} Transition
 */

/**
 * What `login()` resolves to. Never a session key.
 * @typedef {object} LoginSession
 * @property {string} openid
 * @property {string} [unionid]
 * @property {string} token Your server's bearer token.
 * @property {number} expiresAt Milliseconds since the epoch.
 */

/**
 * @typedef {object} RequestOptions
 * @property {string} url A path under `baseUrl`, or a full URL (the token goes only to the allowed origins).
 * @property {'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS'} [method]
 * @property {unknown} [data]
 * @property {Record<string, string>} [header]
 * @property {number} [timeout]
 */

/**
 * @typedef {object} UploadFileOptions
 * @property {string} url
 * @property {string} filePath
 * @property {string} [name] The multipart field name (default `file`).
 * @property {Record<string, string>} [formData]
 * @property {Record<string, string>} [header]
 * @property {number} [timeout]
 */

/** @typedef {{ phoneNumber: string, purePhoneNumber: string, countryCode: string }} PhoneNumberResult */

/**
 * The login client (`createLoginClient`).
 * @typedef {object} LoginClient
 * @property {Promise<void>} ready Resolves once the wasm is loaded and a stored session restored.
 * @property {LoginState} state The current state. Before `ready`, what storage says: the stored session's view while it has not ended (display only), else signed out; from `ready` on, the core's.
 * @property {(options?: { force?: boolean }) => Promise<LoginSession>} login Signs in, or reuses the stored session; concurrent calls share one sign-in.
 * @property {(event: PhoneNumberEvent) => Promise<PhoneNumberResult>} getPhoneNumber In `bindgetphonenumber`: posts the code (or encrypted pair) to `/phone`.
 * @property {(event: PhoneNumberEvent) => Promise<PhoneNumberResult>} getRealtimePhoneNumber In `bindgetrealtimephonenumber`: the same exchange.
 * @property {(options?: { desc?: string }) => Promise<Record<string, unknown> | undefined>} getUserProfile Call straight from a tap handler (legacy since base library 2.27.1).
 * @property {(event?: UserInfoEvent) => Promise<Record<string, unknown> | undefined>} getUserInfo Legacy: the getUserInfo button's event, or none when `scope.userInfo` is granted.
 * @property {(event: ChooseAvatarEvent) => Promise<{ avatarUrl?: string, user: UserView }>} chooseAvatar In `bindchooseavatar`: uploads the image with wx.uploadFile to `/avatar`.
 * @property {(eventOrText: string | NicknameInputEvent | NicknameSubmitEvent) => Promise<Record<string, unknown> | undefined>} setNickname The reviewed nickname: the text (on `bindnicknamereview` with `pass`), or a form's submit event.
 * @property {() => Promise<{ openid: string, unionid?: string, user?: UserView, [key: string]: unknown }>} refreshUser `GET /me`: the server's view of the user, kept in the state.
 * @property {() => Promise<void>} requirePrivacy `wx.requirePrivacyAuthorize`; ERR_PRIVACY_DENIED when the user does not agree.
 * @property {<T = any>(options: RequestOptions) => Promise<T>} request wx.request with the token for allowed origins; signs in again when the session is lost (within the limit).
 * @property {<T = any>(options: UploadFileOptions) => Promise<T>} uploadFile wx.uploadFile (multipart) with the token; the reply's JSON parsed.
 * @property {<T extends { url: string, header?: Record<string, string> }>(requestOptions: T) => T & { header: Record<string, string> }} authorize The options with `Authorization` added where it may go (for Taro/uni-app interceptors); never signs in.
 * @property {(fn: (state: LoginState) => void) => () => void} subscribe Calls `fn` on every state change; returns the unsubscribe function.
 * @property {() => Promise<void>} logout Signs out here and, best effort, on the server.
 */

export {}
