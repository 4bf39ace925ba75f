'use strict'
// End to end in real Chromium (playwright-core, Debian's /usr/bin/chromium):
// the demo server, the playground page, the package's browser build, the
// emulator. Saves a screenshot to test-results/.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { chromium } = require('playwright-core')
const { startDemo } = require('../../../www/server')

const RESULTS = path.join(__dirname, '..', '..', '..', 'test-results')
let demo, browser, page

before(async () => {
  demo = await startDemo({ port: 0, env: {} })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  page = await (await browser.newContext({ viewport: { width: 1280, height: 780 } })).newPage()
})

after(async () => {
  if (browser) await browser.close()
  if (demo) await demo.close()
})

const text = (id) => page.locator(`[data-testid="${id}"]`).textContent()
const until = (id, re) => page.waitForFunction(([id, src]) => new RegExp(src).test(document.querySelector(`[data-testid="${id}"]`).textContent), [id, re.source], { timeout: 15_000 })

test('the playground signs in, binds a phone, gives a profile, survives a reload, signs out', async () => {
  const consoleErrors = []
  page.on('pageerror', (e) => consoleErrors.push(String(e)))
  await page.goto(demo.url)
  await until('login-status', /^signedIn/)
  assert.equal(await text('next-step'), 'profile')
  assert.equal(demo.wechat.stats.jscode2session, 1)

  await page.click('[data-testid="btn-phone-deny"]')
  await until('error', /ERR_USER_DENIED/)
  assert.equal(await text('phone-number'), '')

  await page.click('[data-testid="btn-phone-allow"]')
  await until('phone-number', /13800138000/)
  assert.equal(await text('error'), '')

  await page.click('[data-testid="btn-profile"]')
  await until('profile-name', /微信用户/)
  await until('next-step', /^done$/)
  assert.match(await text('login-status'), /signedIn profile:true phone:true/)

  // Nothing on the page, in its storage view or its log holds the session key.
  const sessionKey = demo.wechat.emulator.sessionKeyOf('playground-user')
  const everything = await page.evaluate(() => document.body.innerText + JSON.stringify({ ...localStorage }))
  assert.ok(!everything.includes(sessionKey), 'the session key reached the page')
  assert.ok(!/session_?key/i.test(await text('storage')))

  fs.mkdirSync(RESULTS, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS, 'playground.png'), fullPage: true })

  await page.reload()
  await until('login-status', /^signedIn/)
  assert.equal(demo.wechat.stats.jscode2session, 1, 'no new sign-in after a reload')

  await page.click('[data-testid="btn-logout"]')
  await until('login-status', /^signedOut/)
  assert.equal(await text('next-step'), 'login')
  assert.deepEqual(consoleErrors, [])
})
