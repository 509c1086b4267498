'use strict'
// The idioms real apps use with agora-token and agora-access-token, each against the real
// package: agora-token's parsed-object fields (`__channel_name` ...) and `Service` base class,
// the legacy AccessToken's live fields and parse idiom, the 1.x aliases, wildcard channels and
// numeric strings in the legacy builders, RTM roles, an empty DynamicKey5 channel, and the
// 007 expiry warnings.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const util = require('node:util')
const ours = require('..')
const legacy = require('../legacy.js')
const ref2 = require('agora-token/src/AccessToken2')
const refAT = require('agora-access-token/src/AccessToken')
const refDK5 = require('agora-access-token/src/DynamicKey5')
const ref006 = require('agora-access-token')
const { prng, payload, withSaltAndTime } = require('./helpers')

const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const now = () => Math.floor(Date.now() / 1000)

/** A 007 token with one of every service, built by agora-token. */
function everyService(lib) {
  const t = new lib.AccessToken2(APP_ID, CERT, 1700000000, 3600)
  t.salt = 12345
  const add = (s, ...privileges) => {
    for (const p of privileges) s.add_privilege(p, 600)
    t.add_service(s)
  }
  add(new lib.ServiceRtc('*', 42), 1, 2)
  add(new lib.ServiceRtm('alice'), 1)
  add(new lib.ServiceStreaming('1*a*2', 'bob'), 1, 2)
  add(new lib.ServiceFpa(), 1)
  add(new lib.ServiceChat('carol'), 1)
  add(new lib.ServiceFCdn('room', 7), 2)
  add(new lib.ServiceApaas('room-uuid', 'user-uuid', 2), 1)
  const p = new lib.Rtm2Permissions()
  p.add(lib.Rtm2Permissions.kStreamChannels, lib.Rtm2Permissions.kRead, ['*'])
  p.add(lib.Rtm2Permissions.kUsers, lib.Rtm2Permissions.kWrite, ['dave', 'erin'])
  add(new lib.ServiceRtm2('dave', p), 1)
  add(new lib.ServiceConvoAI())
  add(new lib.ServiceStt())
  return t.build()
}

/**
 * Every `__` field (and `service_type()`) of a service, as plain data. agora-token's parser
 * leaves its string fields as Buffers, ours are strings: apps read them with `.toString()` or
 * a template string, which give the same text for both, so that is how they are compared.
 */
const text = (v) => (Buffer.isBuffer(v) ? v.toString() : v)
function fields(s) {
  const out = { type: s.service_type() }
  for (const k of ['__type', '__privileges', '__channel_name', '__uid', '__account', '__user_id', '__room_uuid', '__user_uuid', '__role']) {
    if (s[k] !== undefined) out[k] = typeof s[k] === 'object' && !Buffer.isBuffer(s[k]) ? JSON.parse(JSON.stringify(s[k])) : `${s[k]}`
  }
  if (s.__permissions !== undefined) out.__permissions = JSON.parse(JSON.stringify(s.__permissions.details))
  return out
}

test("a parsed 007 token has agora-token's fields: appId, issueTs, expire, salt, services[i].__channel_name, __uid, __privileges ...", () => {
  const token = everyService(ref2)
  const a = new ref2.AccessToken2('', '', 0, 0)
  const b = new ours.AccessToken2('', '', 0, 0)
  assert.equal(a.from_string(token), true)
  assert.equal(b.from_string(token), true)
  for (const k of ['appId', 'issueTs', 'expire', 'salt', '__parsed']) assert.equal(b[k], text(a[k]), k)
  assert.equal(typeof b.appId, 'string')
  assert.deepEqual(Buffer.from(b.__signature), a.__signature)
  assert.deepEqual(Buffer.from(b.__signing_info), a.__signing_info)
  assert.equal(b.services.length, a.services.length)
  for (let i = 0; i < a.services.length; i++) {
    assert.deepEqual(fields(b.services[i]), fields(a.services[i]), `service ${i}`)
    // Every field agora-token has, we have (and no value differs, as checked above).
    for (const k of Object.keys(a.services[i])) assert.notEqual(b.services[i][k], undefined, `services[${i}].${k}`)
  }
  for (const k of Object.keys(a)) assert.ok(k in b, `AccessToken2.${k}`)
  // Read-only: assigning a reference field throws (strict mode) instead of being lost.
  assert.throws(() => { b.services[0].__channel_name = 'x' }, TypeError)
  assert.throws(() => { b.services[0].__privileges = {} }, TypeError)
  // Built services have them too, before any token exists.
  const rtc = new ours.ServiceRtc('room', 0)
  rtc.addPrivilege(ours.ServiceRtc.kPrivilegeJoinChannel, 60)
  assert.deepEqual(fields(rtc), fields((() => { const s = new ref2.ServiceRtc('room', 0); s.add_privilege(1, 60); return s })()))
})

