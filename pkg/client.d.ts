// Types of the browser entry (`import … from 'weapp-login/client'`) and of the
// mini program build: the login client; helpers answer with Promises because
// the wasm loads asynchronously there.
import type { ErrorCodeInfo, LoginClient, LoginClientOptions, PhoneEvent, Transition } from './index.js'
export type * from './index.js'
export { WeappLoginError } from './index.js'

export declare function createLoginClient(options: LoginClientOptions): LoginClient
export declare function transitions(): Promise<Transition[]>
export declare function parsePhoneEvent(detail: unknown): Promise<PhoneEvent>
export declare function errorCodes(): Promise<ErrorCodeInfo[]>
declare const client: {
  createLoginClient: typeof createLoginClient
  transitions: typeof transitions
  parsePhoneEvent: typeof parsePhoneEvent
  errorCodes: typeof errorCodes
}
export default client
