// The browser entry's types (tsc --noEmit).
import { createLoginClient, transitions, type Transition } from 'weapp-login/client'

const client = createLoginClient({ wx: {} as any, baseUrl: 'http://127.0.0.1:8080/api', appId: 'wx1', wasmUrl: new URL('http://x/a.wasm') })
const table: Promise<Transition[]> = transitions()
export { client, table }
