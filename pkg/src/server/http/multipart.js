'use strict'
// multipart/form-data, as `wx.uploadFile({ name: 'avatar' })` sends it: the
// one file field the avatar route takes, read from a body already in memory
// (its size was limited while it arrived). Other fields (`formData`) are
// skipped; a second file under the same name is refused, and so is a body
// of more than MAX_PARTS parts, before their headers are read (a 1 MiB body
// of 18,680 tiny parts held the event loop 83 ms).

const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')
const MAX_HEADER = 8 * 1024
/** The parts a form may have: the file and a few `formData` fields (the core's). */
const { maxAvatarFormParts: MAX_PARTS } = require('../../../dist/rules.json')

/**
 * The boundary of a `multipart/form-data` content type, or null.
 * @param {string | undefined} contentType
 */
function boundaryOf (contentType) {
  if (typeof contentType !== 'string' || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return null
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType)
  return m === null ? null : (m[1] || m[2])
}

/** A header's parameter (`name="avatar"`), or undefined. */
function param (header, name) {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s"]+)`, 'i').exec(header)
  if (m === null) return undefined
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]
}

/**
 * The file sent under `field`: `{ bytes, contentType }`, or a reason it is not there.
 * @param {Buffer} body
 * @param {string} boundary
 * @param {string} field
 * @returns {{ file: { bytes: Buffer, contentType: string } } | { problem: string }}
 */
function fileField (body, boundary, field) {
  const delimiter = Buffer.from(`--${boundary}`)
  let at = body.indexOf(delimiter)
  if (at < 0) return { problem: 'the body is not multipart/form-data' }
  const between = Buffer.concat([CRLF, delimiter])
  let found = null
  let parts = 0
  for (;;) {
    at += delimiter.length
    if (body[at] === 45 && body[at + 1] === 45) break // "--": the closing delimiter
    if (++parts > MAX_PARTS) return { problem: `the form has more than ${MAX_PARTS} parts` }
    if (body.indexOf(CRLF, at) !== at) return { problem: 'a multipart part is malformed' }
    const headersAt = at + 2
    const headersEnd = body.indexOf(HEADER_END, headersAt)
    if (headersEnd < 0 || headersEnd - headersAt > MAX_HEADER) return { problem: 'a multipart part is malformed' }
    const next = body.indexOf(between, headersEnd + 4)
    if (next < 0) return { problem: 'the multipart body ends early' }
    const headers = body.toString('latin1', headersAt, headersEnd).split('\r\n')
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h))
    if (disposition !== undefined && /^content-disposition\s*:\s*form-data\s*(;|$)/i.test(disposition) && param(disposition, 'name') === field) {
      if (found !== null) return { problem: `send one file under \`${field}\`` }
      const type = headers.find((h) => /^content-type\s*:/i.test(h))
      found = { bytes: body.subarray(headersEnd + 4, next), contentType: type === undefined ? '' : type.slice(type.indexOf(':') + 1).trim().toLowerCase() }
    }
    at = next + 2
  }
  return found === null ? { problem: `the form has no file field \`${field}\`` } : { file: found }
}

module.exports = { boundaryOf, fileField, MAX_PARTS }
