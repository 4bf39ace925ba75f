'use strict'
// UTF-8 TextEncoder/TextDecoder for engines without them (JavaScriptCore on
// iPhones, in mini programs). Handed to the wasm glue; globals are untouched.

class Utf8Encoder {
  get encoding () { return 'utf-8' }

  encode (input = '') {
    const s = String(input)
    const out = []
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1)
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
          i++
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd // a lone surrogate
      if (c < 0x80) out.push(c)
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    }
    return new Uint8Array(out)
  }

  encodeInto (input, dest) {
    const bytes = this.encode(input)
    // Whole characters only: cut at a UTF-8 boundary when dest is short.
    let n = Math.min(bytes.length, dest.length)
    while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) === 0x80) n--
    dest.set(bytes.subarray(0, n))
    let read = 0
    for (let i = 0; i < n; i++) if ((bytes[i] & 0xc0) !== 0x80) read += bytes[i] >= 0xf0 ? 2 : 1
    return { read, written: n }
  }
}

class Utf8Decoder {
  constructor (label = 'utf-8', options = {}) {
    this.fatal = Boolean(options && options.fatal)
    this.ignoreBOM = Boolean(options && options.ignoreBOM)
  }

  get encoding () { return 'utf-8' }

  decode (input) {
    if (input === undefined) return ''
    const b = input instanceof Uint8Array ? input : new Uint8Array(input.buffer || input, input.byteOffset || 0, input.byteLength)
    let out = ''
    let chunk = []
    let i = 0
    if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3
    const bad = () => {
      if (this.fatal) throw new TypeError('The encoded data was not valid utf-8')
      return 0xfffd
    }
    const cont = (k) => k < b.length && (b[k] & 0xc0) === 0x80
    while (i < b.length) {
      const c = b[i]
      let cp
      if (c < 0x80) { cp = c; i += 1 } else if (c >= 0xc2 && c < 0xe0 && cont(i + 1)) {
        cp = ((c & 31) << 6) | (b[i + 1] & 63); i += 2
      } else if (c >= 0xe0 && c < 0xf0 && cont(i + 1) && cont(i + 2)) {
        cp = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); i += 3
        if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) cp = bad()
      } else if (c >= 0xf0 && c < 0xf5 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
        cp = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63); i += 4
        if (cp < 0x10000 || cp > 0x10ffff) cp = bad()
      } else { cp = bad(); i += 1 }
      if (cp >= 0x10000) {
        cp -= 0x10000
        chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023))
      } else chunk.push(cp)
      if (chunk.length > 4096) { out += String.fromCharCode.apply(null, chunk); chunk = [] }
    }
    return out + String.fromCharCode.apply(null, chunk)
  }
}

/** The engine's own TextEncoder/TextDecoder where it has them, otherwise these. */
function textCodec () {
  return {
    TextEncoder: typeof TextEncoder === 'function' ? TextEncoder : Utf8Encoder,
    TextDecoder: typeof TextDecoder === 'function' ? TextDecoder : Utf8Decoder
  }
}

module.exports = { Utf8Encoder, Utf8Decoder, textCodec }
