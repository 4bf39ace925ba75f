// Sign in on launch: a stored, unexpired session is reused without a network
// call; otherwise wx.login and POST /login, once, however many pages ask.
const { createLoginClient } = require('weapp-login')
const config = require('./config')

const client = createLoginClient({ wx, baseUrl: config.baseUrl, appId: config.appId })

App({
  client,
  onLaunch () {
    client.login().catch(() => { /* the page shows the state; it can retry */ })
  }
})
