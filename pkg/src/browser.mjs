// The browser entry (`import … from 'weapp-login/client'`): the client wasm
// through fetch + WebAssembly; a `wasmUrl` option overrides where from.
import loader from './loader/client-web.js'
import api from './client-api.js'

const DEFAULT_WASM_URL = new URL('./weapp_login_client.wasm', import.meta.url)
const { coreAt } = loader
const client = api.clientApi(coreAt, 'wasmUrl', () => coreAt(DEFAULT_WASM_URL))

export const { WeappLoginError, isWeappLoginError, createLoginClient, transitions, parsePhoneEvent, errorCodes } = client
export default client
