'use strict'
// The contract on Express 5, mounted as the README shows, behind express.json().
const { contractSuite } = require('./suite')
const { mountExpress } = require('./express-app')

contractSuite('Express 5', (auth, options) => mountExpress(require('express'), auth, options), { slowBody: false })
