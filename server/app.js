'use strict'
// The token service as an http.Server: node:http + find-my-way, pino access logs, optional
// prom-client metrics. `createServer(options)` for embedding; server/index.js runs it from the
// environment (`npm start`). The rules of each route live in server/tokens.js.
const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const findMyWay = require('find-my-way')
const pino = require('pino')
const { createTokens, parseJsonBody } = require('./tokens.js')
const { DEFAULTS } = require('./config.js')
const { createRateLimiter } = require('./ratelimit.js')

const VERSION = require('../package.json').version
const INSPECTOR_FILE = path.join(__dirname, '..', 'inspector', 'index.html')

/** The WebAssembly build's folder (a checkout's npm/wasm32-wasi, else the installed package), or null. */
function wasmDir() {
  const local = path.join(__dirname, '..', 'npm', 'wasm32-wasi')
  if (fs.existsSync(path.join(local, BROWSER_FILES[0]))) return local
  try {
    return path.dirname(require.resolve('agora-token-native-wasm32-wasi/package.json'))
  } catch {
    return null
  }
}
/** What the inspector page imports to decode in the browser, and the module it fetches. */
const BROWSER_FILES = ['agora-token-native.browser.js', 'agora-token-native.wasm32-wasi.wasm']
/** Routes that answer without the API key, the rate limit and the authorize hook. */
const OPEN_ROUTES = new Set(['/ping', '/healthz', '/readyz', '/metrics', '/', '/agora-token-native.browser.js', '/agora-token-native.wasm32-wasi.wasm'])
/** Which token types a route issues, for the metrics. */
const ISSUES = { '/rtc': ['rtc'], '/rtm': ['rtm'], '/rte': ['rtc', 'rtm'], '/chat': ['chat'] }
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

function send(res, status, body, extra) {
  const text = JSON.stringify(body)
  const length = Buffer.byteLength(text)
  res.writeHead(
    status,
    extra
      ? { ...JSON_HEADERS, ...extra, 'content-length': length }
      : { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': length },
  )
  res.end(text)
}

/** Compares two secrets in constant time (of their SHA-256 digests, so lengths may differ). */
function sameSecret(a, b) {
  const da = crypto.createHash('sha256').update(a).digest()
  const db = crypto.createHash('sha256').update(b).digest()
  return crypto.timingSafeEqual(da, db)
}

/** Reads a request body of at most `limit` bytes: resolves a Buffer, or null when it is too large. */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (declared > limit) return resolve(null)
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        resolve(null)
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks, size)))
    req.on('error', reject)
  })
}

