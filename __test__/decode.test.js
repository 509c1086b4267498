'use strict'
// decodeToken and verifyToken on our tokens and agora-token's.
const test = require('node:test')
const assert = require('node:assert/strict')
const ours = require('..')
const ref = require('agora-token')
const { prng, refParse } = require('./helpers')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const other = 'ffffffffffffffffffffffffffffffff'

test('decodeToken gives exactly what the builders were asked for (ours and the reference)', () => {
  const r = prng(7)
  for (let i = 0; i < 300; i++) {
    const lib = i % 2 ? ours : ref
    const channel = r.channel()
    const uid = r.uid()
    const role = r.pick([1, 2])
    const expire = r.int(1, 86400)
    const priv = r.int(0, 86400)
    const before = Math.floor(Date.now() / 1000)
    const token = lib.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, role, expire, priv)
    const d = ours.decodeToken(token)
    assert.equal(d.version, '007')
    assert.equal(d.appId, appId)
    assert.equal(d.expire, expire)
    assert.ok(d.issueTs >= before && d.issueTs <= before + 1)
    assert.ok(d.salt >= 1 && d.salt <= 99999999)
    const privileges = role === 1 ? { 1: priv, 2: priv, 3: priv, 4: priv } : { 1: priv }
    assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges, channelName: channel, uid: uid === 0 ? '' : String(uid) }])
    assert.equal(ours.verifyToken(token, cert), true)
    assert.equal(ours.verifyToken(token, other), false)
    assert.equal(ours.verifyToken(token, cert, { channelName: channel, uid }), true)
    assert.equal(ours.verifyToken(token, cert, { channelName: channel }), true)
    assert.equal(ours.verifyToken(token, cert, { uid }), true)
    assert.equal(ours.verifyToken(token, cert, { channelName: channel + 'x', uid }), false)
    assert.equal(ours.verifyToken(token, cert, { uid: uid === 1 ? 2 : 1 }), false)
  }
})

