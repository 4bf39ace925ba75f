'use strict'
// How the hand-written baselines (bench/run.js, bench/redis-baseline.js) call
// the platform: WeChat's GET and Douyin's JSON POST, each answered with JSON,
// over keep-alive node:http / node:https Agents, the same kind of client
// handler() uses on Node (pkg/src/server/upstream/keep-alive-fetch.js; its
// Agents' options too). As a developer writes it: no timeout, no retries, no
// limit on the answer.

const http = require('node:http')
const https = require('node:https')

const AGENTS = { 'http:': new http.Agent({ keepAlive: true, timeout: 5000 }), 'https:': new https.Agent({ keepAlive: true, timeout: 5000 }) }

/** Reads a JSON answer into `resolve`, or `reject`s. */
const reader = (resolve, reject) => (res) => {
  let text = ''
  res.setEncoding('utf8')
  res.on('data', (chunk) => { text += chunk })
  res.on('end', () => { try { resolve(JSON.parse(text)) } catch (e) { reject(e) } })
  res.on('error', reject)
}

/**
 * WeChat's way: a GET with the parameters in the query.
 * @param {string} href an http: or https: URL
 * @returns {Promise<any>} the answer's JSON
 */
function getJson (href) {
  const url = new URL(href)
  const lib = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    lib.get(url, { agent: AGENTS[url.protocol] }, reader(resolve, reject)).on('error', reject)
  })
}

/**
 * Douyin's way: a POST of a JSON body.
 * @param {string} href an http: or https: URL
 * @param {object} body sent as JSON
 * @returns {Promise<any>} the answer's JSON
 */
function postJson (href, body) {
  const url = new URL(href)
  const lib = url.protocol === 'https:' ? https : http
  const text = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    lib.request(url, { method: 'POST', agent: AGENTS[url.protocol], headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, reader(resolve, reject))
      .on('error', reject)
      .end(text)
  })
}

module.exports = { getJson, postJson }
