'use strict'
// The token service (server/app.js) over real HTTP on 127.0.0.1: every route, its answers
// decoded and verified, every bad input a 4xx naming the field, and the requests documented
// by agora-token-service replayed with the same JSON keys and status codes.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const zlib = require('node:zlib')
const crypto = require('node:crypto')
const native = require('..')
const { decodeToken, verifyToken, RtcTokenBuilder } = native
const { APP_ID, APP_CERTIFICATE, OTHER_CERTIFICATE, start, ok, decode007, checkRtc, checkRtm, PUBLISHER, SUBSCRIBER } = require('./server-helpers.js')

let s
before(async () => {
  s = await start()
})
after(() => s.close())

/** Whether the library accepts the wildcard channel `*` (the server leaves that rule to it). */
function libraryAcceptsWildcard() {
  try {
    const t = new native.AccessToken2(APP_ID, APP_CERTIFICATE, 0, 60)
    t.add_service(new native.ServiceRtc('*', 'u'))
    t.build()
    return true
  } catch (e) {
    assert.equal(e.code, 'ERR_OUT_OF_RANGE')
    return false
  }
}

test('GET /ping, /healthz, /readyz', async () => {
  assert.deepEqual((await s.get('/ping')).body, { message: 'pong' })
  const h = await s.get('/healthz')
  assert.equal(h.status, 200)
  assert.deepEqual(h.body, { status: 'ok', version: require('../package.json').version })
  assert.deepEqual((await s.get('/readyz')).body, { status: 'ready' })
})

test('GET /rtc: uid and userAccount, roles and the audience alias, trailing slash, empty uid, expiry', async () => {
  const cases = [
    { p: '/rtc/test/publisher/uid/1234', channel: 'test', uid: '1234', privileges: PUBLISHER(3600), expire: 3600 },
    { p: '/rtc/test/publisher/uid/1234/', channel: 'test', uid: '1234', privileges: PUBLISHER(3600), expire: 3600 },
    { p: '/rtc/test/subscriber/uid/1234', channel: 'test', uid: '1234', privileges: SUBSCRIBER(3600), expire: 3600 },
    { p: '/rtc/test/audience/uid/7/?expiry=60', channel: 'test', uid: '7', privileges: SUBSCRIBER(60), expire: 60 },
    { p: '/rtc/room/publisher/uid/0', channel: 'room', uid: '', privileges: PUBLISHER(3600), expire: 3600 },
    { p: '/rtc/room/publisher/uid//', channel: 'room', uid: '', privileges: PUBLISHER(3600), expire: 3600 },
    { p: '/rtc/room/publisher/uid/4294967295?expiry=60', channel: 'room', uid: '4294967295', privileges: PUBLISHER(60), expire: 60 },
    { p: '/rtc/room/subscriber/userAccount/alice?expiry=86400', channel: 'room', uid: 'alice', privileges: SUBSCRIBER(86400), expire: 86400 },
    { p: '/rtc/room/publisher/userAccount/1234', channel: 'room', uid: '1234', privileges: PUBLISHER(3600), expire: 3600 },
  ]
  const special = 'a b!#$%&()+-:;<=.>?@[]^_{|}~,Z09'.padEnd(64, 'x')
  cases.push({ p: `/rtc/${encodeURIComponent(special)}/publisher/userAccount/${encodeURIComponent('jo é/中')}?expiry=1`, channel: special, uid: 'jo é/中', privileges: PUBLISHER(1), expire: 1 })
  for (const c of cases) {
    const body = ok(await s.get(c.p))
    assert.deepEqual(Object.keys(body), ['rtcToken'], c.p)
    checkRtc(body.rtcToken, c)
  }
})

test('GET /rtm/:rtmuid/', async () => {
  checkRtm(ok(await s.get('/rtm/bob')).rtmToken, { userId: 'bob', expire: 3600 })
  checkRtm(ok(await s.get('/rtm/1234/?expiry=120')).rtmToken, { userId: '1234', expire: 120 })
  checkRtm(ok(await s.get(`/rtm/${encodeURIComponent('a b/c')}`)).rtmToken, { userId: 'a b/c', expire: 3600 })
})

