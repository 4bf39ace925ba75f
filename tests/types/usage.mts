// Compiles against the package's declarations through `import` (tsc --noEmit).
import { decryptPhoneNumber, WeappLoginError, type ErrorCode, type PhoneNumber } from 'weapp-login'
import wl from 'weapp-login'

const phone: PhoneNumber = decryptPhoneNumber({ appId: 'wx1', sessionKey: 'k', iv: 'i', encryptedData: 'd' })
const code: ErrorCode = wl.wechatError(40163).code
const err = new WeappLoginError('ERR_CODE_USED', 'used', { errcode: 40163 })
export { phone, code, err }
