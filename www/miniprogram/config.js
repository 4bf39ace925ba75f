// Where your developer server is (`make demo` serves one on 127.0.0.1:8080;
// in DevTools tick "do not check domain names" to reach it).
module.exports = {
  baseUrl: 'http://127.0.0.1:8080/api',
  appId: 'wx1234567890abcdef'
}
