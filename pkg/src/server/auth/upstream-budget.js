'use strict'
// The app's budget of upstream jscode2session calls per window, counted in
// the store (so across processes): whatever address plan a client has, the
// app's WeChat quota is not spent faster than this. Only calls that really go
// upstream count: a code of the wrong shape, a refused code remembered, a
// kept result and a second caller of a code in flight cost nothing. Past the
// budget a sign-in answers ERR_RATE_LIMITED; the logger hears of it once per
// window (per process).

/** The store key of the count, under the app's keys. */
const SUFFIX = 'rl:upstream:jscode2session'

/**
 * @param {object} o
 * @param {{ max: number, windowSeconds: number } | false} o.limit createAuth's `upstreamLoginBudget`
 * @returns {null | { count: { key: string, ttlSeconds: number, max: number }, check(n: number): void }}
 *   null when turned off; `count`: the counter (a store's claim takes it, or
 *   its `incr`); `check(n)` throws once `n` is past the budget
 */
function createUpstreamBudget ({ limit, keys, fail, observe, now }) {
  if (limit === false) return null
  const { max, windowSeconds } = limit
  const count = { key: keys.of(SUFFIX), ttlSeconds: windowSeconds, max }
  let quietUntil = 0 // this process told the logger until then

  function refused () {
    observe.bump('rateLimited', 'upstreamLoginBudget')
    if (now() >= quietUntil) {
      quietUntil = now() + windowSeconds * 1000
      observe.line('warn', { event: 'rate_limited', limit: 'upstreamLoginBudget', max, windowSeconds }, 'the app-wide budget of jscode2session calls is spent: sign-ins answer ERR_RATE_LIMITED until the window ends')
    }
    return fail('ERR_RATE_LIMITED', 'too many sign-ins for this app right now; try again shortly', { retryAfter: windowSeconds })
  }

  return {
    count,
    check (n) { if (n > max) throw refused() }
  }
}

module.exports = { createUpstreamBudget }
