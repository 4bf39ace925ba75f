'use strict'
// The two ratios every interleaved comparison reports, and why they differ
// when they do.
//
// - The median of per-round ratios: each round measures both contenders back
//   to back, so a busy moment of the machine weighs on both; the targets are
//   read against it.
// - The ratio of medians: each contender's median round, which may be two
//   different rounds.
//
// They part when the two contenders' figures do not move together from
// round to round: a slow round that hit one of them only, or rounds spread so
// wide that each side's median round is a different moment of the machine.

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

/** How far apart the two ratios may be before the run says why. */
const EXPLAIN_OVER = 0.1
/** A round is "slow for one side" when that side is this far (relative) off its median and the other is not. */
const ALONE = 0.15

/**
 * @param {number[]} ours one figure per round
 * @param {number[]} theirs one figure per round, the same rounds
 * @param {{ unit?: 'time' | 'rate', label?: string }} [o] time (lower is
 *   faster) or rate (higher is faster): only the wording of "slow" depends on it
 * @returns {{ perRound: number[], ofRounds: number, ofMedians: number, note: string | null }}
 */
function ratios (ours, theirs, { unit = 'rate', label = 'baseline' } = {}) {
  const perRound = ours.map((o, i) => o / theirs[i])
  const ofRounds = median(perRound)
  const mo = median(ours)
  const mt = median(theirs)
  const ofMedians = mo / mt
  if (Math.abs(ofMedians - ofRounds) <= EXPLAIN_OVER) return { perRound, ofRounds, ofMedians, note: null }
  const f = (x) => x.toFixed(2)
  const parts = [`ratio of medians ${f(ofMedians)} against median of rounds ${f(ofRounds)} (apart by ${f(Math.abs(ofMedians - ofRounds))})`]
  parts.push(`per-round ratios spread ${f(Math.min(...perRound))}–${f(Math.max(...perRound))}`)
  // Each side's median round: the ratio of medians divides figures from these rounds.
  const at = (xs, m) => xs.indexOf(m) + 1
  const ro = at(ours, mo)
  const rt = at(theirs, mt)
  if (ro !== rt) parts.push(`the two medians come from different rounds (ours: round ${ro}, ${label}: round ${rt})`)
  // Rounds where one side alone moved: a slow moment that hit one contender.
  const slow = unit === 'time' ? (x, m) => x / m : (x, m) => m / x // > 1: slower than its median
  const alone = []
  for (let i = 0; i < ours.length; i++) {
    const so = slow(ours[i], mo)
    const st = slow(theirs[i], mt)
    if (Math.abs(so - st) > ALONE && Math.max(so, st) > 1 + ALONE) {
      const who = so > st ? 'ours' : label
      alone.push(`round ${i + 1} (${who} ${f(Math.max(so, st))}× slower than its median, the other ${f(Math.min(so, st))}×)`)
    }
  }
  if (alone.length) parts.push(`a slow moment that hit one side only: ${alone.join(', ')}`)
  else parts.push('no single slow round: both sides moved, but not together')
  parts.push('the median of rounds pairs figures measured back to back; the targets are read against it')
  return { perRound, ofRounds, ofMedians, note: parts.join('; ') }
}

module.exports = { ratios, median, EXPLAIN_OVER }