function parseOrigins(value) {
  if (!value) return { any: false, list: new Set() }
  const list = new Set(
    String(value)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  return { any: list.has('*'), list }
}

/**
 * Creates the token server (not yet listening).
 *
 * @param {object} options See docs/service.md for every option; appId and appCertificate are required.
 * @param {(request: {method: string, route: string, params: object, ip: string, headers: object}) =>
 *   boolean | {status?: number, error?: string} | Promise<boolean | {status?: number, error?: string}>} [options.authorize]
 *   Runs before every token, verify and diagnose route, after its parameters are read: true lets the
 *   request go on; false answers 403; an object answers its status (default 403) and error.
 * @param {object} [options.logger] A pino logger (default: one writing JSON lines to stdout at options.logLevel).
 * @param {import('stream').Writable} [options.logStream] Where the default logger writes instead of stdout.
 * @param {object} [options.library] The token builders (agora-token-native by default).
 * @param {string} [options.inspectorFile] The page served at GET / (default inspector/index.html, 404 when absent).
 * @param {string|null} [options.browserBuildDir] Where the page's WebAssembly build is (default: the checkout's npm/wasm32-wasi or the installed agora-token-native-wasm32-wasi; null: none, the page posts to /diagnose).
 * @returns {http.Server & {shutdown(): Promise<void>, metrics?: object}}
 */
function createServer(options = {}) {
  const o = { ...DEFAULTS, ...options }
  const tokens = createTokens({ appId: o.appId, appCertificate: o.appCertificate, library: o.library })
  // The default log: JSON lines to stdout, written in batches of up to 4 KiB (one write per
  // batch instead of per request) and flushed at least every second and on shutdown.
  let flushTimer
  let log = o.logger
  if (!log) {
    const dest = o.logStream || pino.destination({ dest: 1, sync: true, minLength: 4096 })
    log = pino({ level: o.logLevel, base: undefined }, dest)
    if (!o.logStream) {
      flushTimer = setInterval(() => log.flush(), 1000)
      flushTimer.unref()
    }
  }
  const metrics = o.metrics ? require('./metrics.js').createMetrics() : null
  const origins = parseOrigins(o.corsAllowOrigin)
  const limited = createRateLimiter(o.rateLimit, o.rateLimitWindow)
  const inspectorFile = o.inspectorFile || INSPECTOR_FILE
  let inspectorPage // read once, on the first GET /
  let shuttingDown = false

  const router = findMyWay({ ignoreTrailingSlash: true, maxParamLength: 1000 })
  const get = (pattern, group, fn) => router.on('GET', pattern, fn, { pattern, group })
  const post = (pattern, group, fn) => router.on('POST', pattern, fn, { pattern, group, body: true })

  get('/ping', null, () => ({ status: 200, body: { message: 'pong' } }))
  get('/healthz', null, () => ({ status: 200, body: { status: 'ok', version: VERSION } }))
  get('/readyz', null, () => (shuttingDown ? { status: 503, body: { status: 'shutting down' } } : { status: 200, body: { status: 'ready' } }))
  if (metrics) {
    get('/metrics', null, async () => ({ status: 200, text: await metrics.registry.metrics(), type: metrics.registry.contentType }))
  }
  get('/', null, () => {
    if (inspectorPage === undefined) inspectorPage = fs.existsSync(inspectorFile) ? fs.readFileSync(inspectorFile) : null
    if (!inspectorPage) return { status: 404, body: { error: 'no route for GET /' } }
    return { status: 200, text: inspectorPage, type: 'text/html; charset=utf-8' }
  })
  // The WebAssembly build for the inspector page, so that it decodes in the browser (the
  // token never leaves the page); without the build the page posts to /diagnose instead.
  const browserDir = o.browserBuildDir === undefined ? wasmDir() : o.browserBuildDir
  for (const [file, type] of [
    [BROWSER_FILES[0], 'text/javascript; charset=utf-8'],
    [BROWSER_FILES[1], 'application/wasm'],
  ]) {
    let body // read once, on first use
    get('/' + file, null, () => {
      if (body === undefined) body = browserDir && fs.existsSync(path.join(browserDir, file)) ? fs.readFileSync(path.join(browserDir, file)) : null
      if (!body) return { status: 404, body: { error: `no route for GET /${file}` } }
      return { status: 200, text: body, type }
    })
  }
  get('/rtc/:channelName/:role/:tokenType/:rtcuid', '/rtc', tokens.rtc)
  get('/rtm/:rtmuid', '/rtm', tokens.rtm)
  get('/rte/:channelName/:role/:tokenType/:rtcuid', '/rte', tokens.rte)
  get('/rte/:channelName/:role/:tokenType/:rtcuid/:rtmuid', '/rte', tokens.rte)
  get('/chat/app', '/chat', tokens.chatApp)
  get('/chat/account/:chatid', '/chat', tokens.chatUser)
  get('/chat/user/:chatid', '/chat', tokens.chatUser)
  post('/getToken', 'getToken', tokens.getToken)
  post('/verify', 'verify', tokens.verify)
  post('/diagnose', 'diagnose', tokens.diagnose)

  /** The client's address: the socket's, or the last X-Forwarded-For hop when trustProxy is on. */
  const clientIp = (req) => {
    if (o.trustProxy) {
      const xff = req.headers['x-forwarded-for']
      if (typeof xff === 'string' && xff) {
        const last = xff.slice(xff.lastIndexOf(',') + 1).trim()
        if (last) return last
      }
    }
    return req.socket.remoteAddress || ''
  }

  /** CORS: null to go on (with headers to add, maybe), or an answer. */
  const cors = (req) => {
    const origin = req.headers.origin
    if (origin === undefined) return null
    // Same origin (the inspector page calling /diagnose): no CORS needed.
    const host = req.headers.host
    if (host && (origin === `http://${host}` || origin === `https://${host}`)) return null
    if (origins.any || origins.list.has(origin)) {
      return { headers: { 'access-control-allow-origin': origin, vary: 'Origin' } }
    }
    return { status: 403, body: { error: 'Origin not allowed' } }
  }

  function handle(req, res, started) {
    const url = req.url
    const q = url.indexOf('?')
    const pathname = q === -1 ? url : url.slice(0, q)
    let route = null
    let extra
    const finish = (status, body, text, type) => {
      if (shuttingDown) extra = { ...extra, connection: 'close' }
      if (text !== undefined) {
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff', ...extra })
        res.end(text)
      } else send(res, status, body, extra)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      if (metrics) metrics.observe(route || 'unmatched', status, seconds)
      log.info({ method: req.method, route: route || 'unmatched', status, ms: Math.round(seconds * 1e6) / 1000 }, 'request')
    }

    const c = cors(req)
    if (c) {
      if (c.status) return finish(c.status, c.body)
      extra = c.headers
    }
    if (req.method === 'OPTIONS') {
      route = 'OPTIONS'
      extra = { ...extra, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'Authorization, Content-Type', 'access-control-max-age': '600' }
      res.writeHead(204, extra)
      res.end()
      if (metrics) metrics.observe(route, 204, Number(process.hrtime.bigint() - started) / 1e9)
      log.info({ method: req.method, route, status: 204 }, 'request')
      return
    }
    const match = router.find(req.method, pathname)
    if (!match) {
      try {
        decodeURIComponent(pathname)
      } catch {
        return finish(400, { error: 'the path is not valid percent-encoding' })
      }
      return finish(404, { error: `no route for ${req.method} ${pathname.length > 100 ? pathname.slice(0, 100) + '…' : pathname}` })
    }
    const { pattern, group, body: hasBody } = match.store
    route = pattern
    const open = OPEN_ROUTES.has(pattern)
    if (!open) {
      const retryAfter = o.rateLimit ? limited(clientIp(req)) : 0
      if (retryAfter) {
        extra = { ...extra, 'retry-after': String(retryAfter) }
        return finish(429, { error: `too many requests: retry in ${retryAfter} s` })
      }
      if (o.apiKey) {
        const auth = req.headers.authorization
        if (typeof auth !== 'string' || !auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), o.apiKey)) {
          extra = { ...extra, 'www-authenticate': 'Bearer' }
          return finish(401, { error: 'Authorization: Bearer <TOKEN_SERVER_API_KEY> is required' })
        }
      }
    }
    const params = match.params
    const go = (input) => afterParams(req, match, pattern, group, open, input, finish)
    if (hasBody) {
      return readBody(req, o.maxBodyBytes).then((raw) => {
        if (raw === null) {
          extra = { ...extra, connection: 'close' }
          return finish(413, { error: `the body must be at most ${o.maxBodyBytes} bytes` })
        }
        const parsed = parseJsonBody(raw)
        if (parsed.error) return finish(parsed.error.status, parsed.error.body)
        return go(parsed.body)
      })
    }
    if (q !== -1) {
      const query = new URLSearchParams(url.slice(q + 1))
      const expiry = query.getAll('expiry')
      if (expiry.length > 1) return finish(400, { error: 'expiry must be given once' })
      if (expiry.length === 1) return go({ ...params, expiry: expiry[0] })
    }
    return go(params)
  }

  /** The authorize hook (when set), then the route. Synchronous unless the hook or the route is not. */
  function afterParams(req, match, pattern, group, open, params, finish) {
    if (o.authorize && !open) {
      return Promise.resolve(o.authorize({ method: req.method, route: pattern, params, ip: clientIp(req), headers: req.headers })).then((verdict) => {
        if (verdict === true) return route(match, group, params, finish)
        const v = verdict && typeof verdict === 'object' ? verdict : {}
        return finish(Number.isInteger(v.status) && v.status >= 400 && v.status < 600 ? v.status : 403, { error: typeof v.error === 'string' ? v.error : 'forbidden' })
      })
    }
    return route(match, group, params, finish)
  }

  function route(match, group, params, finish) {
    const result = match.handler(params)
    if (typeof result.then === 'function') return result.then((r) => done(group, params, r, finish))
    return done(group, params, result, finish)
  }

  function done(group, params, result, finish) {
    if (metrics && result.status === 200) {
      if (group === 'getToken') metrics.tokenIssued(params.tokenType)
      else if (ISSUES[group]) for (const t of ISSUES[group]) metrics.tokenIssued(t)
    }
    finish(result.status, result.body, result.text, result.type)
  }

  const server = http.createServer({ connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(o.headersTimeout / 2))) }, (req, res) => {
    const started = process.hrtime.bigint()
    const fail = (err) => {
      log.error({ err: { type: err && err.name, message: String(err && err.message).split(o.appCertificate).join('<appCertificate>') } }, 'internal error')
      if (!res.headersSent) send(res, 500, { error: 'internal error' })
      else res.destroy()
    }
    try {
      const pending = handle(req, res, started)
      if (pending && typeof pending.then === 'function') pending.catch(fail)
    } catch (err) {
      fail(err)
    }
  })
  server.headersTimeout = o.headersTimeout
  server.requestTimeout = o.requestTimeout
  server.keepAliveTimeout = o.keepAliveTimeout
  server.metrics = metrics
  server.logger = log

  /** Stops accepting, lets requests in flight finish, closes idle connections; resolves when all are closed. */
  server.shutdown = (timeout = o.shutdownTimeout) =>
    new Promise((resolve) => {
      shuttingDown = true
      clearInterval(flushTimer)
      const timer = setTimeout(() => server.closeAllConnections(), timeout)
      timer.unref()
      server.close(() => {
        clearTimeout(timer)
        if (typeof log.flush === 'function') log.flush()
        resolve()
      })
      server.closeIdleConnections()
    })
  return server
}

module.exports = { createServer, VERSION }
