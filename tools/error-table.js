#!/usr/bin/env node
// Writes the core's error table (src/error.rs: every code with `retryable`,
// `httpStatus` and `description`) to pkg/dist/error-table.json, read by
// pkg/src/errors.js on every runtime, so no JS file restates it.
//   node tools/error-table.js
'use strict'
const fs = require('fs')
const path = require('path')

const glue = require(path.join(__dirname, '..', 'pkg', 'dist', 'server', 'weapp_login.js'))
const rows = glue.errorCodes()
if (!Array.isArray(rows) || rows.length === 0) {
  console.error('error-table: the core answered no table')
  process.exit(1)
}
const out = path.join(__dirname, '..', 'pkg', 'dist', 'error-table.json')
fs.writeFileSync(out, JSON.stringify(rows, null, 1) + '\n')
console.log(`built ${path.relative(process.cwd(), out)}: ${rows.length} codes`)
