'use strict'
// The Express token server (examples/express/server.js) over real HTTP: every route, every
// error, and every served token decoded and verified.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const path = require('node:path')
const { decodeToken, verifyToken, RtcTokenBuilder } = require('..')
const { createApp, DEMO_APP_CERTIFICATE } = require('../examples/express/server.js')

const APP_ID = '970ca35de60c44645bbae8a215061b33'
const APP_CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b'
const OTHER_CERTIFICATE = 'a'.repeat(32)

let server
let base
const logLines = []

before(async () => {
  const app = createApp({ appId: APP_ID, appCertificate: APP_CERTIFICATE, log: (line) => logLines.push(line) })
  server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve(s)))
  })
  base = `http://127.0.0.1:${server.address().port}`
})

after(() => new Promise((resolve) => server.close(resolve)))

async function get(p) {
  const res = await fetch(base + p)
  return { status: res.status, headers: res.headers, body: await res.json() }
}

async function post(p, body, contentType = 'application/json') {
  const res = await fetch(base + p, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, body: await res.json() }
}

/** Asserts a 200 with Cache-Control: no-store and returns the body. */
function ok(res) {
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.equal(res.headers.get('cache-control'), 'no-store')
  assert.match(res.headers.get('content-type'), /^application\/json/)
  return res.body
}

const PUBLISHER_PRIVILEGES = (e) => ({ 1: e, 2: e, 3: e, 4: e })
const SUBSCRIBER_PRIVILEGES = (e) => ({ 1: e })

/** Decodes a 007 token and checks the fields common to every served token. */
function decode007(token, expire) {
  assert.equal(typeof token, 'string')
  const d = decodeToken(token)
  assert.equal(d.version, '007')
  assert.equal(d.appId, APP_ID)
  assert.equal(d.expire, expire)
  assert.ok(Math.abs(d.issueTs - Date.now() / 1000) < 60, `issueTs ${d.issueTs} is now`)
  assert.equal(verifyToken(token, APP_CERTIFICATE), true)
  assert.equal(verifyToken(token, OTHER_CERTIFICATE), false)
  return d
}

function checkRtc(token, { channel, uid, privileges, expire }) {
  const d = decode007(token, expire)
  assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges, channelName: channel, uid }])
  assert.equal(verifyToken(token, APP_CERTIFICATE, { channelName: channel, uid: uid === '' ? 0 : uid }), true)
  assert.equal(verifyToken(token, APP_CERTIFICATE, { channelName: channel + 'x' }), false)
}

function checkRtm(token, { userId, expire }) {
  const d = decode007(token, expire)
  assert.deepEqual(d.services, [{ type: 2, name: 'rtm', privileges: { 1: expire }, userId }])
}

test('GET /ping', async () => {
  const res = await get('/ping')
  assert.equal(res.status, 200)
  assert.deepEqual(res.body, { message: 'pong' })
})

test('GET /rtc: uid and userAccount, both roles, default and chosen expiry', async () => {
  const cases = [
    { p: '/rtc/test/publisher/uid/1234', channel: 'test', uid: '1234', privileges: PUBLISHER_PRIVILEGES(3600), expire: 3600 },
    { p: '/rtc/test/subscriber/uid/1234', channel: 'test', uid: '1234', privileges: SUBSCRIBER_PRIVILEGES(3600), expire: 3600 },
    { p: '/rtc/room/publisher/uid/0', channel: 'room', uid: '', privileges: PUBLISHER_PRIVILEGES(3600), expire: 3600 },
    { p: '/rtc/room/publisher/uid/4294967295?expiry=60', channel: 'room', uid: '4294967295', privileges: PUBLISHER_PRIVILEGES(60), expire: 60 },
    { p: '/rtc/room/subscriber/userAccount/alice?expiry=86400', channel: 'room', uid: 'alice', privileges: SUBSCRIBER_PRIVILEGES(86400), expire: 86400 },
    { p: '/rtc/room/publisher/userAccount/1234', channel: 'room', uid: '1234', privileges: PUBLISHER_PRIVILEGES(3600), expire: 3600 },
  ]
  // Every character Agora allows in a channel name, 64 of them.
  const special = 'a b!#$%&()+-:;<=.>?@[]^_{|}~,Z09'.padEnd(64, 'x')
  cases.push({
    p: `/rtc/${encodeURIComponent(special)}/publisher/userAccount/${encodeURIComponent('jo é/中')}?expiry=1`,
    channel: special,
    uid: 'jo é/中',
    privileges: PUBLISHER_PRIVILEGES(1),
    expire: 1,
  })
  for (const c of cases) {
    const body = ok(await get(c.p))
    assert.deepEqual(Object.keys(body), ['rtcToken'], c.p)
    checkRtc(body.rtcToken, c)
  }
})

