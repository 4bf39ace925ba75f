'use strict'
// Attack: a 1 MiB multipart body of 18,680 tiny parts sent to /avatar, to
// hold the event loop while the form is read part by part (83 ms each).
// Held: the reader refuses a form of more parts than the route can use
// before reading their headers.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { fileField, MAX_PARTS } = require('../../../pkg/src/server/http/multipart')
const { fixture } = require('../helpers/fixture')

const BOUNDARY = 'x'
/** 56 bytes: 18,680 of them make 1 MiB. */
const PART = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="fld"\r\n\r\n123\r\n`)
const PARTS = 18680
const MANY = Buffer.concat([...Array.from({ length: PARTS }, () => PART), Buffer.from(`--${BOUNDARY}--\r\n`)])

test('a 1 MiB form of 18,680 tiny parts is refused in well under a millisecond of reading, not 83 ms', () => {
  assert.ok(MANY.length > 1024 * 1024 - 4096 && MANY.length < 1024 * 1024 + 4096) // 1 MiB
  assert.match(fileField(MANY, BOUNDARY, 'avatar').problem, /parts/)
  const times = []
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint()
    fileField(MANY, BOUNDARY, 'avatar')
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  times.sort((a, b) => a - b)
  assert.ok(times[10] < 5, `median ${times[10]} ms`)
})

test(`a form of ${MAX_PARTS} parts is read; one more is refused`, () => {
  const form = (n) => Buffer.concat([...Array.from({ length: n - 1 }, () => PART), Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\n\r\n\x89PNG\r\n--${BOUNDARY}--\r\n`, 'latin1')])
  assert.equal(fileField(form(MAX_PARTS), BOUNDARY, 'avatar').file.bytes.toString('latin1'), '\x89PNG')
  assert.equal(typeof fileField(form(MAX_PARTS + 1), BOUNDARY, 'avatar').problem, 'string')
})

test('POST /avatar with the many-parts body answers ERR_INVALID_ARGUMENT and counts no upload', async () => {
  const f = await fixture({ authOptions: { avatarUploadLimit: { max: 1, windowSeconds: 60 } } })
  try {
    const s = await f.auth.login(f.code('parts'))
    for (let i = 0; i < 3; i++) {
      const res = await fetch(f.base + '/avatar', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, authorization: `Bearer ${s.token}` }, body: MANY })
      assert.equal(res.status, 400)
      assert.equal((await res.json()).error.code, 'ERR_INVALID_ARGUMENT')
    }
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)])
    assert.ok((await f.auth.avatar(s.token, { bytes: png })).avatarUrl) // the one upload of the window is still there
  } finally { await f.close() }
})