test('GET /rte: RTC and RTM tokens, the RTM user defaulting to the RTC uid, the channel as stream channel', async () => {
  let body = ok(await s.get('/rte/test/publisher/uid/42/?expiry=900'))
  assert.deepEqual(Object.keys(body), ['rtcToken', 'rtmToken'])
  checkRtc(body.rtcToken, { channel: 'test', uid: '42', privileges: PUBLISHER(900), expire: 900 })
  checkRtm(body.rtmToken, { userId: '42', expire: 900, stream: 'test' })
  body = ok(await s.get('/rte/test/subscriber/userAccount/carol/carol-rtm/'))
  checkRtc(body.rtcToken, { channel: 'test', uid: 'carol', privileges: SUBSCRIBER(3600), expire: 3600 })
  checkRtm(body.rtmToken, { userId: 'carol-rtm', expire: 3600, stream: 'test' })
  body = ok(await s.get('/rte/test/publisher/uid/0/dora'))
  checkRtc(body.rtcToken, { channel: 'test', uid: '', privileges: PUBLISHER(3600), expire: 3600 })
  checkRtm(body.rtmToken, { userId: 'dora', expire: 3600, stream: 'test' })
  const bad = await s.get('/rte/test/publisher/uid/0/')
  assert.equal(bad.status, 400)
  assert.match(bad.body.error, /^rtmuid must be given/)
})

test('GET /chat/app/, /chat/account/:chatid/ and /chat/user/:chatid', async () => {
  const app = ok(await s.get('/chat/app/?expiry=300'))
  assert.deepEqual(Object.keys(app), ['chatToken'])
  assert.deepEqual(decode007(app.chatToken, 300).services, [{ type: 5, name: 'chat', privileges: { 2: 300 }, userId: '' }])
  for (const p of ['/chat/account/dave/', '/chat/user/dave']) {
    const user = ok(await s.get(p))
    assert.deepEqual(decode007(user.chatToken, 3600).services, [{ type: 5, name: 'chat', privileges: { 1: 3600 }, userId: 'dave' }], p)
  }
})

test('POST /getToken: rtc, rtm (with stream channel), chat; upstream defaults', async () => {
  let t = ok(await s.post('/getToken', { tokenType: 'rtc', channel: 'test', role: 'publisher', uid: '1234', expire: 600 }))
  assert.deepEqual(Object.keys(t), ['token'])
  checkRtc(t.token, { channel: 'test', uid: '1234', privileges: PUBLISHER(600), expire: 600 })
  // A uid that is not all digits is a user account; no role is subscriber; no expire is 3600.
  t = ok(await s.post('/getToken', { tokenType: 'rtc', channel: 'test', uid: 'user123' }))
  checkRtc(t.token, { channel: 'test', uid: 'user123', privileges: SUBSCRIBER(3600), expire: 3600 })
  t = ok(await s.post('/getToken', { tokenType: 'rtc', channel: 'test', uid: 99, role: 'audience', expire: 0 }))
  checkRtc(t.token, { channel: 'test', uid: '99', privileges: SUBSCRIBER(3600), expire: 3600 })
  checkRtm(ok(await s.post('/getToken', { tokenType: 'rtm', uid: 'bob' })).token, { userId: 'bob', expire: 3600 })
  checkRtm(ok(await s.post('/getToken', { tokenType: 'rtm', uid: 'bob', channel: 'test', expire: 120 })).token, { userId: 'bob', expire: 120, stream: 'test' })
  const app = ok(await s.post('/getToken', { tokenType: 'chat' }))
  assert.deepEqual(decode007(app.token, 3600).services, [{ type: 5, name: 'chat', privileges: { 2: 3600 }, userId: '' }])
  const user = ok(await s.post('/getToken', { tokenType: 'chat', uid: 'eve', expire: 60 }))
  assert.deepEqual(decode007(user.token, 60).services, [{ type: 5, name: 'chat', privileges: { 1: 60 }, userId: 'eve' }])
  // Sent without a JSON Content-Type (fetch with a string body): read as JSON, as upstream does.
  ok(await s.post('/getToken', JSON.stringify({ tokenType: 'chat' }), { 'content-type': 'text/plain' }))
})