test('Service: every service is an instance of it, and new Service(type) with privileges packs like agora-token', () => {
  for (const name of ['ServiceRtc', 'ServiceRtm', 'ServiceStreaming', 'ServiceFpa', 'ServiceChat', 'ServiceFCdn', 'ServiceApaas', 'ServiceRtm2', 'ServiceConvoAI', 'ServiceStt']) {
    const s = name === 'ServiceRtc' ? new ours[name]('c', 1) : new ours[name]()
    assert.ok(s instanceof ours.Service, name)
    assert.ok(s instanceof ours[name], name)
  }
  assert.ok(new ours.Service(4) instanceof ours.Service)
  for (const type of [ours.kFpaServiceType, ours.kConvoAIServiceType, ours.kSttServiceType]) {
    const build = (lib) => {
      const t = new lib.AccessToken2(APP_ID, CERT, 1700000000, 600)
      t.salt = 99
      const s = new lib.Service(type)
      s.add_privilege(1, 600)
      s.add_privilege(7, 0)
      t.add_service(s)
      const rtc = new lib.ServiceRtc('room', 5)
      rtc.add_privilege(1, 0)
      t.add_service(rtc)
      return t.build()
    }
    assert.equal(payload(build(ours)), payload(build(ref2)), `type ${type}`)
    const s = new ours.Service(type)
    s.addPrivilege(1, 5)
    assert.deepEqual([s.service_type(), s.__type, s.__privileges], [type, type, { 1: 5 }])
  }
  // A bare Service of a type with fields: agora-token packs a service cut short that no
  // decoder reads (its own from_string fails on it); here addService throws.
  const cut = new ref2.AccessToken2(APP_ID, CERT, 1700000000, 600)
  cut.add_service(new ref2.Service(ref2.kRtcServiceType))
  assert.equal(new ref2.AccessToken2().from_string(cut.build()), false)
  const t = new ours.AccessToken2(APP_ID, CERT, 0, 600)
  assert.throws(() => t.addService(new ours.Service(ours.kRtcServiceType)), { name: 'RangeError', message: /^service is a bare Service of type 1 \(rtc\).*ServiceRtc/ })
  assert.throws(() => t.addService(new ours.Service(11)), { name: 'RangeError', message: /^service is a bare Service of type 11, which is not a 007 service type/ })
})

test('legacy AccessToken: live fields, the parse idiom and messages[k] = ts, byte for byte with agora-access-token', () => {
  const r = prng(0x13)
  for (let i = 0; i < 200; i++) {
    const channel = r.pick(['*', '1*a*2', r.channel(), ''])
    const uid = r.pick([0, r.uid(), r.account(), String(r.uid())])
    const make = (lib) => {
      const t = new lib.AccessToken(APP_ID, CERT, channel, uid)
      t.salt = 777 + i
      t.ts = 1900000000 + i
      return t
    }
    const a = make(refAT)
    const b = make(legacy)
    for (const k of ['appID', 'appCertificate', 'channelName', 'uid', 'salt', 'ts']) assert.deepEqual(b[k], a[k], k)
    const exp = r.pick([1900000000, '1900000000', 0, '0', 4294967295])
    for (const t of [a, b]) {
      t.messages[refAT.priviledges.kJoinChannel] = exp
      t.addPriviledge(refAT.priviledges.kPublishAudioStream, exp)
    }
    if (r.bool()) for (const t of [a, b]) t.messages = { ...t.messages, 1000: 5 }
    if (r.bool()) for (const t of [a, b]) { t.appID = APP_ID.toLowerCase(); t.channelName = 'renamed'; t.uid = 'z' }
    assert.equal(b.build(), a.build(), `input ${i}`)
    // The parse idiom, both spellings of an empty object.
    for (const blank of [['', '', '', ''], ['', '', 0, 0]]) {
      const p = new legacy.AccessToken(...blank)
      const q = new refAT.AccessToken(...blank)
      assert.equal(p.fromString(a.build()), true)
      q.fromString(a.build())
      assert.deepEqual([p.salt, p.ts, p.messages], [q.salt, q.ts, q.messages])
    }
  }
  // An empty App ID is refused when building, not when constructing.
  assert.throws(() => new legacy.AccessToken('', CERT, 'c', 0).build(), { name: 'TypeError', message: /^appId must be a 32-character hexadecimal App ID, got an empty string/ })
  // The certificate never shows.
  const t = new legacy.AccessToken(APP_ID, CERT, 'c', 0)
  for (const view of [util.inspect(t), util.inspect(t, { showHidden: true, getters: true }), JSON.stringify(t), Object.keys(t).join()]) {
    assert.ok(!view.includes(CERT), view)
  }
  assert.equal(t.appCertificate, CERT)
})

