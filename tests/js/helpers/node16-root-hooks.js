'use strict'
// Node 16's test runner ignores `before` and `after` at a file's top level
// (Node 18 runs them). Preloaded on Node 16 only (`-r`), this runs them as
// Node 18 does: top-level `before`s once before the first top-level test,
// `after`s once the last top-level test is done (skipped ones included).
// Elsewhere it changes nothing. (Our test files call `test`, `before` and
// `after` at their top level only.)
if (process.versions.node.split('.')[0] === '16') {
  const nodeTest = require('node:test')
  const { syncBuiltinESMExports } = require('node:module')
  const realTest = nodeTest.test
  const befores = []
  const afters = []
  let registered = 0
  let finished = 0
  let started = null

  const runAfters = async () => { for (const fn of afters.splice(0)) await fn() }
  const test = (name, options, fn) => {
    if (typeof name === 'function') { fn = name; options = {}; name = fn.name || '<anonymous>' } else if (typeof options === 'function') { fn = options; options = {} }
    options = options || {}
    const skip = options.skip
    registered++
    return realTest(name, { ...options, skip: false }, async (t) => {
      try {
        if (started === null) started = (async () => { for (const b of befores) await b() })()
        await started
        if (skip) { t.skip(typeof skip === 'string' ? skip : undefined); return }
        return await fn(t)
      } finally {
        if (++finished === registered) await runAfters()
      }
    })
  }
  const before = (fn) => { befores.push(fn) }
  const after = (fn) => { afters.push(fn) }
  for (const [k, v] of Object.entries({ test, before, after })) {
    Object.defineProperty(nodeTest, k, { value: v, writable: true, configurable: true, enumerable: true })
  }
  syncBuiltinESMExports()
}
