// pkg/src's layers: no import circle, and imports only going down. The
// layers, lowest first: the leaves beside errors.js; the loaders, stores,
// the login client and the upstream client; createAuth's operations
// (server/auth/); HTTP and Cloud Development over them; server/index.js;
// the entries. A module imports from its own folder or a lower layer, never
// from a sibling folder of its layer (the client never reaches a store).
// Type-only files (*types.mjs) are left out of the layers, not the circles.
'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const SRC = path.join(__dirname, '..', '..', '..', 'pkg', 'src')

/** Layer of a file (its path under pkg/src), by where it sits. */
const LAYERS = [
  [0, /^(errors|options|seal|text-codec|base-library|core)\.js$/],
  [1, /^(loader|stores|client|server\/upstream)\//],
  [2, /^server\/auth\//],
  [3, /^server\/(http|cloud)\//],
  [4, /^server\/index\.js$/],
  [5, /^(index\.js|index\.mjs|miniprogram(-js|-wasm)?\.js|browser\.m?js|client-api\.js)$/]
]
const TYPES = /(^|\/)types\.mjs$/

function layerOf (file) {
  const hit = LAYERS.find(([, pattern]) => pattern.test(file))
  return hit === undefined ? undefined : hit[0]
}

/** Every source file under pkg/src, as a path relative to it. */
function sources (dir = '') {
  const out = []
  for (const entry of fs.readdirSync(path.join(SRC, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...sources(rel))
    else if (/\.m?js$/.test(entry.name)) out.push(rel)
  }
  return out
}

/** The files under pkg/src that `file` imports at run time (require, import … from, import()), comments (JSDoc types) left out. */
function importsOf (file) {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const out = []
  for (const m of text.matchAll(/(?:require\(|from\s+|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]))
    if (target.startsWith('..')) continue // the build's output (dist/), not a source
    const withExt = /\.m?js$/.test(target) ? target : `${target}.js`
    const resolved = fs.existsSync(path.join(SRC, withExt)) ? withExt : `${target}/index.js`
    out.push(resolved)
  }
  return out
}

const FILES = sources()
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]))

test('every source file under pkg/src has a layer', () => {
  const without = FILES.filter((f) => !TYPES.test(f) && layerOf(f) === undefined)
  assert.deepEqual(without, [])
})

test('every relative import under pkg/src names a file that exists', () => {
  const missing = [...GRAPH].flatMap(([f, deps]) => deps.filter((d) => !GRAPH.has(d)).map((d) => `${f} → ${d}`))
  assert.deepEqual(missing, [])
})

/** The imports in `graph` that run back up, or sideways into another folder of their layer. */
function wrongImports (graph) {
  const wrong = []
  for (const [file, deps] of graph) {
    if (TYPES.test(file)) continue
    for (const dep of deps) {
      if (TYPES.test(dep)) continue
      const sameFolderAndLayer = path.posix.dirname(file) === path.posix.dirname(dep) && layerOf(file) === layerOf(dep)
      if (!(layerOf(dep) < layerOf(file) || sameFolderAndLayer)) wrong.push(`${file} → ${dep}`)
    }
  }
  return wrong
}

/** The import circles in `graph`, each as `a → b → a`. */
function circlesIn (graph) {
  const circles = []
  const state = new Map() // file → 'open' | 'done'
  const visit = (file, trail) => {
    if (state.get(file) === 'done') return
    if (state.get(file) === 'open') { circles.push([...trail.slice(trail.indexOf(file)), file].join(' → ')); return }
    state.set(file, 'open')
    for (const dep of graph.get(file) || []) visit(dep, [...trail, file])
    state.set(file, 'done')
  }
  for (const file of graph.keys()) visit(file, [])
  return circles
}

test('imports under pkg/src only go down, or stay in their own folder', () => {
  assert.deepEqual(wrongImports(GRAPH), [])
})

test('no import circle under pkg/src', () => {
  assert.deepEqual(circlesIn(GRAPH), [])
})

test('the checks find an import running up, one running sideways, and a circle', () => {
  const made = new Map([
    ['stores/memory.js', ['server/auth/login.js', 'errors.js']], // up
    ['client/index.js', ['stores/redis.js']], // sideways: the client reaching a store
    ['server/auth/login.js', ['server/auth/phone.js']],
    ['server/auth/phone.js', ['server/auth/login.js']] // a circle, in one folder
  ])
  assert.deepEqual(wrongImports(made), ['stores/memory.js → server/auth/login.js', 'client/index.js → stores/redis.js'])
  assert.deepEqual(circlesIn(made), ['server/auth/login.js → server/auth/phone.js → server/auth/login.js'])
})
