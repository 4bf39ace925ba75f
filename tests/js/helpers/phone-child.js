'use strict'
// One server process of the 40001 storm: its own createAuth on the shared
// Redis, asking for phone numbers with the (token, code) pairs it was given.
// Prints the outcome codes as JSON on stdout.
const wl = require('weapp-login')

// `startAt` (ms since the epoch, optional): when to ask, so two processes ask together.
const { redisUrl, apiBase, appId, appSecret, pairs, startAt = 0 } = JSON.parse(process.argv[2])
const auth = wl.createAuth({ appId, appSecret, apiBase, store: wl.redisStore({ url: redisUrl }), retryBaseMs: 5, retryMaxMs: 20 })
new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())))
  .then(() => Promise.all(pairs.map(([token, code]) => auth.phoneNumber(token, { code }).then(() => 'ok', (e) => e.code))))
  .then(async (outcomes) => {
    process.stdout.write(JSON.stringify(outcomes))
    await auth.close()
  })
