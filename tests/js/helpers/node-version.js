'use strict'
// Tests that need a newer Node than the oldest the package supports skip
// there, saying why (the Node suite runs on every supported version).

/**
 * The reason to skip on this Node (a string), or false.
 * @param {number} major the lowest major version that can run it
 * @param {string} what what needs it, e.g. 'express 5' (its `engines`)
 * @example test('…', { skip: needsNode(18, 'express 5') }, async () => { … })
 */
function needsNode (major, what) {
  const have = Number(process.versions.node.split('.')[0])
  return have >= major ? false : `${what} needs Node ≥ ${major}; this is Node ${process.versions.node}`
}

module.exports = { needsNode }
