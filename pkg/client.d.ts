// Types of the browser entry (`import … from 'weapp-login/client'`): the
// same login client as the mini program build (see miniprogram.d.ts).
export * from './miniprogram.js'
export { default } from './miniprogram.js'
