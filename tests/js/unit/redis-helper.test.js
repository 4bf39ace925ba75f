'use strict'
// The tests' Redis helper: the redis-servers a test process started die
// with it, also when it is ended by a signal.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { until } = require('../helpers/redis-server')

/** Whether a process with this id still runs (a zombie waiting for a parent that reaps it does not). */
function alive (pid) {
  try { process.kill(pid, 0) } catch (e) { return e.code !== 'ESRCH' }
  try { return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) } catch { return true }
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  test(`a test process ended by ${signal} takes its redis-server with it`, async () => {
    const helper = path.join(__dirname, '../helpers/redis-server.js')
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(helper)}).startRedis().then((r) => { console.log(r.pid); setInterval(() => {}, 1000) })`], { stdio: ['ignore', 'pipe', 'inherit'] })
    const pid = Number(await new Promise((resolve) => child.stdout.once('data', resolve)))
    assert.ok(pid > 0 && alive(pid))
    const ended = new Promise((resolve) => child.once('exit', (code, sig) => resolve(sig)))
    child.kill(signal)
    assert.equal(await ended, signal) // ended by the signal, as it would have been
    await until('the redis-server to end with its test process', () => !alive(pid), 5000)
  })
}