test("legacy exports: agora-access-token/src/AccessToken's names and the 1.x aliases", () => {
  assert.equal(legacy.version, refAT.version)
  assert.deepEqual({ ...legacy.priviledges }, refAT.priviledges)
  assert.equal(legacy.priviledges, legacy.Privileges)
  // agora-access-token 1.x: `const { Token, Priviledges } = AccessToken`.
  const { Token, Priviledges } = legacy.AccessToken
  assert.equal(Token, legacy.AccessToken)
  assert.deepEqual({ ...Priviledges }, refAT.priviledges)
  assert.equal(legacy.Token, legacy.AccessToken)
  const k = new Token(APP_ID, CERT, 'room', 42)
  const r = new refAT.AccessToken(APP_ID, CERT, 'room', 42)
  for (const x of [k, r]) {
    x.salt = 1
    x.ts = 1900000000
    x.addPriviledge(Priviledges.kJoinChannel, 1900000000)
  }
  assert.equal(k.build(), r.build())
})

test('legacy builders: wildcard channels, numeric strings and RTM roles 0-101, byte for byte with agora-access-token', () => {
  const r = prng(0x006013)
  /** Reads salt and ts out of our token and rebuilds it with the reference. */
  const same = (token, channel, uid, messages) => {
    const p = new refAT.AccessToken('', '', '', '')
    assert.equal(p.fromString(token), true)
    const q = new refAT.AccessToken(APP_ID, CERT, channel, uid)
    q.salt = p.salt
    q.ts = p.ts
    q.messages = messages
    assert.equal(token, q.build())
    return p
  }
  for (let i = 0; i < 200; i++) {
    const channel = r.pick(['*', '1*a*2', '*room', r.channel()])
    const uid = r.pick([0, r.uid()])
    const role = r.pick([0, 1, 2, 101, '0', '1', '2', '101'])
    const exp = r.pick([now() + 3600, String(now() + 3600), 0, '0'])
    const token = legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, channel, uid, role, exp)
    // The reference's own builder, with our salt and ts.
    // Our token is the reference's for the privileges the reference's builder grants for these
    // (string) arguments, with our salt and ts.
    const q = new refAT.AccessToken('', '', '', '')
    q.fromString(ref006.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, channel, uid, role, exp))
    same(token, channel, uid, q.messages)
  }
  // RTM: the role is ignored, whatever it is (the reference ignores it).
  for (let role = 0; role <= 101; role++) {
    for (const given of [role, String(role)]) {
      const token = legacy.RtmTokenBuilder.buildToken(APP_ID, CERT, 'alice', given, 1900000000)
      same(token, 'alice', '', { [refAT.priviledges.kRtmLogin]: 1900000000 })
    }
  }
  for (const odd of [undefined, null, 'publisher', ref006.RtcRole.SUBSCRIBER, {}, -1, 1.5]) {
    same(legacy.RtmTokenBuilder.buildToken(APP_ID, CERT, 'alice', odd, '1900000000'), 'alice', '', { 1000: 1900000000 })
  }
})

