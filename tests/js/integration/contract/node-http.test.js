'use strict'
// The contract on a bare node:http server: http.createServer(auth.handler()).
const { contractSuite } = require('./suite')
const { nodeHttpMount } = require('./servers')

contractSuite('node:http', nodeHttpMount)