test('decodeToken names every service and its fields', () => {
  const p = new ours.Rtm2Permissions()
  p.add(ours.Rtm2Permissions.kUsers, ours.Rtm2Permissions.kWrite, ['bob'])
  const cases = [
    [ours.RtmTokenBuilder.buildToken(appId, cert, 'alice', 60), [{ type: 2, name: 'rtm', privileges: { 1: 60 }, userId: 'alice' }]],
    [ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', p, 60), [{ type: 8, name: 'rtm2', privileges: { 1: 60 }, userId: 'alice', permissions: { 4: { 1: ['bob'] } } }]],
    [ours.ChatTokenBuilder.buildAppToken(appId, cert, 60), [{ type: 5, name: 'chat', privileges: { 2: 60 }, userId: '' }]],
    [ours.FpaTokenBuilder.buildToken(appId, cert), [{ type: 4, name: 'fpa', privileges: { 1: 0 } }]],
    [ours.ApaasTokenBuilder.buildUserToken(appId, cert, 'u', 60), [{ type: 7, name: 'apaas', privileges: { 2: 60 }, roomUuid: '', userUuid: 'u', role: -1 }]],
    [ours.ConvoAITokenBuilder.buildToken(appId, cert, 'c', 5, 2, 60, 1, 2, 3, 4, 'agent', 70), [
      { type: 1, name: 'rtc', privileges: { 1: 1 }, channelName: 'c', uid: '5' },
      { type: 2, name: 'rtm', privileges: { 1: 70 }, userId: 'agent' },
      { type: 9, name: 'convoai', privileges: {} },
    ]],
    [ours.SttTokenBuilder.buildToken(appId, cert, 'c', 'acc', 1, 60, 1, 2, 3, 4, 'agent', 70), [
      { type: 1, name: 'rtc', privileges: { 1: 1, 2: 2, 3: 3, 4: 4 }, channelName: 'c', uid: 'acc' },
      { type: 2, name: 'rtm', privileges: { 1: 70 }, userId: 'agent' },
      { type: 10, name: 'stt', privileges: {} },
    ]],
  ]
  for (const [token, services] of cases) {
    assert.deepEqual(ours.decodeToken(token).services, services)
    assert.equal(ours.verifyToken(token, cert), true)
  }
  const room = ours.decodeToken(ours.EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room', 'user', 2, 60))
  assert.deepEqual(room.services.map((s) => s.name), ['rtm', 'chat', 'apaas'])
  assert.equal(room.services[2].role, 2)
  const streaming = new ours.AccessToken2(appId, cert, 0, 60)
  streaming.addService(new ours.ServiceFCdn('ch', 9))
  assert.deepEqual(ours.decodeToken(streaming.build()).services, [{ type: 6, name: 'fcdn', privileges: {}, channelName: 'ch', account: '9' }])
})

test('malformed tokens throw an Error that says what is wrong', () => {
  const good = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'c', 1, 1, 60)
  const cases = [
    ['', /not a 007 token/],
    ['006abc', /only 3 hexadecimal characters/], ['008abc', /not a 007 token/],
    ['007', /nothing after/],
    ['007***', /base64/],
    ['007eJ xyz', /space/],
    [good.slice(0, 40), /base64|zlib|truncated/],
    ['007' + Buffer.from('hello').toString('base64'), /zlib/],
  ]
  for (const [token, message] of cases) {
    assert.throws(() => ours.decodeToken(token), (e) => e instanceof Error && e.code === 'ERR_INVALID_TOKEN' && message.test(e.message), token)
    assert.throws(() => ours.verifyToken(token, cert), (e) => e.code === 'ERR_INVALID_TOKEN')
  }
  assert.throws(() => ours.decodeToken(42), TypeError)
  assert.throws(() => ours.verifyToken(good, undefined), { name: 'TypeError', message: /appCertificate/ })
  assert.throws(() => ours.verifyToken(good, cert, 'ch'), { name: 'TypeError', message: /expected/ })
  assert.throws(() => ours.verifyToken(good, cert, { uid: -1 }), { name: 'RangeError', message: /expected\.uid/ })
})

test('a token with one flipped signature bit verifies false, not an exception', () => {
  const zlib = require('node:zlib')
  const good = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'c', 1, 1, 60)
  const raw = zlib.inflateSync(Buffer.from(good.slice(3), 'base64'))
  for (const byte of [2, 17, 33]) {
    const bad = Buffer.from(raw)
    bad[byte] ^= 1
    const token = '007' + zlib.deflateSync(bad).toString('base64')
    assert.equal(ours.verifyToken(token, cert), false)
    assert.doesNotThrow(() => ours.decodeToken(token))
  }
})

test('decodeToken keeps every string exactly, whatever characters it holds, in plain objects', () => {
  const zlib = require('node:zlib')
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b }
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b }
  const bytes = (s) => { const b = Buffer.from(s); return Buffer.concat([u16(b.length), b]) }
  const odd = ['"quoted" \\back\\slash', 'nul\u0000 unit\u001f del\u007f', 'line\u2028sep\u2029', 'é中😀', '{"a":1}', '']
  for (const name of odd) {
    // An unsigned token (decodeToken does not check signatures) with the string in every
    // string field: rtc channel and uid, rtm2 user id and resource names.
    const rtc = Buffer.concat([u16(1), u16(1), u16(1), u32(60), bytes(name), bytes(name + 'u')])
    const rtm2 = Buffer.concat([u16(8), u16(0), bytes(name), u16(1), u16(0), u16(1), u16(0), u16(2), bytes(name), bytes(name + '2')])
    const payload = Buffer.concat([bytes(Buffer.alloc(32, 7)), bytes(name), u32(1700000000), u32(600), u32(1), u16(2), rtc, rtm2])
    const d = ours.decodeToken('007' + zlib.deflateSync(payload).toString('base64'))
    assert.equal(Object.getPrototypeOf(d), Object.prototype)
    assert.deepEqual(Object.keys(d), ['version', 'appId', 'issueTs', 'expire', 'salt', 'services'])
    assert.equal(d.appId, name)
    assert.deepEqual(d.services[0], { type: 1, name: 'rtc', privileges: { 1: 60 }, channelName: name, uid: name + 'u' })
    assert.deepEqual(Object.keys(d.services[0]), ['type', 'name', 'privileges', 'channelName', 'uid'])
    assert.deepEqual(d.services[1], { type: 8, name: 'rtm2', privileges: {}, userId: name, permissions: { 0: { 0: [name, name + '2'] } } })
    assert.ok(Array.isArray(d.services[1].permissions[0][0]))
  }
})

