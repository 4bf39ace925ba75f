// The playground: the package's browser build and the emulator's wx, used
// exactly as a mini program uses them. Everything on screen comes from the
// client's state, the core's transition table and the page's own storage.
import { createLoginClient, transitions } from '/pkg/index.mjs'
import { createWx } from '/emulator/wx.mjs'

const $ = (id) => document.getElementById(id)
const byTest = (id) => document.querySelector(`[data-testid="${id}"]`)
const log = (text) => {
  const li = document.createElement('li')
  li.textContent = `${new Date().toLocaleTimeString()}  ${text}`
  $('log').prepend(li)
}

const config = await (await fetch('/config.json')).json()
const wx = createWx({ emulatorUrl: `${location.origin}/wechat`, appId: config.appId, user: 'playground-user', storage: localStorage })
const client = createLoginClient({ wx, baseUrl: `${location.origin}/api`, appId: config.appId, wasmUrl: '/pkg/weapp_login_client.wasm' })

function showStorage () {
  const entries = {}
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    entries[key] = JSON.parse(localStorage.getItem(key))
  }
  // The token is the app's own bearer token: shown shortened, as a log would.
  const text = JSON.stringify(entries, (k, v) => (k === 'token' && typeof v === 'string' ? `${v.slice(0, 6)}… (${v.length} chars)` : v), 2)
  $('storage').textContent = text
}

function show (state) {
  if (!state) return
  const flags = state.name === 'signedIn' ? ` profile:${state.profile} phone:${state.phone}` : ''
  byTest('login-status').textContent = state.name + flags
  byTest('next-step').textContent = state.nextStep
  document.querySelectorAll('#diagram .state').forEach((g) => g.classList.toggle('on', g.dataset.state === state.name))
  showStorage()
}

function fail (e) {
  byTest('error').textContent = e && e.code ? e.code : String(e)
  log(`error ${e && e.code}`)
}

async function run (label, work) {
  byTest('error').textContent = ''
  log(label)
  try { await work() } catch (e) { fail(e) }
  show(client.state)
}

// The state diagram, drawn from the core's table.
async function drawDiagram () {
  const table = await transitions()
  const at = { signedOut: [90, 125], signingIn: [280, 35], signedIn: [470, 125], failed: [280, 215] }
  const svg = $('diagram')
  const parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#999"/></marker></defs>']
  const pairs = new Map()
  for (const t of table) {
    const key = `${t.from}>${t.to}`
    pairs.set(key, [...(pairs.get(key) || []), t.event])
  }
  for (const [key, events] of pairs) {
    const [from, to] = key.split('>')
    const [x1, y1] = at[from]; const [x2, y2] = at[to]
    let d; let lx; let ly
    if (from === to) { d = `M${x1 - 20},${y1 - 18} C${x1 - 40},${y1 - 70} ${x1 + 40},${y1 - 70} ${x1 + 20},${y1 - 18}`; lx = x1; ly = y1 - 62 } else {
      // Bow each direction its own way, and label the curve at its middle.
      const mx = (x1 + x2) / 2 + (y2 - y1) * 0.3; const my = (y1 + y2) / 2 - (x2 - x1) * 0.3
      d = `M${x1},${y1} Q${mx},${my} ${x2},${y2}`
      lx = 0.25 * x1 + 0.5 * mx + 0.25 * x2; ly = 0.25 * y1 + 0.5 * my + 0.25 * y2
    }
    parts.push(`<g class="edge"><path d="${d}"/><text x="${lx}" y="${ly}">${events.join(', ')}</text></g>`)
  }
  for (const [name, [x, y]] of Object.entries(at)) {
    parts.push(`<g class="state" data-state="${name}"><rect x="${x - 55}" y="${y - 18}" width="110" height="36" rx="18"/><text x="${x}" y="${y}">${name}</text></g>`)
  }
  svg.innerHTML = parts.join('')
}

client.subscribe((state) => { show(state); log(`state → ${state.name} (next: ${state.nextStep})`) })
$('btn-profile').onclick = () => run('getUserProfile', async () => {
  const info = await client.getUserProfile({ desc: '用于完善会员资料' })
  byTest('profile-name').textContent = info.nickName
  if (info.avatarUrl) $('avatar').style.backgroundImage = `url(${info.avatarUrl})`
})
$('btn-phone-allow').onclick = () => run('getPhoneNumber (allow)', async () => {
  const phone = await client.getPhoneNumber(await wx.events.getPhoneNumber({ allow: true }))
  byTest('phone-number').textContent = `+${phone.countryCode} ${phone.purePhoneNumber}`
})
$('btn-phone-deny').onclick = () => run('getPhoneNumber (deny)', async () => {
  await client.getPhoneNumber(await wx.events.getPhoneNumber({ allow: false }))
})
$('btn-avatar').onclick = () => run('chooseAvatar', async () => {
  await client.chooseAvatar(await wx.events.chooseAvatar())
})
$('nickname').onchange = (e) => run('setNickname', async () => {
  const info = await client.setNickname(e.target.value)
  byTest('profile-name').textContent = info.nickName
})
$('btn-logout').onclick = () => run('logout', async () => {
  await client.logout()
  byTest('profile-name').textContent = ''
  byTest('phone-number').textContent = ''
})

await drawDiagram()
await client.ready
show(client.state)
await run('login', async () => {
  const s = await client.login()
  log(`signed in as ${s.openid}`)
})
document.body.dataset.ready = 'true'
