'use strict'
// The token service's production features over real HTTP on 127.0.0.1: CORS, API key, the
// authorize hook, rate limit, slow-client timeouts, metrics, access logs, graceful shutdown,
// the environment (`npm start`), WORKERS, and a mixed load of good and bad requests.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const native = require('..')
const { APP_ID, APP_CERTIFICATE, start, ok, spawnServer } = require('./server-helpers.js')
const { DEMO_APP_CERTIFICATE } = require('../server/config.js')

const ENTRY = path.join(__dirname, '..', 'server', 'index.js')

test('CORS: no origin allowed by default, an allow-list, "*", preflight 204, same origin always', async () => {
  let s = await start()
  try {
    let res = await s.get('/ping', { origin: 'https://evil.example' })
    assert.equal(res.status, 403)
    assert.deepEqual(res.body, { error: 'Origin not allowed' })
    res = await s.get('/ping') // no Origin: not a browser's cross-origin request
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('access-control-allow-origin'), null)
    res = await s.get('/ping', { origin: s.base })
    assert.equal(res.status, 200)
  } finally {
    await s.close()
  }
  s = await start({ corsAllowOrigin: 'https://app.example, https://www.app.example' })
  try {
    let res = await s.get('/rtm/bob', { origin: 'https://www.app.example' })
    ok(res)
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://www.app.example')
    assert.equal(res.headers.get('vary'), 'Origin')
    res = await s.get('/rtm/bob', { origin: 'https://app.example.evil' })
    assert.equal(res.status, 403)
    const pre = await fetch(s.base + '/getToken', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } })
    assert.equal(pre.status, 204)
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example')
    assert.match(pre.headers.get('access-control-allow-methods'), /POST/)
    assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/)
    assert.equal((await fetch(s.base + '/getToken', { method: 'OPTIONS', headers: { origin: 'https://other.example' } })).status, 403)
  } finally {
    await s.close()
  }
  s = await start({ corsAllowOrigin: '*' })
  try {
    const res = await s.get('/rtm/bob', { origin: 'https://any.example' })
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://any.example')
  } finally {
    await s.close()
  }
})

test('API key: Authorization: Bearer required on token routes, not on /ping and the health routes', async () => {
  const s = await start({ apiKey: 'k3y-secret-value' })
  try {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'k3y-secret-value' }, { authorization: 'Bearer k3y-secret-valuE' }]) {
      const res = await s.get('/rtc/test/publisher/uid/1', headers)
      assert.equal(res.status, 401, JSON.stringify(headers))
      assert.equal(res.headers.get('www-authenticate'), 'Bearer')
      assert.ok(!res.text.includes('k3y-secret-value'))
    }
    ok(await s.get('/rtc/test/publisher/uid/1', { authorization: 'Bearer k3y-secret-value' }))
    ok(await s.post('/getToken', { tokenType: 'chat' }, { authorization: 'Bearer k3y-secret-value' }))
    assert.equal((await s.post('/getToken', { tokenType: 'chat' })).status, 401)
    for (const p of ['/ping', '/healthz', '/readyz']) assert.equal((await s.get(p)).status, 200, p)
    assert.ok(!s.lines.join('\n').includes('k3y-secret-value'))
  } finally {
    await s.close()
  }
})

test('authorize hook: sees the route and parameters, runs before the token is built', async () => {
  const seen = []
  let builds = 0
  const counting = {
    ...native,
    RtcTokenBuilder: {
      buildTokenWithUid: (...a) => (builds++, native.RtcTokenBuilder.buildTokenWithUid(...a)),
      buildTokenWithUserAccount: (...a) => (builds++, native.RtcTokenBuilder.buildTokenWithUserAccount(...a)),
    },
  }
  const s = await start({
    library: counting,
    authorize: async (r) => {
      seen.push({ method: r.method, route: r.route, params: { ...r.params }, ip: r.ip })
      if (r.params.channelName === 'vip') return { status: 402, error: 'pay first' }
      return r.params.channelName !== 'private' && r.params.channel !== 'private'
    },
  })
  try {
    ok(await s.get('/rtc/lobby/publisher/uid/5?expiry=60'))
    assert.equal(builds, 1)
    let res = await s.get('/rtc/private/publisher/uid/5')
    assert.equal(res.status, 403)
    assert.deepEqual(res.body, { error: 'forbidden' })
    res = await s.get('/rtc/vip/publisher/uid/5')
    assert.equal(res.status, 402)
    assert.deepEqual(res.body, { error: 'pay first' })
    assert.equal((await s.post('/getToken', { tokenType: 'rtc', channel: 'private', uid: 1 })).status, 403)
    assert.equal(builds, 1, 'no token was built for a refused request')
    assert.deepEqual(seen[0], { method: 'GET', route: '/rtc/:channelName/:role/:tokenType/:rtcuid', params: { channelName: 'lobby', role: 'publisher', tokenType: 'uid', rtcuid: '5', expiry: '60' }, ip: '127.0.0.1' })
    assert.equal(seen[3].route, '/getToken')
    ok(await s.get('/ping'))
    assert.equal(seen.length, 4, '/ping does not go through the hook')
  } finally {
    await s.close()
  }
})

