// Types of the weapp-login ESM entry: the same API as the CommonJS entry.
export * from './index.js'
import * as api from './index.js'
export default api