test('GET /rtm/:uid', async () => {
  checkRtm(ok(await get('/rtm/bob')).rtmToken, { userId: 'bob', expire: 3600 })
  checkRtm(ok(await get('/rtm/1234?expiry=120')).rtmToken, { userId: '1234', expire: 120 })
  checkRtm(ok(await get(`/rtm/${encodeURIComponent('a b/c')}`)).rtmToken, { userId: 'a b/c', expire: 3600 })
})

test('GET /rte: an RTC and an RTM token for the same user', async () => {
  const body = ok(await get('/rte/test/publisher/uid/42?expiry=900'))
  assert.deepEqual(Object.keys(body).sort(), ['rtcToken', 'rtmToken'])
  checkRtc(body.rtcToken, { channel: 'test', uid: '42', privileges: PUBLISHER_PRIVILEGES(900), expire: 900 })
  checkRtm(body.rtmToken, { userId: '42', expire: 900 })
  const sub = ok(await get('/rte/test/subscriber/userAccount/carol'))
  checkRtc(sub.rtcToken, { channel: 'test', uid: 'carol', privileges: SUBSCRIBER_PRIVILEGES(3600), expire: 3600 })
  checkRtm(sub.rtmToken, { userId: 'carol', expire: 3600 })
})

test('GET /chat/user/:uid and /chat/app', async () => {
  const user = ok(await get('/chat/user/dave?expiry=300'))
  assert.deepEqual(Object.keys(user), ['chatToken'])
  assert.deepEqual(decode007(user.chatToken, 300).services, [{ type: 5, name: 'chat', privileges: { 1: 300 }, userId: 'dave' }])
  const app = ok(await get('/chat/app'))
  assert.deepEqual(decode007(app.chatToken, 3600).services, [{ type: 5, name: 'chat', privileges: { 2: 3600 }, userId: '' }])
})

test('POST /verify', async () => {
  const token = ok(await get('/rtc/test/publisher/uid/1234')).rtcToken
  let res = await post('/verify', { token })
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  assert.equal(res.body.valid, true)
  assert.deepEqual(res.body.decoded, decodeToken(token))
  assert.ok(!JSON.stringify(res.body).includes(APP_CERTIFICATE))

  assert.equal((await post('/verify', { token, channelName: 'test', uid: 1234 })).body.valid, true)
  assert.equal((await post('/verify', { token, channelName: 'test', uid: '1234' })).body.valid, true)
  assert.equal((await post('/verify', { token, channelName: 'other' })).body.valid, false)
  assert.equal((await post('/verify', { token, uid: 99 })).body.valid, false)

  // Signed with another certificate: decodes, but is not valid here.
  const foreign = RtcTokenBuilder.buildTokenWithUid(APP_ID, OTHER_CERTIFICATE, 'test', 1234, 1, 3600, 3600)
  res = await post('/verify', { token: foreign })
  assert.equal(res.status, 200)
  assert.equal(res.body.valid, false)
  assert.equal(res.body.decoded.services[0].uid, '1234')
})

test('POST /verify: bad bodies are 400 with a message', async () => {
  const token = ok(await get('/rtm/bob')).rtmToken
  const cases = [
    [{ token: '007eJxTYF' }, /invalid token/],
    [{ token: 'hello' }, /invalid token/],
    [{ token: token.slice(0, 40) }, /invalid token/],
    [{}, /token must be a non-empty string/],
    [{ token: '' }, /token must be a non-empty string/],
    [{ token: 42 }, /token must be a non-empty string/],
    [{ token, channelName: 5 }, /channelName must be a string/],
    [{ token, uid: true }, /uid must be a number or a string/],
    [{ token, uid: -1 }, /uid/],
    [[token], /body must be a JSON object/],
    ['{"token": "007', /not valid JSON/],
    ['null', /not valid JSON|body must be a JSON object/],
  ]
  for (const [body, message] of cases) {
    const res = await post('/verify', body)
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.match(res.body.error, message, JSON.stringify(body))
  }
  // Not sent as JSON.
  const res = await post('/verify', JSON.stringify({ token }), 'text/plain')
  assert.equal(res.status, 400)
  assert.match(res.body.error, /Content-Type: application\/json/)
  // A 006 token needs the channel and uid its signature covers.
  const { RtcTokenBuilder: Legacy } = require('../legacy.js')
  const t006 = Legacy.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'test', 7, 1, Math.floor(Date.now() / 1000) + 600)
  const r006 = await post('/verify', { token: t006 })
  assert.equal(r006.status, 400)
  assert.match(r006.body.error, /channelName|uid/)
  const v006 = await post('/verify', { token: t006, channelName: 'test', uid: 7 })
  assert.equal(v006.status, 200)
  assert.equal(v006.body.valid, true)
})

