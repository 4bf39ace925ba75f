'use strict'
// An RSA key the core has read, loaded once as a node:crypto KeyObject: the
// app's and Alipay's keys (alipay.js, alipay-upstream.js) and Douyin's
// phone key (code-exchange.js). Why the host's RSA and not a crate in the
// wasm: src/crypto/rsa_ops.rs (measured size and speed).

const crypto = require('crypto')
const { invalidArgument } = require('../../errors')

/**
 * Loads an RSA key the core has read (PEM of PKCS#1, PKCS#8 or SPKI, or the
 * bare base64 of its DER, as Alipay's console shows it). Every refusal is
 * ERR_INVALID_ARGUMENT naming `field`; a key's text is never in a message.
 * @param {typeof import('../../loader/server')} core
 * @param {string} text
 * @param {boolean} isPrivate
 * @param {string} field the option's name, as errors name it
 * @param {string} [platform] the platform errors name (createAuth's keys)
 * @returns {import('crypto').KeyObject}
 * @example
 * const key = loadKey(core, process.env.ALIPAY_PRIVATE_KEY, true, 'privateKey')
 */
function loadKey (core, text, isPrivate, field, platform) {
  const key = read(core, text, isPrivate, field, platform)
  try {
    core.rsaModulusBits(key.asymmetricKeyDetails.modulusLength, field)
  } catch (cause) {
    throw refused(field, platform, cause, key.type === 'private')
  }
  return key
}

/** The key, or ERR_INVALID_ARGUMENT naming the option and the platform. */
function read (core, text, isPrivate, field, platform) {
  let form
  try { form = core.rsaKeyForm(text, isPrivate, field) } catch (cause) { throw refused(field, platform, cause, isPrivate) }
  let key
  try {
    const input = { key: Buffer.from(form.der, 'base64'), format: 'der', type: form.type }
    key = isPrivate ? crypto.createPrivateKey(input) : crypto.createPublicKey(input)
  } catch (cause) {
    throw invalidArgument(field, { why: `not a usable RSA key${platform ? ` for ${platform}` : ''}`, cause })
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidArgument(field, { why: `not an RSA key${platform ? ` (${platform} signs with RSA2)` : ''}` })
  return key
}

/** The core's refusal of a key with the platform named (`platform` given; the core's reason is its `cause`), else as it was. */
function refused (field, platform, cause, isPrivate) {
  if (!platform || !(cause && cause.code === 'ERR_INVALID_ARGUMENT')) return cause
  return invalidArgument(field, { why: `not a usable ${platform} RSA ${isPrivate ? 'private' : 'public'} key (PEM or bare base64, 2048 bits or more)`, cause })
}

module.exports = { loadKey }