test('DynamicKey5 with an empty channel (and wildcards, and numeric strings) is byte-identical to agora-access-token', () => {
  for (const channel of ['', '*', '1*a*2']) {
    for (const fn of ['generatePublicSharingKey', 'generateRecordingKey', 'generateMediaChannelKey']) {
      assert.equal(legacy.DynamicKey5[fn](APP_ID, CERT, channel, 1446455472, 58964981, 2882341273, 1446455471), refDK5[fn](APP_ID, CERT, channel, 1446455472, 58964981, 2882341273, 1446455471), `${fn} ${JSON.stringify(channel)}`)
    }
    assert.equal(
      legacy.DynamicKey5.generateInChannelPermissionKey(APP_ID, CERT, channel, '1446455472', '58964981', '2882341273', '1446455471', '3'),
      refDK5.generateInChannelPermissionKey(APP_ID, CERT, channel, '1446455472', '58964981', '2882341273', '1446455471', '3'),
    )
  }
})

test('007 expiry warnings: a Unix timestamp or more than 24 hours builds, and warns once per process with a stable code', () => {
  const script = `
    const m = require(${JSON.stringify(path.join(__dirname, '..'))})
    const seen = []
    process.on('warning', (w) => seen.push([w.name, w.code, w.message]))
    const a = '${APP_ID}', c = '${CERT}'
    const tokens = []
    for (let i = 0; i < 3; i++) tokens.push(m.RtcTokenBuilder.buildTokenWithUid(a, c, 'room', 1, 1, 1700000000))
    for (let i = 0; i < 3; i++) tokens.push(m.RtmTokenBuilder.buildToken(a, c, 'u', 172800))
    tokens.push(m.RtcTokenBuilder.buildTokenWithUid(a, c, 'room', 1, 1, 86400))
    tokens.push(m.RtcTokenBuilder.buildTokenWithUid(a, c, 'room', 1, 1, 0))
    setImmediate(() => console.log(JSON.stringify({ seen, ok: tokens.every((t) => t.startsWith('007')), expire: m.decodeToken(tokens[0]).expire })))
  `
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  assert.equal(out.ok, true)
  assert.equal(out.expire, 1700000000, 'the token is still built as asked')
  assert.equal(out.seen.length, 2, JSON.stringify(out.seen))
  const [ts, long] = out.seen
  assert.deepEqual([ts[0], ts[1]], ['AgoraTokenWarning', 'AGORA_TOKEN_EXPIRE_TIMESTAMP'])
  assert.match(ts[2], /^tokenExpire is 1700000000, which looks like a Unix timestamp, but 007 expiries are seconds from now: this token is valid for 53 years\. Pass seconds from now/)
  assert.deepEqual([long[0], long[1]], ['AgoraTokenWarning', 'AGORA_TOKEN_EXPIRE_OVER_24H'])
  assert.match(long[2], /^expire is 172800 seconds \(48\.0 hours\), above the 24 hours/)
  // Same salt and time: the token is the one agora-token builds (the warning changes nothing).
  const t = ours.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'room', 1, 1, 1700000000)
  const p = new ref2.AccessToken2()
  p.from_string(t)
  const expected = withSaltAndTime(p.salt, p.issueTs, () => require('agora-token').RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'room', 1, 1, 1700000000))
  assert.equal(payload(t), payload(expected))
})

test('AccessToken2 and the service classes take numbers as decimal strings, as agora-token does', () => {
  const build = (lib) => {
    const t = new lib.AccessToken2(APP_ID, CERT, '1700000000', '600')
    t.salt = '4242'
    const rtc = new lib.ServiceRtc('*', 42)
    rtc.add_privilege('1', '600')
    rtc.add_privilege(ours.ServiceRtc.kPrivilegePublishAudioStream, '0')
    t.add_service(rtc)
    const apaas = new lib.ServiceApaas('room', 'user', '2')
    apaas.add_privilege(1, '3600')
    t.add_service(apaas)
    const p = new lib.Rtm2Permissions()
    p.add('1', '0', ['*'])
    t.add_service(new lib.ServiceRtm2('u', p))
    return t.build()
  }
  assert.equal(payload(build(ours)), payload(build(ref2)))
  const t = new ours.AccessToken2(APP_ID, CERT, 0, 0)
  t.expire = '3600'
  t.issueTs = '1700000000'
  assert.deepEqual([t.expire, t.issueTs], [3600, 1700000000])
  assert.throws(() => { t.expire = '36.5' }, { name: 'TypeError', message: /^expire must be a number or a string of decimal digits/ })
})
