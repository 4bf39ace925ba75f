// Compiles against the package's declarations through `require` (tsc --noEmit).
import wl = require('weapp-login')

const opts: wl.DecryptOptions = { appId: 'wx1', sessionKey: 'k', iv: 'i', encryptedData: 'd', maxAgeSeconds: null }
const phone: wl.PhoneNumber = wl.decryptPhoneNumber(opts)
const country: string = phone.countryCode
const user: wl.UserInfo = wl.decryptUserInfo({ ...opts, now: 1 })
const union: string | undefined = user.unionId
const data = wl.decryptData(opts)
const stamp: number = data.watermark.timestamp
const ok: boolean = wl.verifySignature({ rawData: '{}', signature: 's', sessionKey: 'k' })
const hmac: string = wl.sessionKeySignature('k')
const sealed: { encryptedData: string; iv: string } = wl.encryptData({ appId: 'wx1', sessionKey: 'k', data: {} })
const session: wl.Code2Session = wl.parseCode2Session({})
const ev = wl.parsePhoneEvent({})
if (ev.kind === 'encrypted') { const iv: string = ev.iv; void iv }
const w: { code: wl.ErrorCode; retryable: boolean } = wl.wechatError(-1)
const rows: wl.ErrorCodeInfo[] = wl.errorCodes()
try { wl.parseCode2Session('') } catch (e) {
  if (e instanceof wl.WeappLoginError) { const c: wl.ErrorCode = e.code; const r: boolean = e.retryable; void c; void r }
}


const auth: wl.Auth = wl.createAuth({ appId: 'wx1', appSecret: 's', store: wl.memoryStore(), apiBase: 'http://127.0.0.1:9000' })
const store: wl.Store = wl.redisStore({ url: 'redis://127.0.0.1:6379' })
async function server (): Promise<void> {
  const s: wl.AuthSession = await auth.login('code')
  const p = await auth.phoneNumber(s.token, { code: 'c' })
  const phone: string = p.purePhoneNumber
  void phone; void store
  const handle = auth.handler({ bodyLimit: 1024, cors: { origin: 'https://x' } })
  void handle
  const api: wl.NodeHandler = auth.handler({ bodyLimit: '1mb', cors: true, loginLimit: { max: 20 }, trustProxy: 1, avatarLimit: '2mb', basePath: '/api' })
  void api.errorHandler
  const fetchApi: (request: Request) => Promise<Response> = auth.fetchHandler({ loginLimit: false, clientAddress: (r: Request) => r.headers.get('cf-connecting-ip') })
  const res: Response = await fetchApi(new Request('https://x/login'))
  const who: wl.RequestSession = await auth.sessionFromRequest(new Request('https://x/me'))
  const expires: number = who.expiresAt
  const guard: wl.NodeMiddleware = auth.requireSession()
  void wl.toKoa(guard); void wl.toFastify(api); void res; void expires; void auth.errorResponse(new Error('x')); void auth.storeKey('x')
  const again: wl.AuthSession = await auth.login('code', { nonce: 'n'.repeat(16) })
  const name: string | undefined = again.user.nickName
  const me: wl.SessionInfo & { user: wl.UserView } = await auth.me(again.token)
  const revoked: number = await auth.logoutAll(me.openid)
  const key: string = auth.storeKey('rl:login:1.2.3.4')
  const { avatarUrl } = await auth.avatar(again.token, { bytes: new Uint8Array([0xff, 0xd8, 0xff]) })
  void name; void revoked; void key; void avatarUrl; void auth.stats()
  wl.createAuth({
    appId: 'wx1',
    appSecret: 's',
    logger: { info () {}, warn () {}, error () {} },
    phoneLimit: false,
    avatarUploadLimit: { max: 3, windowSeconds: 60 },
    avatarStore: wl.memoryStore(),
    maxSessionsPerUser: 3,
    onLogin: ({ openid }) => ({ userId: openid, user: { nickName: 'x' } }),
    onAvatar: async ({ contentType }) => ({ avatarUrl: `https://cdn/${contentType}` })
  })
}
void server

// WeChat Cloud Development: the function's side and the client's option.
declare const cloudSdk: wl.CloudSdkLike
const cloudAuth: wl.CloudAuth = wl.createCloudAuth({ cloud: cloudSdk, onLogin: ({ openid }) => ({ userId: openid, user: { nickName: 'n' } }), phoneLimit: { max: 5, windowSeconds: 60 }, avatarUploadLimit: false })
async function cloudFunction (): Promise<void> {
  const answer = await cloudAuth.main({ action: 'login' })
  if (answer.ok !== true) { const c: wl.ErrorCode = answer.error.code; const r: boolean = answer.error.retryable; void c; void r }
  const me = await cloudAuth.run({ action: 'me', token: 't' })
  void me
}
void cloudFunction
declare const cloudWx: wl.WxLike
const cloudClient: wl.LoginClient = wl.createLoginClient({ wx: cloudWx, appId: 'wx1', cloud: { name: 'login', env: 'prod-1' } })
void cloudClient
export = { country, union, stamp, ok, hmac, sealed, session, w, rows }