test('POST /getToken: the wildcard stream channel "*" is left to the library', async () => {
  const res = await s.post('/getToken', { tokenType: 'rtm', uid: 'bob', channel: '*' })
  if (libraryAcceptsWildcard()) {
    checkRtm(ok(res).token, { userId: 'bob', expire: 3600, stream: '*' })
  } else {
    assert.equal(res.status, 400)
    assert.match(res.body.error, /^channel\b/, 'the error names the body field `channel`')
  }
})

test('POST /verify: decoded only for a token that verifies', async () => {
  const token = ok(await s.get('/rtc/test/publisher/uid/1234')).rtcToken
  let res = await s.post('/verify', { token })
  assert.deepEqual(ok(res), { valid: true, decoded: decodeToken(token) })
  assert.equal((await s.post('/verify', { token, channelName: 'test', uid: 1234 })).body.valid, true)
  assert.equal((await s.post('/verify', { token, channelName: 'test', uid: '1234' })).body.valid, true)
  assert.deepEqual((await s.post('/verify', { token, channelName: 'other' })).body, { valid: false })
  assert.deepEqual((await s.post('/verify', { token, uid: 99 })).body, { valid: false })
  const foreign = RtcTokenBuilder.buildTokenWithUid(APP_ID, OTHER_CERTIFICATE, 'test', 1234, 1, 3600, 3600)
  res = await s.post('/verify', { token: foreign })
  assert.equal(res.status, 200)
  assert.deepEqual(res.body, { valid: false })
  const { RtcTokenBuilder: Legacy } = require('../legacy.js')
  const t006 = Legacy.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'test', 7, 1, Math.floor(Date.now() / 1000) + 600)
  assert.equal((await s.post('/verify', { token: t006 })).status, 400)
  assert.equal((await s.post('/verify', { token: t006, channelName: 'test', uid: 7 })).body.valid, true)
  // A good signature on an expired token: valid false, expired true, nothing decoded.
  const zero = RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'test', 1234, 1, 0, 0)
  assert.deepEqual((await s.post('/verify', { token: zero })).body, { valid: false, expired: true })
})

test('POST /verify: a small token that inflates to thousands of services gets a small answer', async () => {
  const u16 = (v) => Buffer.from([v & 255, v >> 8])
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b }
  const str = (b) => Buffer.concat([u16(b.length), b])
  const n = 16000
  const services = Buffer.concat(Array.from({ length: n }, () => Buffer.concat([u16(4), u16(0)])))
  const info = Buffer.concat([str(Buffer.from(APP_ID)), u32(Math.floor(Date.now() / 1000)), u32(600), u32(1), u16(n), services])
  const hmac = (key, msg) => crypto.createHmac('sha256', key).update(msg).digest()
  for (const cert of [APP_CERTIFICATE, OTHER_CERTIFICATE]) {
    const key = hmac(info.subarray(42, 46), hmac(info.subarray(34, 38), Buffer.from(cert)))
    const token = '007' + zlib.deflateSync(Buffer.concat([str(hmac(key, info)), info])).toString('base64')
    assert.ok(token.length < 1000, `the token is ${token.length} characters`)
    const res = await s.post('/verify', { token })
    assert.ok(res.text.length < 1024, `answer of ${res.text.length} bytes`)
    assert.ok(res.status === 200 || res.status === 400, res.text)
    if (cert === OTHER_CERTIFICATE && res.status === 200) assert.deepEqual(res.body, { valid: false })
  }
})

test('POST /diagnose: the package diagnoseToken, or 501 when this build has none', async () => {
  const token = ok(await s.get('/rtc/test/publisher/uid/1234')).rtcToken
  const res = await s.post('/diagnose', { token, channelName: 'test', uid: 1234 })
  if (typeof native.diagnoseToken === 'function') {
    assert.equal(res.status, 200, res.text)
  } else {
    assert.equal(res.status, 501)
    assert.deepEqual(res.body, { error: 'diagnose is not available in this build' })
  }
  assert.ok(!res.text.includes(APP_CERTIFICATE))
  const big = await s.post('/diagnose', { token: 'x'.repeat(20000) })
  assert.equal(big.status, 413)
})

