import Taro from '@tarojs/taro'
import { createLoginClient, WeappLoginError } from 'weapp-login'
import { runCheck } from '../../check.js'

// The check starts at launch, with Taro's API object as `wx`.
globalThis.__weappLoginCheck = runCheck(Taro, { createLoginClient, WeappLoginError })

function App ({ children }) {
  return children
}

export default App
