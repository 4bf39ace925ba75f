#!/usr/bin/env node
// The README packed into the npm package (pkg/README.md, run by pkg's
// `prepack`): the repository's README.md for package users only. The
// section between `<!-- repo-only -->` and `<!-- /repo-only -->` (how to try
// and test the repository) is left out, and every relative link (docs/,
// README.en.md, CHANGELOG.md) becomes its address in the repository, since
// none of those files are in the package.
//   node tools/pack-readme.js   (from any directory)
'use strict'
const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const REPO = require(path.join(ROOT, 'pkg', 'package.json')).homepage.replace(/#.*$/, '')

/** README text as packed. */
function packedReadme (text) {
  const cut = text.replace(/<!-- repo-only -->[\s\S]*?<!-- \/repo-only -->\n/g, '').replace(/\n{3,}/g, '\n\n')
  return cut.replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_, link) => `](${REPO}/blob/main/${link.replace(/^\.\//, '')})`)
}

module.exports = { packedReadme }

if (require.main === module) {
  fs.writeFileSync(path.join(ROOT, 'pkg', 'README.md'), packedReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')))
}
