'use strict'
// Users, not just sessions: onLogin's userId and user, the server's own small
// record without it (nickname, avatar URL, masked phone), GET /me's data,
// and avatars kept in the store or handed to onAvatar.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture } = require('../helpers/fixture')

const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof wl.WeappLoginError && e.code === code)
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)])
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(16)])
const WEBP = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(16)])

test('without onLogin: the server keeps { nickName, avatarUrl, phoneNumber (masked) } and answers it at sign-in and /me', async () => {
  const f = await fixture({ authOptions: { avatarBaseUrl: 'https://api.example.com' } })
  try {
    const wx = f.wx('uma')
    const first = await f.auth.login(f.code('uma'))
    assert.deepEqual(first.user, {})
    assert.deepEqual((await f.auth.userInfo(first.token, { nickName: 'Uma' })).user, { nickName: 'Uma' })
    const phone = await f.auth.phoneNumber(first.token, { code: (await wx.events.getPhoneNumber()).detail.code })
    assert.deepEqual(phone.user, { nickName: 'Uma', phoneNumber: '138****8000' })
    const { avatarUrl, user } = await f.auth.avatar(first.token, { bytes: PNG, contentType: 'image/png' })
    assert.match(avatarUrl, /^https:\/\/api\.example\.com\/avatars\/[A-Za-z0-9_-]{16,64}$/)
    assert.deepEqual(user, { nickName: 'Uma', phoneNumber: '138****8000', avatarUrl })
    const id = avatarUrl.split('/').pop()
    const file = await f.auth.avatarFile(id)
    assert.equal(file.contentType, 'image/png')
    assert.ok(file.bytes.equals(PNG))
    assert.equal(await f.auth.avatarFile('nothing-here-000000'), null)
    assert.equal(await f.auth.avatarFile('../../etc/passwd'), null)
    const again = await f.auth.login(f.code('uma'))
    assert.deepEqual(again.user, user)
    assert.equal(again.phone, true)
    assert.equal(again.profile, true)
    const me = await f.auth.me(again.token)
    assert.deepEqual(me, { openid: again.openid, unionid: again.unionid, expiresAt: again.expiresAt, user })
    assert.ok(!JSON.stringify(me).includes('13800138000'))
  } finally { await f.close() }
})

test('with onLogin: userId kept with the session, the app\'s user answered and merged with later changes', async () => {
  const calls = []
  const f = await fixture({ authOptions: { onLogin: (who) => { calls.push(who); return { userId: 'user-42', user: { nickName: 'From the app', level: 3 } } } } })
  try {
    const s = await f.auth.login(f.code('vic'))
    assert.deepEqual(calls, [{ openid: s.openid, unionid: s.unionid }])
    assert.deepEqual(s.user, { nickName: 'From the app', level: 3 })
    assert.deepEqual(await f.auth.session(s.token), { openid: s.openid, unionid: s.unionid, userId: 'user-42', expiresAt: s.expiresAt })
    const phone = await f.auth.phoneNumber(s.token, { code: (await f.wx('vic').events.getPhoneNumber()).detail.code })
    assert.deepEqual(phone.user, { nickName: 'From the app', level: 3, phoneNumber: '138****8000' })
    const me = await f.auth.me(s.token)
    assert.equal(me.userId, 'user-42')
    assert.deepEqual(me.user, phone.user)
  } finally { await f.close() }
})

test('onLogin answering something unusable is ERR_HOOK_FAILED', async () => {
  const f = await fixture({ authOptions: { onLogin: () => ({ user: 'not an object' }) } })
  try {
    await rejectsWith(f.auth.login(f.code('wes')), 'ERR_HOOK_FAILED')
  } finally { await f.close() }
})

test('avatars: the type comes from the magic bytes; size limit; onAvatar stores it for the app', async () => {
  const f = await fixture({ authOptions: { avatarLimitBytes: 1000 } })
  try {
    const s = await f.auth.login(f.code('xia'))
    for (const [bytes, type] of [[PNG, 'image/png'], [JPEG, 'image/jpeg'], [GIF, 'image/gif'], [WEBP, 'image/webp']]) {
      const { avatarUrl } = await f.auth.avatar(s.token, { bytes: new Uint8Array(bytes), contentType: 'application/octet-stream' })
      assert.equal((await f.auth.avatarFile(avatarUrl.split('/').pop())).contentType, type)
    }
    const bad = async (file, field) => assert.rejects(f.auth.avatar(s.token, file), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === field)
    await bad({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }, 'bytes')
    await bad({ bytes: Buffer.concat([PNG, Buffer.alloc(1000)]) }, 'bytes')
    await bad({ bytes: Buffer.alloc(0) }, 'bytes')
    await bad({ bytes: 'iVBORw0KGgo=' }, 'bytes')
    await bad(null, 'file')
    await rejectsWith(f.auth.avatar('nope', { bytes: PNG }), 'ERR_SESSION_NOT_FOUND')
  } finally { await f.close() }
  const kept = []
  const g = await fixture({ authOptions: { onLogin: () => ({ userId: 'u7' }), onAvatar: (a) => { kept.push(a); return { avatarUrl: 'https://cdn.example.com/a/u7.png' } } } })
  try {
    const s = await g.auth.login(g.code('yan'))
    const out = await g.auth.avatar(s.token, { bytes: PNG })
    assert.deepEqual(out, { avatarUrl: 'https://cdn.example.com/a/u7.png', user: { avatarUrl: 'https://cdn.example.com/a/u7.png' } })
    assert.equal(kept.length, 1)
    assert.deepEqual([kept[0].openid, kept[0].userId, kept[0].contentType], [s.openid, 'u7', 'image/png'])
    assert.ok(kept[0].bytes.equals(PNG))
  } finally { await g.close() }
})
