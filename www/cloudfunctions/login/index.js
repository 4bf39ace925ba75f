// A cloud function that signs mini program users in, with WeChat Cloud
// Development: no AppSecret, no server. The platform tells it who calls
// (cloud.getWXContext()); phone numbers come through cloud calls.
// Deploy it from DevTools ("upload and deploy: install dependencies in the
// cloud"); the mini program reaches it with
//   createLoginClient({ wx, appId, cloud: { name: 'login' } })
// Its tests run it against the emulator's stand-in (tests/js/cloud.test.js).
const cloud = require('wx-server-sdk')
const { createCloudAuth } = require('weapp-login')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

// memoryStore (the default) keeps the small user record (nickname, avatar,
// masked phone) only while this instance lives: a cold start forgets it.
// Give a persistent store (e.g. redisStore({ url }) on the environment's
// network) or keep users yourself with onLogin/onPhone/onProfile.
const auth = createCloudAuth({ cloud })

exports.main = auth.main // answers { ok: true, ... } or { error: { code, message, retryable } }
