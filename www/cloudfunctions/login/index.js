// A cloud function that signs mini program users in, with WeChat Cloud
// Development: no AppSecret, no server. The platform tells it who calls
// (cloud.getWXContext()); phone numbers come through cloud calls.
// Deploy it from DevTools ("upload and deploy: install dependencies in the
// cloud"); the mini program reaches it with
//   createLoginClient({ wx, appId, cloud: { name: 'login' } })
// Its tests run it against the emulator's stand-in (tests/js/integration/cloud.test.js).
const cloud = require('wx-server-sdk')
const { createCloudAuth, cloudDatabaseStore } = require('weapp-login')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

// The small user record (nickname, avatar, masked phone) lives in the cloud
// database, collection `weapp_login` (create it in the console): it outlives
// cold starts. (The default, memoryStore(), lives only as long as this
// instance.) Sweep expired records now and then with store.sweep().
const auth = createCloudAuth({ cloud, store: cloudDatabaseStore({ db: cloud.database() }) })

exports.main = auth.main // answers { ok: true, ... } or { error: { code, message, retryable } }