const { AccessToken2, ServiceRtc } = require('agora-token/src/AccessToken2')

test('decodeToken writes every privilege number and expire as agora-token reads them (digit counts 1 to 10, runs of one expire)', () => {
  const rand = prng(19).next
  const values = [0, 9, 10, 99, 100, 999999, 1000000, 99999999, 100000000, 999999999, 1000000000, 4294967295]
  for (let round = 0; round < 40; round++) {
    const t = new AccessToken2(appId, cert, 1700000000, 600)
    const s = new ServiceRtc('room', 7)
    const n = 1 + Math.floor(rand() * 300)
    for (let i = 0; i < n; i++) {
      const key = [0, 9, 10, 99, 100, 9999, 10000, 65535][i] ?? Math.floor(rand() * 65536)
      // Runs of one value, as real tokens have, broken by others.
      const value = rand() < 0.7 && i > 0 ? values[round % values.length] : values[Math.floor(rand() * values.length)]
      s.add_privilege(key, value)
    }
    t.add_service(s)
    const token = t.build()
    const parsed = refParse(token)
    const expected = Object.fromEntries(Object.entries(parsed.services[0].__privileges).map(([k, v]) => [k, Number(v)]))
    assert.deepEqual(ours.decodeToken(token).services[0].privileges, expected)
  }
})

// verifyToken, verifyLegacyKey and diagnoseToken read `expected` through one reader
// (src/args.rs): the same errors, naming the same parameters, for the same mistakes.
test('expected: one reader for verifyToken, verifyLegacyKey and diagnoseToken', () => {
  const { DynamicKey2, verifyLegacyKey } = require('../legacy.js')
  const id = '970ca35de60c44645bbae8a215061b33'
  const certificate = '5cfd2fd1755d40ecb72977518be15d3b'
  const token = ours.RtcTokenBuilder.buildTokenWithUid(id, certificate, 'room', 7, 1, 600)
  const key = DynamicKey2.generate(id, certificate, 'room', 1700000000, 12345, 7, 0)
  const calls = {
    verifyToken: (e) => ours.verifyToken(token, certificate, e),
    verifyLegacyKey: (e) => verifyLegacyKey(key, certificate, e),
    diagnoseToken: (e) => ours.diagnoseToken(token, e),
  }
  const throwing = (name) => Object.defineProperty({}, name, { get: () => { throw new Error('a getter that throws') }, enumerable: true })
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(() => call('room'), { name: 'TypeError', message: /^expected must be an object/ }, name)
    assert.throws(() => call(42), { name: 'TypeError', message: /^expected must be an object/ }, name)
    assert.throws(() => call({ channelName: 5 }), { name: 'TypeError', message: /^expected\.channelName must be a string/ }, name)
    assert.throws(() => call({ uid: {} }), { name: 'TypeError', message: /^expected\.uid must be a number or a string/ }, name)
    // A getter that throws: its own error, as when JavaScript reads the property.
    assert.throws(() => call(throwing('channelName')), { message: 'a getter that throws' }, name)
    assert.throws(() => call(throwing('uid')), { message: 'a getter that throws' }, name)
    // null and undefined fields are absent ones (a DynamicKey2's signature covers its channel).
    if (name === 'verifyLegacyKey') {
      assert.throws(() => call({ channelName: null, uid: 7 }), { name: 'TypeError', message: /^expected\.channelName is required/ })
    } else {
      const absent = call({ channelName: null, uid: undefined })
      assert.ok(absent === true || absent.ok === true, `${name}: ${JSON.stringify(absent)}`)
    }
    const right = call({ channelName: 'room', uid: '7' })
    assert.ok(right === true || right.ok === true, name)
    const wrong = call({ channelName: 'other', uid: 7 })
    assert.ok(wrong === false || wrong.ok === false, name)
  }
})