test('rate limit per client IP with Retry-After; X-Forwarded-For only with trustProxy', async () => {
  let s = await start({ rateLimit: 3, rateLimitWindow: 30 })
  try {
    for (let i = 0; i < 3; i++) ok(await s.get('/rtm/bob', { 'x-forwarded-for': `10.0.0.${i}` }))
    const res = await s.get('/rtm/bob')
    assert.equal(res.status, 429)
    const retry = Number(res.headers.get('retry-after'))
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 30, String(retry))
    assert.match(res.body.error, /too many requests/)
    assert.equal((await s.get('/healthz')).status, 200, 'health routes are not limited')
  } finally {
    await s.close()
  }
  s = await start({ rateLimit: 1, rateLimitWindow: 30, trustProxy: true })
  try {
    ok(await s.get('/rtm/bob', { 'x-forwarded-for': '10.0.0.1' }))
    ok(await s.get('/rtm/bob', { 'x-forwarded-for': '10.0.0.9, 10.0.0.2' }))
    assert.equal((await s.get('/rtm/bob', { 'x-forwarded-for': '10.0.0.1' })).status, 429)
  } finally {
    await s.close()
  }
})

/** Opens a raw connection, writes `first`, and resolves the ms until the server closes it. */
function timeUntilClosed(base, first, trickle) {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const sock = net.connect(Number(port), '127.0.0.1', () => sock.write(first))
    let timer
    if (trickle) timer = setInterval(() => sock.writable && sock.write(trickle), 100)
    let answer = ''
    sock.on('data', (d) => (answer += d))
    sock.on('error', () => {})
    sock.on('close', () => {
      clearInterval(timer)
      resolve({ ms: Date.now() - t0, answer })
    })
    setTimeout(() => reject(new Error('the slow connection was not closed')), 8000).unref()
  })
}

test('slow clients (slowloris) are cut off by the header and request timeouts', async () => {
  const s = await start({ headersTimeout: 400, requestTimeout: 800 })
  try {
    // Headers that never end, one byte at a time.
    const h = await timeUntilClosed(s.base, 'GET /ping HTTP/1.1\r\nHost: x\r\n', 'X')
    assert.ok(h.ms >= 300 && h.ms < 3000, `closed after ${h.ms} ms`)
    // Headers complete, a body that trickles in.
    const b = await timeUntilClosed(s.base, 'POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{', ' ')
    assert.ok(b.ms >= 600 && b.ms < 4000, `closed after ${b.ms} ms`)
    ok(await s.get('/rtm/bob'))
  } finally {
    await s.close()
  }
})

test('metrics: tokens by type, errors by code, latency by route pattern', async () => {
  const s = await start({ metrics: true })
  try {
    ok(await s.get('/rtc/test/publisher/uid/1'))
    ok(await s.get('/rte/test/publisher/uid/1'))
    ok(await s.post('/getToken', { tokenType: 'chat' }))
    await s.get('/rtc/test/boss/uid/1')
    await s.get('/nowhere')
    const res = await s.get('/metrics')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^text\/plain/)
    assert.match(res.text, /^agora_tokens_issued_total\{type="rtc"\} 2$/m)
    assert.match(res.text, /^agora_tokens_issued_total\{type="rtm"\} 1$/m)
    assert.match(res.text, /^agora_tokens_issued_total\{type="chat"\} 1$/m)
    assert.match(res.text, /^agora_token_server_errors_total\{code="400"\} 1$/m)
    assert.match(res.text, /^agora_token_server_errors_total\{code="404"\} 1$/m)
    assert.match(res.text, /agora_token_server_request_duration_seconds_count\{route="\/rtc\/:channelName\/:role\/:tokenType\/:rtcuid"\} 2/)
    assert.ok(!/test|boss|nowhere/.test(res.text), 'no channel or path in the metrics')
  } finally {
    await s.close()
  }
})

