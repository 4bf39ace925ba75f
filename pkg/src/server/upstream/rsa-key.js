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
 * @returns {import('crypto').KeyObject}
 * @example
 * const key = loadKey(core, process.env.ALIPAY_PRIVATE_KEY, true, 'privateKey')
 */
function loadKey (core, text, isPrivate, field) {
  const { type, der } = core.rsaKeyForm(text, isPrivate, field)
  let key
  try {
    const input = { key: Buffer.from(der, 'base64'), format: 'der', type }
    key = isPrivate ? crypto.createPrivateKey(input) : crypto.createPublicKey(input)
  } catch (cause) {
    throw invalidArgument(field, { why: 'not a usable RSA key', cause })
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidArgument(field, { why: 'not an RSA key' })
  core.rsaModulusBits(key.asymmetricKeyDetails.modulusLength, field)
  return key
}

module.exports = { loadKey }
