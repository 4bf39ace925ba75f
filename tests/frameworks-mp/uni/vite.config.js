// The uni-app (Vue 3) config of the check project, as the README says:
// uni() plus the one line `weappLogin()`.
import { defineConfig } from 'vite'
import uni from '@dcloudio/vite-plugin-uni'
import weappLogin from 'weapp-login/vite'

export default defineConfig({
  plugins: [uni(), weappLogin()]
})
