'use strict'
// Every vector through the package's CommonJS entry.
const { test } = require('node:test')
const wl = require('weapp-login')
const { registerVectorTests } = require('../helpers/vector-runner')

registerVectorTests(wl, test)