test('bad input is 400 { error } naming the field, never a 5xx', async () => {
  const cases = [
    ['/rtc/test/admin/uid/1', /^role must be one of publisher, subscriber, audience/],
    ['/rtc/test/PUBLISHER/uid/1', /^role/],
    ['/rtc/test/publisher/account/1', /^tokenType must be one of uid, userAccount/],
    ['/rtc/test/publisher/uid/abc', /^rtcuid must be a decimal integer from 0 to 4294967295/],
    ['/rtc/test/publisher/uid/-1', /^rtcuid/],
    ['/rtc/test/publisher/uid/1.5', /^rtcuid/],
    ['/rtc/test/publisher/uid/01', /^rtcuid/],
    ['/rtc/test/publisher/uid/4294967296', /^rtcuid/],
    [`/rtc/test/publisher/userAccount/${'x'.repeat(256)}`, /^rtcuid must be at most 255 bytes/],
    [`/rtc/test/publisher/userAccount/${encodeURIComponent('é'.repeat(128))}`, /^rtcuid must be at most 255 bytes/],
    [`/rtc/${'c'.repeat(65)}/publisher/uid/1`, /^channelName must be 1 to 64 characters/],
    [`/rtc/${encodeURIComponent('café')}/publisher/uid/1`, /^channelName/],
    [`/rtc/${encodeURIComponent('a/b')}/publisher/uid/1`, /^channelName/],
    [`/rtc/${encodeURIComponent('a"b')}/publisher/uid/1`, /^channelName/],
    ['/rtc/%E0%A4%A/publisher/uid/1', /percent-encoding/],
    ['/rtc/test/publisher/uid/1?expiry=abc', /^expiry must be a whole number of seconds from 1 to 86400/],
    ['/rtc/test/publisher/uid/1?expiry=0', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=-5', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=1.5', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=86401', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=99999999999999', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=', /^expiry/],
    ['/rtc/test/publisher/uid/1?expiry=60&expiry=70', /^expiry must be given once/],
    ['/rte/test/host/uid/1', /^role/],
    ['/rte/test/publisher/uid/x', /^rtcuid/],
    [`/rtm/${'u'.repeat(256)}`, /^rtmuid must be at most 255 bytes/],
    ['/rtm/a%00b', /^rtmuid must not contain control characters/],
    ['/rtm//', /^rtmuid must be a non-empty string/],
    ['/rtm/%ED%A0%80', /percent-encoding/],
    ['/rtm/bob?expiry=forever', /^expiry/],
    [`/chat/account/${'u'.repeat(256)}`, /^chatid must be at most 255 bytes/],
    ['/chat/app?expiry=100000', /^expiry/],
  ]
  for (const [p, message] of cases) {
    const res = await s.get(p)
    assert.equal(res.status, 400, p)
    assert.deepEqual(Object.keys(res.body), ['error'], p)
    assert.match(res.body.error, message, p)
  }
  const token = ok(await s.get('/rtm/bob')).rtmToken
  const posts = [
    ['/getToken', {}, /^tokenType must be one of rtc, rtm, chat/],
    ['/getToken', { tokenType: 'video' }, /^tokenType/],
    ['/getToken', { tokenType: 'rtc', uid: '1' }, /^channel must be a non-empty string/],
    ['/getToken', { tokenType: 'rtc', channel: 'c' }, /^uid must be given/],
    ['/getToken', { tokenType: 'rtc', channel: 'c', uid: '1', role: 'admin' }, /^role/],
    ['/getToken', { tokenType: 'rtc', channel: 'caf\u00e9', uid: 1 }, /^channel\b/],
    ['/getToken', { tokenType: 'rtc', channel: 'c', uid: '99999999999' }, /^uid must be a decimal integer/],
    ['/getToken', { tokenType: 'rtc', channel: 'c', uid: 1, expire: -1 }, /^expire must be/],
    ['/getToken', { tokenType: 'rtc', channel: 'c', uid: 1, expire: '60' }, /^expire must be/, 200],
    ['/getToken', { tokenType: 'rtm' }, /^uid must be a non-empty string/],
    ['/getToken', { tokenType: 'rtm', uid: 'u', channel: 5 }, /^channel must be a non-empty string/],
    ['/getToken', { tokenType: 'chat', uid: {} }, /^uid must be a non-empty string/],
    ['/getToken', '{"tokenType": "rtc"', /^the request body is not valid JSON/],
    ['/getToken', '[1]', /^the body must be a JSON object/],
    ['/verify', { token: '007eJxTYF' }, /invalid token/],
    ['/verify', { token: 'hello' }, /invalid token/],
    ['/verify', { token: token.slice(0, 40) }, /invalid token/],
    ['/verify', {}, /^token must be a non-empty string/],
    ['/verify', { token: 42 }, /^token must be a non-empty string/],
    ['/verify', { token: 'x'.repeat(5000) }, /^token must be at most 4096 characters/],
    ['/verify', { token, channelName: 5 }, /^channelName must be a string/],
    ['/verify', { token, uid: true }, /^uid must be a number or a string/],
    ['/verify', 'null', /^the body must be a JSON object/],
  ]
  for (const [p, body, message, status = 400] of posts) {
    const res = await s.post(p, body)
    assert.equal(res.status, status, `${p} ${JSON.stringify(body)}: ${res.text}`)
    if (status === 400) assert.match(res.body.error, message, JSON.stringify(body))
  }
  const huge = await s.post('/getToken', JSON.stringify({ tokenType: 'rtc', channel: 'x'.repeat(20000) }))
  assert.equal(huge.status, 413)
  assert.match(huge.body.error, /at most 16384 bytes/)
})

test('unknown routes and methods are 404 JSON; GET / serves the inspector page', async () => {
  const page = await s.get('/')
  assert.equal(page.status, 200)
  assert.match(page.text, /<title>[^<]*[Ii]nspector/)
  for (const p of ['/rtc/test/publisher/uid', '/rtc/test/publisher/uid/1/extra', '/chat', '/verify', '/metrics']) {
    const res = await s.get(p)
    assert.equal(res.status, 404, p)
    assert.match(res.body.error, /no route/)
  }
  assert.equal((await s.post('/ping', {})).status, 404)
})

test("agora-token-service's documented requests get the same keys and status codes", async () => {
  // From its README: the POST /getToken bodies, and the GET routes with their trailing slashes.
  const posts = [
    { tokenType: 'rtc', channel: 'my-video-channel', role: 'publisher', uid: 'user123', expire: 3600 },
    { tokenType: 'rtc', channel: 'your-channel-name', role: 'subscriber', uid: '2882341273' },
    { tokenType: 'rtm', uid: 'your-uid', channel: 'test', expire: 3600 },
    { tokenType: 'rtm', uid: 'your-uid' },
    { tokenType: 'chat', uid: 'your-uid', expire: 3600 },
    { tokenType: 'chat' },
  ]
  for (const body of posts) {
    const res = await s.post('/getToken', body)
    assert.equal(res.status, 200, JSON.stringify(body))
    assert.deepEqual(Object.keys(res.body), ['token'])
    assert.ok(verifyToken(res.body.token, APP_CERTIFICATE))
  }
  const gets = [
    ['/ping', ['message']],
    ['/rtc/test/publisher/uid/1234/?expiry=3600', ['rtcToken']],
    ['/rtc/test/subscriber/userAccount/alice/?expiry=3600', ['rtcToken']],
    ['/rtc/test/publisher/uid//', ['rtcToken']],
    ['/rtm/alice/?expiry=3600', ['rtmToken']],
    ['/rte/test/publisher/uid/1234/?expiry=3600', ['rtcToken', 'rtmToken']],
    ['/rte/test/publisher/uid/1234/alice/?expiry=3600', ['rtcToken', 'rtmToken']],
    ['/chat/app/?expiry=3600', ['chatToken']],
    ['/chat/account/alice/?expiry=3600', ['chatToken']],
  ]
  for (const [p, keys] of gets) {
    const res = await s.get(p)
    assert.equal(res.status, 200, p)
    assert.deepEqual(Object.keys(res.body), keys, p)
  }
  // Upstream's 400s: an unknown tokenType, a missing rtc channel or uid, an expiry that is not a number.
  for (const [body, p] of [[{ tokenType: 'x' }], [{ tokenType: 'rtc', uid: '1' }], [{ tokenType: 'rtc', channel: 'c' }], [undefined, '/rtc/test/publisher/uid/1/?expiry=soon']]) {
    const res = body ? await s.post('/getToken', body) : await s.get(p)
    assert.equal(res.status, 400)
  }
})
