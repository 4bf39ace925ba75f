'use strict'
// A stand-in for WeChat Cloud Development, in this process: the platform
// that runs cloud functions for `wx.cloud.callFunction`, and `wx-server-sdk`
// as those functions see it. Faithful where a login flow depends on it:
//
// - `cloud.getWXContext()` answers the calling user's OPENID, APPID and
//   UNIONID (plus ENV and SOURCE), per invocation, as the platform injects
//   them (kept in an AsyncLocalStorage, so concurrent calls never mix), and
//   `{}` outside an invocation, as the SDK does without WX_CONTEXT_KEYS;
// - the platform adds `userInfo: { appId, openId }` to every event, turns
//   data and results into JSON, and fails a call whose function throws
//   (`errCode -504002`), does not exist (`-501000`) or runs past its
//   `config.json` timeout (default 3 s; `-504003`);
// - `cloud.openapi.phonenumber.getPhoneNumber({ code })` needs the function's
//   `config.json` to grant `permissions.openapi: ['phonenumber.getPhoneNumber']`
//   (else `-604101`), calls the emulator's getuserphonenumber (its faults
//   apply), and answers as wx-server-sdk does: the reply in camelCase without
//   errcode/errmsg, plus `errCode: 0, errMsg: 'openapi.phonenumber.getPhoneNumber:ok'`
//   (`phoneInfo: { phoneNumber, purePhoneNumber, countryCode, watermark }`);
//   a WeChat errcode is thrown as an Error with `errCode` and `errMsg`
//   (`openapi.phonenumber.getPhoneNumber:fail invalid code …`);
// - `cloud.getOpenData({ list })` opens the cloudIDs the emulator's buttons
//   gave (5 minutes, the same user only): `{ list: [{ cloudID, data }],
//   errMsg: 'getOpenData:ok', errCode: 0 }`, else it throws -601005/6/7;
// - `cloud.uploadFile({ cloudPath, fileContent })` keeps the bytes in
//   `platform.files` and answers `{ fileID: 'cloud://…', statusCode: 204 }`;
//   `cloud.deleteFile({ fileList })` removes them (at most 50 a call);
// - `cloud.database()`: the part a store needs (see createDatabase below),
//   shared by the environment's functions, outliving their cold starts;
// - every cloud API but getWXContext throws at once until `cloud.init()`.
//
// Each deployed function is loaded like the platform does, from its folder,
// with `require('wx-server-sdk')` answering this stand-in (one instance per
// function instance) and `require('weapp-login')` the package in pkg/;
// `coldStart(name)` drops the instance, as the platform does when idle.
//
//   const platform = createCloudPlatform({ wechat: emulator.wechat, appId, appSecret })
//   platform.deploy('login', path.join(__dirname, '../cloudfunctions/login'))
//   const wx = createWx({ emulatorUrl, appId, user: 'alice', cloud: platform })

const fs = require('fs')
const path = require('path')
const crypto = require('crypto')
const Module = require('module')
const { AsyncLocalStorage } = require('async_hooks')

const PACKAGE = path.join(__dirname, '..', '..', 'pkg')
const DEFAULT_TIMEOUT_S = 3
const BUCKET = '656d-emulator-env-1250000000'

