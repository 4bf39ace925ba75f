'use strict'
// The bench's cores: the load generator (this process) on core 0, the
// servers under test (ours and the baseline alike) on core 1, so that neither
// takes the other's time slices and a round measures the server, not the
// scheduler. Linux with taskset and two or more cores; elsewhere nothing is
// pinned (and the bench says so).
const { execFileSync } = require('node:child_process')
const os = require('node:os')

/** Whether processes can be pinned here. */
const CAN_PIN = (() => {
  if (process.platform !== 'linux' || os.cpus().length < 2 || process.env.BENCH_NO_PIN) return false
  try { execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }); return true } catch { return false }
})()

/**
 * Runs `fn` with this process (every thread) on core 0, and frees it again
 * after: the parts that do not load servers keep every core.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function asLoadGenerator (fn) {
  if (!CAN_PIN) return fn()
  execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' })
  try {
    return await fn()
  } finally {
    execFileSync('taskset', ['-a', '-cp', `0-${os.cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' })
  }
}

/**
 * The command and arguments that run `node args` on the servers' core.
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function onServerCore (args) {
  return CAN_PIN ? ['taskset', ['-c', '1', process.execPath, ...args]] : [process.execPath, args]
}

/** One line for the results' header. */
const PINNING = CAN_PIN ? 'load generator on core 0, servers under test on core 1 (taskset)' : 'not pinned to cores'

module.exports = { PINNING, asLoadGenerator, onServerCore }
