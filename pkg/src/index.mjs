// ESM entry: the same module instance as the CommonJS entry, so errors are
// instances of one WeappLoginError class whichever way the package is loaded.
import cjs from './index.js'

export const {
  WeappLoginError,
  createAuth,
  memoryStore,
  redisStore,
  createLoginClient,
  transitions,
  decryptData,
  decryptPhoneNumber,
  decryptUserInfo,
  verifySignature,
  sessionKeySignature,
  encryptData,
  parseCode2Session,
  parsePhoneEvent,
  wechatError,
  errorCodes
} = cjs
export default cjs