/** wx-server-sdk's error: `errCode`, `errMsg`, and a message made of both. */
class CloudSDKError extends Error {
  constructor ({ errCode, errMsg }) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`)
    this.errCode = errCode
    this.errMsg = errMsg
  }
}

const snakeToCamel = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** wx-server-sdk's convertCase (snake → camel, recursive), applied to WeChat's replies. */
function camelCase (value) {
  if (Array.isArray(value)) return value.map(camelCase)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeToCamel(k), camelCase(v)]))
}

/**
 * @param {object} o
 * @param {object} o.wechat the emulator's `wechat` (from `start()` or `createWechat()`)
 * @param {string} o.appId
 * @param {string} o.appSecret the platform's own credentials for WeChat's API
 * @param {string} [o.env] the environment id (default `emulator-env`)
 */
function createCloudPlatform ({ wechat, appId, appSecret, env = 'emulator-env' }) {
  const invocation = new AsyncLocalStorage() // the caller of the function now running
  const functions = new Map() // name → { dir, config, instance: { main, sdk } | null }
  const stats = { invocations: 0, coldStarts: 0 }
  const files = new Map() // fileID → bytes: the environment's cloud storage
  const collections = new Map() // name → Map(_id → document): the environment's database
  const database = createDatabase(collections)

  /** A fresh wx-server-sdk, as one function instance has it. */
  function createSdk (fn) {
    let inited = false
    const DYNAMIC_CURRENT_ENV = Symbol('SYMBOL_CURRENT_ENV')
    const checked = (api) => {
      if (!inited) throw new CloudSDKError({ errCode: -1, errMsg: `${api}:fail Cloud API isn't enabled, please call init first` })
    }

    async function getPhoneNumber (data) {
      const api = 'openapi.phonenumber.getPhoneNumber'
      const allowed = ((fn.config.permissions || {}).openapi || []).includes('phonenumber.getPhoneNumber')
      if (!allowed) throw new CloudSDKError({ errCode: -604101, errMsg: `${api}:fail -604101 function has no permission to call this API` })
      const body = camelToSnakeTop(data)
      wechat.stats.getuserphonenumber = (wechat.stats.getuserphonenumber || 0) + 1
      const fault = wechat.nextFault('getuserphonenumber')
      if (fault && fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
      let reply
      if (fault && fault.errcode !== undefined) {
        reply = { errcode: fault.errcode, errmsg: 'injected fault' }
      } else {
        const t = wechat.api.stable_token({}, { grant_type: 'client_credential', appid: appId, secret: appSecret })
        reply = t.access_token ? wechat.api.getuserphonenumber({ access_token: t.access_token }, body) : t
      }
      if (reply.errcode) throw new CloudSDKError({ errCode: reply.errcode, errMsg: `${api}:fail ${reply.errmsg}` })
      const { errcode, errmsg, ...rest } = reply
      return { ...camelCase(rest), errMsg: `${api}:ok`, errCode: 0 }
    }

    /** The openapi object: `cloud.openapi.<namespace>.<api>(data)`; only what the emulator knows is answered. */
    const openapi = new Proxy({}, {
      get (_, namespace) {
        if (typeof namespace !== 'string') return undefined
        return new Proxy({}, {
          get (__, name) {
            if (typeof name !== 'string') return undefined
            return (data) => {
              checked(`openapi.${namespace}.${name}`)
              if (namespace === 'phonenumber' && name === 'getPhoneNumber') return getPhoneNumber(data || {})
              return Promise.reject(new CloudSDKError({ errCode: -601004, errMsg: `openapi.${namespace}.${name}:fail -601004 api permission denied (not emulated)` }))
            }
          }
        })
      }
    })

    return {
      version: 'emulator',
      DYNAMIC_CURRENT_ENV,
      init (config = {}) {
        if (config.env !== undefined && config.env !== DYNAMIC_CURRENT_ENV && config.env !== env && !(config.env && typeof config.env === 'object')) {
          throw new CloudSDKError({ errCode: -501001, errMsg: `init:fail unknown env ${String(config.env)}` })
        }
        inited = true
      },
      getWXContext () {
        const caller = invocation.getStore()
        if (caller === undefined) return {}
        const ctx = { OPENID: caller.openid, APPID: appId, UNIONID: caller.unionid, ENV: env, SOURCE: 'wx_client' }
        if (ctx.UNIONID === undefined) delete ctx.UNIONID
        return ctx
      },
      openapi,
      getOpenData (options) {
        checked('getOpenData')
        return new Promise((resolve, reject) => {
          if (!options || !Array.isArray(options.list)) {
            reject(new CloudSDKError({ errCode: -1, errMsg: 'getOpenData:fail list must be provided' }))
            return
          }
          const caller = invocation.getStore()
          const list = []
          for (const id of options.list) {
            const found = wechat.cloud.openCloudId(id, caller && caller.openid)
            if (found.errCode !== undefined) {
              reject(new CloudSDKError({ errCode: found.errCode, errMsg: `getOpenData:fail ${found.errCode} ${found.errMsg}` }))
              return
            }
            list.push(found)
          }
          resolve({ list, errMsg: 'getOpenData:ok', errCode: 0 })
        })
      },
      /** Cloud storage: `{ fileID: 'cloud://<env>.<bucket>/<cloudPath>', statusCode, errMsg }`. */
      uploadFile (options) {
        checked('uploadFile')
        return new Promise((resolve, reject) => {
          const { cloudPath, fileContent } = options || {}
          if (typeof cloudPath !== 'string' || cloudPath === '' || cloudPath.startsWith('/')) {
            reject(new CloudSDKError({ errCode: -1, errMsg: 'uploadFile:fail cloudPath must be a non-empty relative path' }))
          } else if (!Buffer.isBuffer(fileContent)) {
            reject(new CloudSDKError({ errCode: -1, errMsg: 'uploadFile:fail fileContent must be a Buffer or a ReadStream' }))
          } else {
            const fileID = `cloud://${env}.${BUCKET}/${cloudPath}`
            files.set(fileID, Buffer.from(fileContent))
            resolve({ fileID, statusCode: 204, errMsg: 'uploadFile:ok' })
          }
        })
      },
      /** Deletes stored files: `{ fileList: [{ fileID, status: 0 | -1, errMsg }] }`, as wx-server-sdk answers. */
      deleteFile (options) {
        checked('deleteFile')
        return new Promise((resolve, reject) => {
          const { fileList } = options || {}
          if (!Array.isArray(fileList) || fileList.length === 0 || fileList.length > 50) {
            reject(new CloudSDKError({ errCode: -1, errMsg: 'deleteFile:fail fileList must be a non-empty array of at most 50 fileIDs' }))
            return
          }
          resolve({
            fileList: fileList.map((fileID) => files.delete(fileID) ? { fileID, status: 0, errMsg: 'ok' } : { fileID, status: -1, errMsg: 'STORAGE_FILE_NONEXIST' }),
            errMsg: 'deleteFile:ok'
          })
        })
      },
      /** The environment's database (a part: see createDatabase). */
      database () {
        checked('database')
        return database
      }
    }
  }

  /** WeChat's API takes snake_case at the top level (what convertCase does to `{ code, openid }`). */
  function camelToSnakeTop (data) {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v]))
  }

  /** Loads the function's index.js as the platform does: its own wx-server-sdk, weapp-login from pkg/. */
  function load (name, fn) {
    const file = path.join(fn.dir, 'index.js')
    const sdk = createSdk(fn)
    const mod = new Module(file, module)
    mod.filename = file
    mod.paths = Module._nodeModulePaths(fn.dir)
    mod.require = (id) => {
      if (id === 'wx-server-sdk') return sdk
      if (id === 'weapp-login') return require(PACKAGE)
      return Module.prototype.require.call(mod, id)
    }
    mod._compile(fs.readFileSync(file, 'utf8'), file)
    if (typeof mod.exports.main !== 'function') throw new Error(`cloud function ${name} exports no main`)
    stats.coldStarts++
    return { main: mod.exports.main, sdk }
  }

  return {
    env,
    stats,
    /** The environment's cloud storage: fileID → bytes. */
    files,
    /** Creates a database collection, as the console does (a collection must exist before use). */
    createCollection (name) { if (!collections.has(name)) collections.set(name, new Map()) },
    /** The environment's database: name → Map(_id → document). */
    collections,
    /** What `cloud.database()` answers in this environment's functions. */
    database,
    /** Deploys the function in folder `dir` (index.js, package.json, config.json) under `name`. */
    deploy (name, dir) {
      const configFile = path.join(dir, 'config.json')
      const config = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {}
      functions.set(name, { dir, config, instance: null })
    },
    /** Drops the function's running instance: the next call loads it afresh (its memory is gone). */
    coldStart (name) {
      const fn = functions.get(name)
      if (fn) fn.instance = null
    },
    /**
     * What `wx.cloud.callFunction` does for `user` (the emulator's user name):
     * resolves `{ errMsg: 'cloud.callFunction:ok', result, requestID }`, or
     * rejects `{ errCode, errMsg: 'cloud.callFunction:fail …' }`.
     */
    async invoke (name, data, { user = 'default' } = {}) {
      const requestID = crypto.randomUUID()
      const fn = functions.get(name)
      const failed = (errCode, what, text) => Object.assign(new Error(text), { errCode, errMsg: `cloud.callFunction:fail Error: errCode: ${errCode} ${what} | errMsg: ${text}` })
      if (fn === undefined) throw failed(-501000, '', `[ResourceNotFound.Function] FunctionName ${name} not found`)
      const u = wechat.emulator.user(user)
      const event = JSON.parse(JSON.stringify(data === undefined ? {} : data))
      event.userInfo = { appId, openId: u.openid }
      const timeoutMs = (fn.config.timeout || DEFAULT_TIMEOUT_S) * 1000
      const context = { callbackWaitsForEmptyEventLoop: false, function_name: name, function_version: '$LATEST', namespace: env, request_id: requestID, memory_limit_in_mb: 256, time_limit_in_ms: timeoutMs }
      stats.invocations++
      let timer
      try {
        if (fn.instance === null) fn.instance = load(name, fn)
        const run = invocation.run({ openid: u.openid, unionid: u.unionid }, () => Promise.resolve().then(() => fn.instance.main(event, context)))
        const late = new Promise((resolve, reject) => { timer = setTimeout(() => reject(failed(-504003, 'functions time out', `Invoking task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs) })
        const result = await Promise.race([run, late])
        return { errMsg: 'cloud.callFunction:ok', result: result === undefined ? null : JSON.parse(JSON.stringify(result)), requestID }
      } catch (e) {
        if (e && e.errMsg && /^cloud\.callFunction:fail/.test(e.errMsg)) throw e
        throw failed(-504002, 'functions execute fail', String(e && e.stack ? e.stack.split('\n')[0] : e))
      } finally {
        clearTimeout(timer)
      }
    }
  }
}

/**
 * The part of the cloud database a store needs, as the server SDK answers:
 * `collection(name)` with `doc(id).get/set/update/remove`, `where(cond)
 * .get/update/remove`, `add({ data })`; `command.inc/gt/gte/lt/lte`;
 * `createCollection(name)`. Documents are copied in and out as JSON. A
 * missing collection is -502005; `add` with a taken `_id` is -502001 (E11000);
 * `doc(id).get()` of a missing document fails; `set` data may not hold `_id`.
 */
function createDatabase (collections) {
  const OP = Symbol('command')
  const op = (name) => (value) => ({ [OP]: name, value })
  const command = { inc: op('inc'), gt: op('gt'), gte: op('gte'), lt: op('lt'), lte: op('lte'), eq: op('eq') }
  const copy = (v) => JSON.parse(JSON.stringify(v))
  const failure = (api, errCode, text) => new CloudSDKError({ errCode, errMsg: `${api}:fail ${errCode} ${text}` })
  const TESTS = { gt: (a, b) => a > b, gte: (a, b) => a >= b, lt: (a, b) => a < b, lte: (a, b) => a <= b, eq: (a, b) => a === b }
  const matches = (d, cond) => Object.entries(cond).every(([k, c]) => c !== null && typeof c === 'object' && c[OP] ? TESTS[c[OP]](d[k], c.value) : d[k] === c)
  function apply (d, data, api) {
    for (const [k, v] of Object.entries(data)) {
      if (k === '_id') throw failure(api, -502003, 'database permission denied: _id cannot be updated')
      if (v !== null && typeof v === 'object' && v[OP] === 'inc') d[k] = (typeof d[k] === 'number' ? d[k] : 0) + v.value
      else if (v !== null && typeof v === 'object' && v[OP]) throw failure(api, -502001, `unsupported update command ${v[OP]}`)
      else d[k] = copy(v)
    }
  }
  function table (name, api) {
    const t = collections.get(name)
    if (t === undefined) throw failure(api, -502005, `database collection not exists. [ResourceNotFound] Db or Table not exist: ${name}`)
    return t
  }
  const later = (fn) => new Promise((resolve, reject) => setImmediate(() => { try { resolve(fn()) } catch (e) { reject(e) } }))

  return {
    command,
    createCollection (name) {
      return later(() => {
        if (collections.has(name)) throw failure('createCollection', -502001, `Table exist: ${name}`)
        collections.set(name, new Map())
        return { errMsg: 'createCollection:ok' }
      })
    },
    collection (name) {
      return {
        doc (id) {
          return {
            get: () => later(() => {
              const d = table(name, 'document.get').get(id)
              if (d === undefined) throw failure('document.get', -1, `document with _id ${id} does not exist`)
              return { data: copy(d), errMsg: 'document.get:ok' }
            }),
            set: ({ data } = {}) => later(() => {
              const t = table(name, 'document.set')
              if (data && Object.prototype.hasOwnProperty.call(data, '_id')) throw failure('document.set', -502003, '_id cannot be set in data')
              const existed = t.has(id)
              const d = { _id: id }
              apply(d, data || {}, 'document.set')
              t.set(id, d)
              return { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: 'document.set:ok' }
            }),
            update: ({ data } = {}) => later(() => {
              const d = table(name, 'document.update').get(id)
              if (d !== undefined) apply(d, data || {}, 'document.update')
              return { stats: { updated: d === undefined ? 0 : 1 }, errMsg: 'document.update:ok' }
            }),
            remove: () => later(() => ({ stats: { removed: table(name, 'document.remove').delete(id) ? 1 : 0 }, errMsg: 'document.remove:ok' }))
          }
        },
        where (cond) {
          const chosen = (api) => [...table(name, api).values()].filter((d) => matches(d, cond || {}))
          return {
            get: () => later(() => ({ data: chosen('collection.get').slice(0, 100).map(copy), errMsg: 'collection.get:ok' })),
            update: ({ data } = {}) => later(() => {
              const found = chosen('collection.update')
              for (const d of found) apply(d, data || {}, 'collection.update')
              return { stats: { updated: found.length }, errMsg: 'collection.update:ok' }
            }),
            remove: () => later(() => {
              const found = chosen('collection.remove')
              for (const d of found) collections.get(name).delete(d._id)
              return { stats: { removed: found.length }, errMsg: 'collection.remove:ok' }
            })
          }
        },
        add: ({ data } = {}) => later(() => {
          const t = table(name, 'collection.add')
          const id = data && typeof data._id === 'string' ? data._id : crypto.randomBytes(16).toString('hex')
          if (t.has(id)) throw failure('collection.add', -502001, `database request fail. [FailedOperation] E11000 duplicate key error collection: ${name} index: _id_ dup key`)
          const d = { _id: id }
          const { _id, ...rest } = data || {}
          apply(d, rest, 'collection.add')
          t.set(id, d)
          return { _id: id, errMsg: 'collection.add:ok' }
        })
      }
    }
  }
}

module.exports = { createCloudPlatform, CloudSDKError }
