#!/usr/bin/env node
// Writes the error tables of docs/errors.md (Chinese) and docs/errors.en.md
// from the core's table (pkg/dist/error-table.json: code, HTTP status,
// retryable, description), between the pages' `<!-- error-table -->` and
// `<!-- /error-table -->` lines. The English column is the core's own
// description; the Chinese one is its translation, kept here by code (a code
// without one stops the tool). tests/js/docs/docs.test.js fails when a page
// is not what this writes.
//   node tools/docs-errors.js           write both pages
//   node tools/docs-errors.js --check   exit 1 if either is stale
'use strict'
const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const TABLE = require(path.join(ROOT, 'pkg', 'dist', 'error-table.json'))

/** The core's descriptions in Chinese, by code. */
const ZH = {
  ERR_INVALID_ARGUMENT: '参数缺失或类型不对（`field` 指出是哪个）',
  ERR_BASE64: '不是合法的 base64',
  ERR_KEY_LENGTH: 'session key 解码后不是 16 字节',
  ERR_IV_LENGTH: 'iv 解码后不是 16 字节',
  ERR_CIPHERTEXT_LENGTH: '密文为空，或长度不是 16 字节的整数倍',
  ERR_DECRYPT_FAILED: '解密失败（多半是 session key 已过期：请重新登录）',
  ERR_WATERMARK_MISSING: '解密后的数据没有水印',
  ERR_APPID_MISMATCH: '水印属于另一个小程序',
  ERR_WATERMARK_TIME: '水印时间超出允许范围',
  ERR_PAYLOAD_SHAPE: '数据缺少必需字段或类型不对',
  ERR_USER_DENIED: '用户拒绝',
  ERR_NO_PERMISSION: '小程序没有这项能力的权限',
  ERR_WX_FAIL: 'wx 接口调用失败',
  ERR_PRIVACY_DENIED: '隐私规则拒绝了这次 wx 接口调用',
  ERR_PHONE_QUOTA: '小程序的手机号验证额度已用完',
  ERR_CODE_INVALID: 'code 无效或已过期',
  ERR_CODE_USED: 'code 已被使用',
  ERR_CODE_BLOCKED: '微信认为这个 code 有风险，已拦截',
  ERR_RATE_LIMITED: '触发了微信的频率限制',
  ERR_WECHAT_BUSY: '微信系统繁忙',
  ERR_ACCESS_TOKEN: 'access token 无效或已过期',
  ERR_WECHAT_API: '微信返回了错误',
  ERR_APP_CONFIG: '微信拒绝了小程序的配置（appid、secret 或 IP 白名单）',
  ERR_INVALID_TRANSITION: '当前登录状态不接受这个事件',
  ERR_SENSITIVE_FIELD: '拒绝在客户端保存 session key 或密钥',
  ERR_SESSION_NOT_FOUND: '没有这个 token 的会话',
  ERR_SESSION_EXPIRED: '会话已过期',
  ERR_SESSION_STALE: '保存的 session key 都打不开这份数据：请重新登录',
  ERR_HOOK_FAILED: '应用的钩子函数失败，请求可以重试',
  ERR_NOT_FOUND: '没有这个路由',
  ERR_METHOD_NOT_ALLOWED: '这个路由不接受该方法',
  ERR_BODY_TOO_LARGE: '请求体太大',
  ERR_UNSUPPORTED_MEDIA_TYPE: '不接受请求体的内容类型',
  ERR_BODY_TIMEOUT: '请求体没有按时到达',
  ERR_NETWORK: '网络请求失败',
  ERR_TIMEOUT: '网络请求超时',
  ERR_HTTP_STATUS: '服务器返回了错误状态码',
  ERR_STORE_UNAVAILABLE: '会话存储不可用',
  ERR_INTERNAL: 'weapp-login 内部错误',
  // The platform-neutral kinds of the multi-platform core.
  ERR_UPSTREAM_BUSY: '平台繁忙',
  ERR_UPSTREAM_API: '平台返回了错误',
  ERR_SERVER_CONFIG: '服务端缺少这个路由需要的配置',
  ERR_SIGNATURE: '签名验证不通过：数据被改动过，或用别的密钥签名',
  ERR_UPSTREAM_SIGNATURE: '平台的回答没有用它的密钥签名（检查它的公钥和 apiBase）'
}

const PAGES = {
  zh: { file: path.join(ROOT, 'docs', 'errors.md'), head: '| code | HTTP 状态 | 可重试 | 含义 |', yes: '是', no: '否', text: (row) => ZH[row.code] },
  en: { file: path.join(ROOT, 'docs', 'errors.en.md'), head: '| code | HTTP status | retryable | meaning |', yes: 'yes', no: 'no', text: (row) => row.description }
}
const START = '<!-- error-table -->'
const END = '<!-- /error-table -->'

/** The table of one language, as Markdown. */
function table (page) {
  const missing = TABLE.filter((row) => page.text(row) === undefined).map((row) => row.code)
  if (missing.length > 0) throw new Error(`docs-errors: no Chinese description for ${missing.join(', ')} (add it to ZH in tools/docs-errors.js)`)
  const rows = TABLE.map((row) => `| \`${row.code}\` | ${row.httpStatus} | ${row.retryable ? page.yes : page.no} | ${page.text(row)} |`)
  return [page.head, '|---|---|---|---|', ...rows].join('\n')
}

/** The page's text with its table as this tool writes it. */
function expected (page) {
  const text = fs.readFileSync(page.file, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) throw new Error(`docs-errors: ${path.relative(ROOT, page.file)} has no ${START} … ${END}`)
  return text.slice(0, start + START.length) + '\n' + table(page) + '\n' + text.slice(end)
}

module.exports = { expected, PAGES }

if (require.main === module) {
  const check = process.argv.includes('--check')
  let stale = false
  for (const page of Object.values(PAGES)) {
    const want = expected(page)
    if (fs.readFileSync(page.file, 'utf8') === want) continue
    if (check) {
      stale = true
      console.error(`${path.relative(ROOT, page.file)} is stale: run node tools/docs-errors.js`)
    } else {
      fs.writeFileSync(page.file, want)
    }
  }
  if (stale) process.exit(1)
}
