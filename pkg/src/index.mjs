// ESM entry: the CommonJS entry's own exports (Node reads their names from
// its `module.exports = { … }`), so whichever way the package is loaded there
// is one module instance and one WeappLoginError class.
export * from './index.js'
export { default } from './index.js'
