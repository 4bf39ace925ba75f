'use strict'
// Writes pkg/THIRD_PARTY_NOTICES.md: every crate linked into each shipped
// wasm build, with its version, license and the license text from the
// crate's own source, as Cargo.lock resolves them (`cargo tree`, offline).
//   node tools/notices.js           write it
//   node tools/notices.js --check   fail if it is not what Cargo.lock gives
// When the builds change, change BUILDS below: each is the `cargo tree`
// selection of one shipped build of the bindings crate (wasm/).

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const OUT = path.join(ROOT, 'pkg', 'THIRD_PARTY_NOTICES.md')
const TARGET = 'wasm32-unknown-unknown'

/** The shipped wasm builds and the cargo selection each is built from (see the Makefile). */
const BUILDS = [
  { name: 'server', files: 'dist/server/weapp_login_bg.wasm', cargo: ['-p', 'weapp-login-wasm', '--features', 'server'] },
  { name: 'client', files: 'miniprogram_dist/, dist/web/, dist/client/ (weapp_login_client.wasm)', cargo: ['-p', 'weapp-login-wasm', '--features', 'client'] }
]

const cargo = (args) => execFileSync('cargo', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] })

/** `name version` → { name, version, license, repository } for the crates one build links (not our own). */
function linked (build) {
  const out = cargo(['tree', '--offline', '--locked', '--target', TARGET, '-e', 'normal,no-proc-macro', '--prefix', 'none', '-f', '{p}|{l}|{r}', ...build.cargo])
  const crates = new Map()
  for (const line of out.split('\n')) {
    const [p, license = '', repository = ''] = line.replace(/ \(\*\)$/, '').split('|')
    const m = /^(\S+) v(\S+)( \(.*\))?$/.exec(p.trim())
    if (!m || m[3]) continue // a local crate: this project's own
    crates.set(`${m[1]} ${m[2]}`, { name: m[1], version: m[2], license, repository })
  }
  return crates
}

/** The license (or licenses, for an AND) we take each crate under: MIT where offered. */
function chosen (expression) {
  return expression.split(/\s+AND\s+/).map((part) => {
    const options = part.replace(/[()]/g, '').split(/\s+OR\s+|\//).map((s) => s.trim())
    return options.includes('MIT') ? 'MIT' : options[0]
  })
}

const FILES = {
  MIT: [/^LICENSE-MIT/i, /^LICENSE\.MIT/i, /^LICEN[SC]E(\.md|\.txt)?$/i, /^COPYING/i],
  'Apache-2.0': [/APACHE/i, /^LICEN[SC]E(\.md|\.txt)?$/i],
  'BSD-3-Clause': [/^LICEN[SC]E(\.md|\.txt)?$/i, /BSD/i],
  'Unicode-3.0': [/UNICODE/i]
}

// The MIT license's text, for a crate whose manifest says MIT but whose source has no license file.
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.`

/** The license texts in a crate's source for the licenses we take it under. */
function texts (dir, licenses, authors) {
  const names = fs.readdirSync(dir).filter((f) => /^(LICEN[SC]E|COPYING|UNLICENSE)/i.test(f)).sort()
  const picked = []
  for (const license of licenses) {
    const patterns = FILES[license] || [/^LICEN[SC]E/i]
    const file = patterns.map((re) => names.find((n) => re.test(n))).find(Boolean)
    if (file === undefined && license === 'MIT') {
      picked.push({ file: 'MIT (the crate has no license file; its Cargo.toml says MIT; the standard text, with its authors)', text: `Copyright (c) ${authors.join(', ') || 'its authors'}\n\n${MIT}` })
      continue
    }
    if (file === undefined) throw new Error(`no ${license} text in ${dir} (files: ${names.join(', ') || 'none'})`)
    if (!picked.some((p) => p.file === file)) picked.push({ file, text: fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n').trim() })
  }
  return picked
}

function generate () {
  const perBuild = BUILDS.map((b) => linked(b))
  const all = new Map()
  perBuild.forEach((crates) => { for (const [id, c] of crates) all.set(id, c) })
  const meta = JSON.parse(cargo(['metadata', '--offline', '--locked', '--all-features', '--format-version', '1', '--filter-platform', TARGET]))
  const packages = new Map(meta.packages.map((p) => [`${p.name} ${p.version}`, p]))
  const ids = [...all.keys()].sort()
  const lines = [
    '# Third-party notices',
    '',
    'The WebAssembly in this package is built from the weapp-login crate (MIT, see LICENSE) and links',
    'the Rust crates below, as Cargo.lock resolves them. Each is used under the license named in the',
    'third column (where a crate offers a choice, MIT); its license text, from the crate\'s own source,',
    'follows the table. Generated by `node tools/notices.js`; `make test` checks it against Cargo.lock.',
    '',
    ...BUILDS.map((b) => `- **${b.name}** build: ${b.files}`),
    '',
    `| crate | version | used under (offered) | ${BUILDS.map((b) => b.name).join(' | ')} |`,
    `|---|---|---|${BUILDS.map(() => '---|').join('')}`
  ]
  for (const id of ids) {
    const c = all.get(id)
    lines.push(`| [${c.name}](${c.repository.replace(/\.git$/, '')}) | ${c.version} | ${chosen(c.license).join(' AND ')} (${c.license}) | ${perBuild.map((p) => (p.has(id) ? 'yes' : '')).join(' | ')} |`)
  }
  for (const id of ids) {
    const c = all.get(id)
    const p = packages.get(id)
    if (p === undefined) throw new Error(`cargo metadata does not know ${id}`)
    lines.push('', `## ${c.name} ${c.version}`, '')
    for (const t of texts(path.dirname(p.manifest_path), chosen(c.license), p.authors || [])) lines.push(`${t.file}:`, '', '```text', t.text, '```', '')
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n'
}

if (require.main === module) {
  const text = generate()
  if (process.argv.includes('--check')) {
    const have = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : ''
    if (have !== text) {
      console.error('pkg/THIRD_PARTY_NOTICES.md is not what Cargo.lock gives: run `node tools/notices.js`')
      process.exit(1)
    }
  } else {
    fs.writeFileSync(OUT, text)
    console.log(`wrote ${path.relative(ROOT, OUT)} (${text.length} bytes)`)
  }
}

module.exports = { generate, BUILDS, linked }