test('bad requests are 400 with { error } naming the problem', async () => {
  const cases = [
    ['/rtc/test/admin/uid/1', /role must be one of publisher, subscriber/],
    ['/rtc/test/PUBLISHER/uid/1', /role/],
    ['/rtc/test/publisher/account/1', /tokentype must be one of uid, userAccount/],
    ['/rtc/test/publisher/uid/abc', /uid must be a decimal integer from 0 to 4294967295/],
    ['/rtc/test/publisher/uid/-1', /uid must be a decimal integer/],
    ['/rtc/test/publisher/uid/1.5', /uid must be a decimal integer/],
    ['/rtc/test/publisher/uid/01', /uid must be a decimal integer/],
    ['/rtc/test/publisher/uid/4294967296', /uid must be a decimal integer/],
    ['/rtc/test/publisher/uid/99999999999', /uid must be a decimal integer/],
    [`/rtc/test/publisher/userAccount/${'x'.repeat(256)}`, /uid must be at most 255 bytes/],
    [`/rtc/test/publisher/userAccount/${encodeURIComponent('é'.repeat(128))}`, /uid must be at most 255 bytes/],
    [`/rtc/${'c'.repeat(65)}/publisher/uid/1`, /channel must be 1 to 64 characters/],
    [`/rtc/${encodeURIComponent('café')}/publisher/uid/1`, /channel must be/],
    [`/rtc/${encodeURIComponent('a/b')}/publisher/uid/1`, /channel must be/],
    [`/rtc/${encodeURIComponent('a"b')}/publisher/uid/1`, /channel must be/],
    ['/rtc/%E0%A4%A/publisher/uid/1', /percent-encoding/],
    ['/rtc/test/publisher/uid/1?expiry=abc', /expiry must be a whole number of seconds from 1 to 86400/],
    ['/rtc/test/publisher/uid/1?expiry=0', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=-5', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=1.5', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=86401', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=99999999999999', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=', /expiry/],
    ['/rtc/test/publisher/uid/1?expiry=60&expiry=70', /expiry/],
    ['/rte/test/host/uid/1', /role/],
    ['/rte/test/publisher/uid/x', /uid must be a decimal integer/],
    ['/rte/test/publisher/uid/1?expiry=1e3', /expiry/],
    [`/rtm/${'u'.repeat(256)}`, /uid must be at most 255 bytes/],
    ['/rtm/a%00b', /uid must not contain control characters/],
    ['/rtm/%ED%A0%80', /percent-encoding/],
    ['/rtc/test/publisher/userAccount/a%0Ab', /uid must not contain control characters/],
    ['/rte/test/publisher/userAccount/%7F', /control characters/],
    ['/rtm/bob?expiry=forever', /expiry/],
    [`/chat/user/${'u'.repeat(256)}`, /uid must be at most 255 bytes/],
    ['/chat/user/bob?expiry=0', /expiry/],
    ['/chat/app?expiry=100000', /expiry/],
  ]
  for (const [p, message] of cases) {
    const res = await get(p)
    assert.equal(res.status, 400, p)
    assert.deepEqual(Object.keys(res.body), ['error'], p)
    assert.match(res.body.error, message, p)
  }
})

test('unknown routes are 404 JSON', async () => {
  for (const p of ['/', '/rtc/test/publisher/uid', '/rtc/test/publisher/uid/1/extra', '/chat', '/verify']) {
    const res = await get(p)
    assert.equal(res.status, 404, p)
    assert.match(res.body.error, /no route/)
  }
  const res = await post('/ping', {})
  assert.equal(res.status, 404)
})

test('the library errors map to 400 even past the route checks', async () => {
  // A tokenLibrary whose builder throws like agora-token-native does on bad input.
  const throwing = {
    RtcTokenBuilder: {
      buildTokenWithUid() {
        throw Object.assign(new RangeError('channelName is wrong'), { code: 'ERR_OUT_OF_RANGE' })
      },
    },
  }
  const app = createApp({ appId: APP_ID, appCertificate: APP_CERTIFICATE, log: false, tokenLibrary: throwing })
  const s = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv))
  })
  try {
    const res = await fetch(`http://127.0.0.1:${s.address().port}/rtc/test/publisher/uid/1`)
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: 'channelName is wrong' })
  } finally {
    await new Promise((resolve) => s.close(resolve))
  }
})

