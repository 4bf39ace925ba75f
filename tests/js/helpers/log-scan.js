'use strict'
// One scanner for everything the server logs in a test process. Every
// fixture's createAuth gets a capturing, pino-compatible logger from here,
// and every emulator registers the secrets it hands out. When the process
// exits, every captured line is checked: no app secret, session key, access
// token, login or phone code, session token or phone number may appear. A
// leak fails the test file (exit code 1) and prints where.

const lines = []
const sources = [] // () => string[] of secrets
const fixed = new Set()

/** The text of one log call, as a JSON logger would write it (causes included). */
function render (args) {
  const seen = new WeakSet()
  return JSON.stringify(args, (k, v) => {
    if (v instanceof Error) return { name: v.name, message: v.message, code: v.code, cause: v.cause, stack: v.stack }
    if (v && typeof v === 'object') { if (seen.has(v)) return '[circular]'; seen.add(v) }
    return typeof v === 'bigint' ? String(v) : v
  })
}

/** A pino-compatible logger whose lines go to the scanner. */
function scanningLogger (into = null) {
  const logger = {}
  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
    logger[level] = (...args) => {
      const line = `${level} ${render(args)}`
      lines.push(line)
      if (into) into.push({ level, fields: args[0], msg: args[1] })
    }
  }
  logger.child = () => logger
  return logger
}

/** Registers a source of secrets (e.g. an emulator's `secrets()`), read at the check. */
function watchSecrets (fn) { sources.push(fn) }
/** Registers one secret. */
function secret (s) { if (typeof s === 'string' && s !== '') fixed.add(s) }

// What no line may hold whatever was registered: a mainland mobile number,
// and any run of 40+ base64url characters (session tokens are 43).
const PATTERNS = [/(?<!\d)1[3-9]\d{9}(?!\d)/, /[A-Za-z0-9_-]{40,}/]

/**
 * The lines that hold a secret or match a forbidden pattern.
 * @param {string[]} logLines
 * @param {Iterable<string>} secrets
 */
function findLeaks (logLines, secrets) {
  const list = [...secrets].filter((s) => typeof s === 'string' && s.length >= 6)
  const out = []
  for (const line of logLines) {
    const hit = list.find((s) => line.includes(s))
    if (hit !== undefined) { out.push({ line, why: 'a registered secret' }); continue }
    const p = PATTERNS.find((re) => re.test(line))
    if (p !== undefined) out.push({ line, why: `matches ${p}` })
  }
  return out
}

/** Every line so far and every registered secret, checked now. */
function check () {
  const secrets = new Set(fixed)
  for (const fn of sources) { try { for (const s of fn()) secrets.add(s) } catch { /* a closed source */ } }
  return findLeaks(lines, secrets)
}

process.on('exit', () => {
  const leaks = check()
  if (leaks.length > 0) {
    process.stderr.write(`log-scan: ${leaks.length} logged line(s) hold a secret:\n${leaks.slice(0, 10).map((l) => `  ${l.why}: ${l.line.slice(0, 300)}`).join('\n')}\n`)
    process.exitCode = 1
  }
})

module.exports = { scanningLogger, watchSecrets, secret, findLeaks, check, lines }
