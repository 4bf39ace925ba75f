'use strict'
// Every kind of JS value a caller could pass, including hostile ones.

function cyclic () { const o = { a: 1 }; o.self = o; return o }
function hostileValues () {
  const throwingGetter = {}
  Object.defineProperty(throwingGetter, 'x', { enumerable: true, get () { throw new Error('getter') } })
  return [
    undefined, null, true, false, 0, -0, -1, 1.5, NaN, Infinity, -Infinity, 1e300, 2 ** 53 + 2, Number.MIN_VALUE,
    '', ' ', '\0', '\ud800', '\udfff\ud800', '🙂', 'AAAA', '====', 'A'.repeat(1 << 20), '\0'.repeat(4096),
    'x'.repeat(100_000), 'null', '{}', '[]', '{"__proto__":{"polluted":1}}',
    1n, 2n ** 70n, Symbol('s'), () => {}, class {}, async () => {},
    [], [1, 2], [[[[]]]], new Array(1000).fill('x'), {}, Object.create(null), { length: 16 },
    new Proxy({}, { get () { throw new Error('proxy get') }, ownKeys () { throw new Error('proxy keys') } }),
    throwingGetter, cyclic(), { toJSON () { throw new Error('toJSON') } }, { toString () { throw new Error('toString') } },
    { valueOf () { throw new Error('valueOf') } }, JSON.parse('{"__proto__":{"polluted":1}}'),
    new Date(0), /re/g, new Uint8Array(16), new ArrayBuffer(16), new Map([[1, 2]]), new Set([1]),
    Promise.resolve(1), new String('abc'), new Number(1), new Boolean(false), new Error('e'), globalThis
  ]
}

module.exports = { hostileValues }
