'use strict'
// The contract on Express 4, mounted as the README shows, behind express.json().
const { contractSuite } = require('./suite')
const { mountExpress } = require('./express-app')

contractSuite('Express 4', (auth, options) => mountExpress(require('express4'), auth, options), { slowBody: false })