test('GET / serves the inspector page when the file exists', async () => {
  const file = path.join(os.tmpdir(), `inspector-${process.pid}.html`)
  fs.writeFileSync(file, '<!doctype html><title>inspector</title>')
  const s = await start({ inspectorFile: file })
  try {
    const res = await s.get('/')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^text\/html/)
    assert.equal(res.text, '<!doctype html><title>inspector</title>')
  } finally {
    await s.close()
    fs.rmSync(file)
  }
})

test('access log: JSON lines with the route pattern, status and ms; never a channel, uid, token, query or secret', async () => {
  const s = await start({ apiKey: 'the-api-key-0001' })
  const auth = { authorization: 'Bearer the-api-key-0001' }
  try {
    const token = ok(await s.get('/rtc/SecretChannelQ/publisher/uid/987654321?expiry=4321', auth)).rtcToken
    ok(await s.get('/rte/SecretChannelQ/publisher/userAccount/HiddenUserZ/', auth))
    ok(await s.post('/verify', { token, channelName: 'SecretChannelQ' }, auth))
    ok(await s.post('/getToken', { tokenType: 'rtm', uid: 'HiddenUserZ', channel: 'SecretChannelQ' }, auth))
    await s.get('/rtc/SecretChannelQ/boss/uid/987654321', auth)
    await s.get('/SecretChannelQ?x=987654321')
    await s.get('/rtm/HiddenUserZ')
  } finally {
    await s.close()
  }
  assert.ok(s.lines.length >= 7)
  for (const line of s.lines) {
    const entry = JSON.parse(line)
    for (const secret of ['SecretChannelQ', '987654321', 'HiddenUserZ', '4321', '007eJ', APP_CERTIFICATE, 'the-api-key-0001', 'expiry']) {
      assert.ok(!line.includes(secret), `${secret} in ${line}`)
    }
    if (entry.msg === 'request') {
      assert.deepEqual(Object.keys(entry).sort(), ['level', 'method', 'ms', 'msg', 'route', 'status', 'time'])
    }
  }
  const routes = s.lines.map((l) => JSON.parse(l)).map((e) => `${e.method} ${e.route} ${e.status}`)
  assert.ok(routes.includes('GET /rtc/:channelName/:role/:tokenType/:rtcuid 200'), routes.join('\n'))
  assert.ok(routes.includes('GET /rtc/:channelName/:role/:tokenType/:rtcuid 400'))
  assert.ok(routes.includes('GET unmatched 404'))
  assert.ok(routes.includes('GET /rtm/:rtmuid 401'))
  assert.ok(routes.includes('POST /verify 200'))
})

test('a mixed load of good and bad requests gets only 2xx and 4xx answers', async () => {
  const s = await start({ rateLimit: 0 })
  try {
    const good = ['/rtc/test/publisher/uid/1', '/rtm/bob/', '/rte/a/subscriber/userAccount/x/', '/chat/app/', '/ping']
    const bad = ['/rtc/t/x/uid/1', '/rtc/%ZZ/publisher/uid/1', '/rtm/%00', '/rtc/' + 'a'.repeat(2000) + '/publisher/uid/1', '/nope', '/rtc/t/publisher/uid/1?expiry=-1', '/rtc/t/publisher/uid/1?expiry=1&expiry=2', '/rte/t/publisher/uid//', '/..%2f..%2fetc/passwd']
    const posts = [{ tokenType: 'rtm', uid: 'a' }, { tokenType: 'rtc' }, '{', '"x"', { token: '007' + 'A'.repeat(300) }, { token: '006xyz' }, { tokenType: 'rtc', channel: 'c', uid: 1e30 }]
    const jobs = []
    for (let i = 0; i < 12; i++) {
      for (const p of [...good, ...bad]) jobs.push(() => s.get(p))
      for (const b of posts) jobs.push(() => s.post(i % 2 ? '/getToken' : '/verify', b))
    }
    const statuses = new Map()
    for (let i = 0; i < jobs.length; i += 32) {
      for (const r of await Promise.all(jobs.slice(i, i + 32).map((j) => j()))) statuses.set(r.status, (statuses.get(r.status) || 0) + 1)
    }
    for (const code of statuses.keys()) assert.ok(code >= 200 && code < 500, `status ${code}: ${JSON.stringify([...statuses])}`)
    assert.ok(statuses.get(200) > 50 && statuses.get(400) > 50, JSON.stringify([...statuses]))
  } finally {
    await s.close()
  }
})

const exitOf = (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))

