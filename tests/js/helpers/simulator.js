'use strict'
// WeChat's official component simulator, miniprogram-simulate, over a mini
// program after "build npm": its wxml compiled by WeChat's own Linux compiler
// (miniprogram-compiler's wcc and wcsc, the `official` compiler) and rendered
// into jsdom, as its jest environment does.
//
// What WeChat's runtime does and the simulator does not, done here:
// - `require('name')` and `require('name/sub')` from the mini program's code
//   resolve into its miniprogram_npm/ (not node_modules/);
// - WXWebAssembly.instantiate reads a path of the code package (a `.wasm.br`
//   is decompressed, as WeChat does);
// - `Page({ … })` is a page: the simulator only has `Component`, so a page's
//   definition is turned into the component WeChat makes of it (data, methods,
//   fields copied onto the instance, onLoad when attached, onUnload when
//   detached). Every page records its frames: the data of its first render,
//   then each setData in order (`instance.frames`).

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')
const Module = require('node:module')
const { JSDOM } = require('jsdom')

const DOM_GLOBALS = ['window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MouseEvent', 'TouchEvent', 'KeyboardEvent', 'getComputedStyle', 'requestAnimationFrame', 'DocumentFragment', 'Text', 'Comment']

/** A copy of plain data (what setData sends to the view). */
const copy = (data) => JSON.parse(JSON.stringify(data === undefined ? {} : data))

/**
 * The component WeChat makes of a `Page` definition: `data` is the first
 * frame; functions are methods; other fields are copied onto the instance.
 * @param {Record<string, unknown>} page
 */
function pageAsComponent (page) {
  const methods = {}
  const fields = {}
  for (const [key, value] of Object.entries(page)) {
    if (key === 'data') continue
    if (typeof value === 'function') methods[key] = value
    else fields[key] = value
  }
  return {
    data: page.data || {},
    methods,
    lifetimes: {
      created () {
        Object.assign(this, copy(fields))
        recordFrames(this)
      },
      attached () { if (this.onLoad) this.onLoad({}) },
      detached () { if (this.onUnload) this.onUnload() }
    }
  }
}

/** Records on `instance.frames` its first render's data, then every setData. */
function recordFrames (instance) {
  if (instance.frames) return
  instance.frames = [copy(instance.data)]
  const setData = instance.setData
  instance.setData = function (data, callback) {
    instance.frames.push(copy(data))
    return setData.call(this, data, callback)
  }
}

/**
 * Starts the simulator over the mini program whose code root (app.js,
 * miniprogram_npm/) is `root`. `launch(wx, page)` is one cold start: every
 * module evaluated afresh, app.js with this `wx`, onLaunch, then `page`
 * renders and is attached.
 * @param {string} root
 */
function startSimulator (root) {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true })
  for (const name of DOM_GLOBALS) {
    if (dom.window[name] !== undefined) Object.defineProperty(global, name, { value: dom.window[name], configurable: true, writable: true })
  }
  // WeChat's npm resolution: a bare name from the mini program's code is a
  // folder of miniprogram_npm/ (`name` → its index.js, `name/sub` → sub.js).
  const npm = path.join(root, 'miniprogram_npm')
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, parent, ...rest) {
    const bare = request.match(/^((?:@[^/]+\/)?[^./][^/]*)(\/.+)?$/)
    if (bare && parent && parent.filename && parent.filename.startsWith(root + path.sep) && fs.existsSync(path.join(npm, bare[1]))) {
      const sub = bare[2] ? bare[2].slice(1) : 'index'
      const file = [`${sub}.js`, path.join(sub, 'index.js')].map((f) => path.join(npm, bare[1], f)).find((f) => fs.existsSync(f))
      assert.ok(file, `${request} is not in miniprogram_npm/`)
      return file
    }
    return resolve.call(this, request, parent, ...rest)
  }
  global.WXWebAssembly = {
    instantiated: 0,
    async instantiate (p, imports) {
      this.instantiated++
      const bytes = fs.readFileSync(path.join(root, p))
      return WebAssembly.instantiate(p.endsWith('.br') ? zlib.brotliDecompressSync(bytes) : bytes, imports)
    }
  }
  const simulate = require('miniprogram-simulate')
  global.Page = (definition) => global.Component(pageAsComponent(definition))

  function launch (wx, page = 'pages/login/login') {
    global.wx = wx
    let app = null
    global.App = (def) => { app = def }
    global.getApp = () => app
    // A cold start: every module of the mini program, its npm packages too, evaluated afresh.
    for (const file of Object.keys(require.cache)) if (file.startsWith(root + path.sep)) delete require.cache[file]
    require(path.join(root, 'app.js'))
    app.onLaunch()
    const id = simulate.load(path.join(root, page), { compiler: 'official', rootPath: root })
    const rendered = simulate.render(id)
    recordFrames(rendered.instance)
    rendered.attach(document.createElement('parent-wrapper'))
    return { app, page: rendered }
  }

  return {
    simulate,
    launch,
    close () {
      Module._resolveFilename = resolve
      delete global.WXWebAssembly
      delete global.Page
    }
  }
}

/** Polls `check` every 25 ms for up to 10 s. */
async function until (check, what) {
  for (let i = 0; i < 400; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  assert.fail(`timed out waiting for ${what}`)
}

/** A tap, as a finger makes it: touchstart then touchend. */
function tap (page, selector) {
  const el = page.querySelector(selector)
  assert.ok(el, `${selector} is rendered`)
  el.dispatchEvent('touchstart')
  el.dispatchEvent('touchend')
}

/** Fires a wx event on the rendered element matching `selector`, as WeChat would. */
function fire (page, selector, type, detail) {
  const el = page.querySelector(selector)
  assert.ok(el, `${selector} is rendered`)
  el.dispatchEvent(type, { detail })
}

module.exports = { startSimulator, pageAsComponent, until, tap, fire }
