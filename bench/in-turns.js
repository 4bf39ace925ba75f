'use strict'
// How the server parts measure two servers on one route in one round.

/** Each round's requests go in SLICES slices per server, taken in turns. */
const SLICES = 4

/**
 * Both servers' requests/s on one route in one round. Each one's requests
 * (`bodies[who]`, as many for both) are cut into SLICES slices sent in turns,
 * A B B A A B B A from `pair[0]`; a server's rate is its requests over the
 * sum of its slices' seconds. A busy moment of the machine (a neighbour on
 * the VM's host) then falls on both servers' figures, not only on the one
 * being measured in it.
 * @param {[string, string]} pair the servers, the first to go first
 * @param {Record<string, unknown[]>} bodies each server's requests
 * @param {(who: string, slice: unknown[]) => Promise<number>} send sends a slice to a server: the seconds it took
 * @returns {Promise<Record<string, number>>} each server's requests/s
 */
async function inTurns (pair, bodies, send) {
  const seconds = Object.fromEntries(pair.map((who) => [who, 0]))
  const per = Math.ceil(bodies[pair[0]].length / SLICES)
  for (let s = 0; s < SLICES; s++) {
    for (const who of s % 2 ? [pair[1], pair[0]] : pair) seconds[who] += await send(who, bodies[who].slice(s * per, (s + 1) * per))
  }
  return Object.fromEntries(pair.map((who) => [who, bodies[who].length / seconds[who]]))
}

module.exports = { inTurns, SLICES }