test('npm start: demo credentials with a warning; SERVER_PORT wins over PORT; bad settings refused without echoing secrets', async () => {
  const { child, port, out, err } = await spawnServer({})
  try {
    assert.match(err(), /WARNING: APP_ID and APP_CERTIFICATE are not set.*Agora will refuse/)
    const { rtcToken } = await (await fetch(`http://127.0.0.1:${port}/rtc/test/publisher/uid/5`)).json()
    assert.equal(native.verifyToken(rtcToken, DEMO_APP_CERTIFICATE, { channelName: 'test', uid: 5 }), true)
  } finally {
    child.kill('SIGTERM')
    assert.equal(await exitOf(child), 0)
  }
  assert.ok(!out().includes(DEMO_APP_CERTIFICATE) && !err().includes(DEMO_APP_CERTIFICATE))

  const free = await new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port
      srv.close(() => resolve(p))
    })
  })
  const both = await spawnServer({ APP_ID, APP_CERTIFICATE, SERVER_PORT: String(free), PORT: '1' })
  assert.equal(both.port, free)
  both.child.kill('SIGINT')
  assert.equal(await exitOf(both.child), 0)

  for (const extra of [{ APP_ID }, { APP_ID, APP_CERTIFICATE: 'not-hex-and-secret' }, { APP_ID, APP_CERTIFICATE, PORT: 'http' }, { APP_ID, APP_CERTIFICATE, RATE_LIMIT: '-1' }, { APP_ID, APP_CERTIFICATE, METRICS: 'maybe' }]) {
    const child2 = spawn(process.execPath, [ENTRY], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
    let e = ''
    child2.stderr.on('data', (d) => (e += d))
    assert.equal(await exitOf(child2), 1, JSON.stringify(extra))
    assert.match(e, /APP_ID|APP_CERTIFICATE|appCertificate|PORT|RATE_LIMIT|METRICS/)
    assert.ok(!e.includes('not-hex-and-secret'), e)
  }
})

test('npm start reads a .env file (Node >= 20.12) without overriding the environment', { skip: typeof process.loadEnvFile !== 'function' && 'no process.loadEnvFile in this Node' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envfile-'))
  fs.writeFileSync(path.join(dir, '.env'), `APP_ID=${APP_ID}\nAPP_CERTIFICATE=${APP_CERTIFICATE}\nMETRICS=true\nPORT=1\n`)
  const { child, port, err } = await spawnServer({ PORT: '0' }, dir)
  try {
    assert.ok(!/WARNING/.test(err()))
    const { rtcToken } = await (await fetch(`http://127.0.0.1:${port}/rtc/test/publisher/uid/5`)).json()
    assert.equal(native.verifyToken(rtcToken, APP_CERTIFICATE), true)
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200)
  } finally {
    child.kill('SIGTERM')
    await exitOf(child)
    fs.rmSync(dir, { recursive: true })
  }
})

test('graceful shutdown: SIGTERM finishes the request in flight, refuses new connections, exits 0', async () => {
  const { child, port } = await spawnServer({ APP_ID, APP_CERTIFICATE })
  const token = native.RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'c', 1, 1, 600, 600)
  const body = JSON.stringify({ token })
  const sock = net.connect(port, '127.0.0.1')
  await new Promise((resolve) => sock.once('connect', resolve))
  let answer = ''
  sock.on('data', (d) => (answer += d))
  const closed = new Promise((resolve) => sock.once('close', resolve))
  sock.write(`POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`)
  await new Promise((r) => setTimeout(r, 200))
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 300))
  await assert.rejects(fetch(`http://127.0.0.1:${port}/ping`), 'no new connection once stopping')
  sock.write(body.slice(10))
  await closed
  assert.match(answer, /^HTTP\/1\.1 200 /)
  assert.match(answer, /connection: close/i)
  assert.match(answer, /"valid":true/)
  assert.equal(await exitOf(child), 0)
})

test('WORKERS=2: two processes share the port; SIGTERM stops them all', async () => {
  const { child, port, out } = await spawnServer({ APP_ID, APP_CERTIFICATE, WORKERS: '2' })
  try {
    const pids = () => new Set([...out().matchAll(/"pid":(\d+)/g)].map((m) => m[1]))
    for (let waited = 0; pids().size < 2 && waited < 10000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    assert.equal(pids().size, 2, out())
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/rtm/bob`)
      assert.equal(r.status, 200)
      assert.ok(native.verifyToken((await r.json()).rtmToken, APP_CERTIFICATE))
    }
  } finally {
    child.kill('SIGTERM')
    assert.equal(await exitOf(child), 0)
  }
})
