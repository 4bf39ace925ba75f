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
// round to round: a busy (or quiet) moment that hit one of them only, or
// rounds spread so wide that each side's median round is a different moment
// of the machine.

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

/** How far apart the two ratios may be before the run says why. */
const EXPLAIN_OVER = 0.1
/** A round "moved for one side" when that side's speed is this far (relative) off its median and the other's is not. */
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
  // Rounds where one side alone moved: a busy (or quiet) moment that hit one contender.
  const speed = unit === 'time' ? (x, m) => m / x : (x, m) => x / m // its speed against its median: < 1 slower, > 1 faster
  const alone = []
  for (let i = 0; i < ours.length; i++) {
    const so = speed(ours[i], mo)
    const st = speed(theirs[i], mt)
    if (Math.abs(so - st) > ALONE && Math.max(Math.abs(so - 1), Math.abs(st - 1)) > ALONE) {
      const [who, s1, other, s2] = Math.abs(so - 1) >= Math.abs(st - 1) ? ['ours', so, label, st] : [label, st, 'ours', so]
      alone.push(`round ${i + 1} (${who} ${s1 < 1 ? 'slow' : 'fast'}: ${f(s1)}× its median speed, ${other} ${f(s2)}×)`)
    }
  }
  if (alone.length) parts.push(`rounds where one side alone moved more than ${ALONE * 100}% from its median: ${alone.join(', ')}`)
  else parts.push('no round where one side alone moved: both moved, but not in step')
  parts.push('the median of rounds pairs figures measured back to back; the targets are read against it')
  return { perRound, ofRounds, ofMedians, note: parts.join('; ') }
}

module.exports = { ratios, median, EXPLAIN_OVER }