test('agora-token plugged in as tokenLibrary serves the same tokens', async () => {
  const app = createApp({ appId: APP_ID, appCertificate: APP_CERTIFICATE, log: false, tokenLibrary: require('agora-token') })
  const s = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv))
  })
  try {
    const res = await fetch(`http://127.0.0.1:${s.address().port}/rtc/test/publisher/uid/1234`)
    const { rtcToken } = await res.json()
    checkRtc(rtcToken, { channel: 'test', uid: '1234', privileges: PUBLISHER_PRIVILEGES(3600), expire: 3600 })
  } finally {
    await new Promise((resolve) => s.close(resolve))
  }
})

test('createApp refuses bad credentials', () => {
  assert.throws(() => createApp({ appId: 'x', appCertificate: APP_CERTIFICATE }), { name: 'TypeError', message: /appId/ })
  assert.throws(() => createApp({ appId: APP_ID, appCertificate: 'secret' }), (e) => {
    assert.equal(e.name, 'TypeError')
    assert.match(e.message, /appCertificate/)
    assert.ok(!e.message.includes('secret'))
    return true
  })
  assert.throws(() => createApp(), TypeError)
})

test('the access log has one line per request, without tokens or the certificate', () => {
  assert.ok(logLines.length > 50)
  for (const line of logLines) {
    assert.match(line, /^(GET|POST) \/\S* \d{3} \d+\.\dms$/, line)
    assert.ok(!line.includes('007eJ'), line)
    assert.ok(!line.includes(APP_CERTIFICATE), line)
  }
  assert.ok(logLines.some((l) => /^GET \/rtc\/test\/publisher\/uid\/1234 200 /.test(l)))
  assert.ok(logLines.some((l) => /^POST \/verify 200 /.test(l)))
  assert.ok(logLines.some((l) => /^POST \/verify 400 /.test(l)))
  assert.ok(logLines.some((l) => /^GET \/rtc\/test\/publisher\/uid\/1 400 /.test(l)), 'the query string is left out')
})

test('main(): demo credentials with a warning, PORT and HOST from the environment', async () => {
  const server = path.join(__dirname, '..', 'examples', 'express', 'server.js')
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1' }
  delete env.APP_ID
  delete env.APP_CERTIFICATE
  const child = spawn(process.execPath, [server], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  try {
    const port = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out)
        if (m) resolve(Number(m[1]))
      })
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
    })
    assert.match(err, /WARNING: APP_ID and APP_CERTIFICATE are not set.*Agora will refuse/)
    const res = await fetch(`http://127.0.0.1:${port}/rtc/test/publisher/uid/5`)
    const { rtcToken } = await res.json()
    assert.equal(verifyToken(rtcToken, DEMO_APP_CERTIFICATE, { channelName: 'test', uid: 5 }), true)
    assert.ok(!out.includes(DEMO_APP_CERTIFICATE) && !err.includes(DEMO_APP_CERTIFICATE))
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
})

test('main(): one of APP_ID / APP_CERTIFICATE alone, or a bad one, is refused at start', async () => {
  const server = path.join(__dirname, '..', 'examples', 'express', 'server.js')
  for (const extra of [{ APP_ID }, { APP_ID, APP_CERTIFICATE: 'not-hex-and-secret' }, { APP_ID, APP_CERTIFICATE, PORT: 'http' }]) {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...extra }
    if (!('APP_CERTIFICATE' in extra)) delete env.APP_CERTIFICATE
    const child = spawn(process.execPath, [server], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    assert.equal(code, 1, JSON.stringify(extra))
    assert.ok(err.length > 0)
    assert.ok(!err.includes('not-hex-and-secret'), err)
  }
})
