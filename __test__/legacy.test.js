'use strict'
// agora-token-native/legacy against agora-access-token@2.0.4 on seeded random inputs:
// the low-level 006 token and DynamicKey5 byte for byte, the builders through the
// reference's parser, decode/verify round trips, roles and bad input.
const test = require('node:test')
const assert = require('node:assert/strict')
const legacy = require('../legacy.js')
const { prng } = require('./helpers')
const refAT = require('agora-access-token/src/AccessToken')
const refDK5 = require('agora-access-token/src/DynamicKey5')
const ref = require('agora-access-token')

const N = 500
const U32 = 4294967295
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const ALL_PRIVILEGES = Object.values(refAT.priviledges)

/** The reference's 006 token with a chosen salt and ts. */
function refBuild(appId, cert, channel, uid, salt, ts, privileges) {
  const t = new refAT.AccessToken(appId, cert, channel, uid)
  t.salt = salt
  t.ts = ts
  for (const [k, v] of Object.entries(privileges)) t.addPriviledge(Number(k), v)
  return t.build()
}

/** The reference's reading of a 006 token. */
function refParse(token) {
  const t = new refAT.AccessToken('', '', '', '')
  assert.equal(t.fromString(token), true, 'the reference could not parse the token')
  return t
}

const now = () => Math.floor(Date.now() / 1000)
/** A 006 expiry the builders accept: 0, the smallest timestamp, or any later one. */
const expiry = (r) => r.pick([0, 31536000, U32, r.int(31536000, U32), now() + r.int(1, 86400)])

test('the Privileges, roles and constants equal the reference', () => {
  assert.deepEqual({ ...legacy.Privileges }, refAT.priviledges)
  assert.deepEqual({ ...legacy.RtcRole }, ref.RtcRole)
  assert.deepEqual({ ...legacy.RtmRole }, ref.RtmRole)
  assert.equal(legacy.DynamicKey5.version, refDK5.version)
  assert.equal(legacy.DynamicKey5.noUpload, refDK5.noUpload)
  assert.equal(legacy.DynamicKey5.audioVideoUpload, refDK5.audioVideoUpload)
  assert.ok(Object.isFrozen(legacy.RtcRole) && Object.isFrozen(legacy.Privileges))
})

test(`AccessToken with fixed salt and ts is byte-identical to the reference (${N} random inputs)`, () => {
  const r = prng(0x006006)
  const seen = new Set()
  for (let i = 0; i < N; i++) {
    const appId = r.hex32()
    const cert = r.hex32()
    const channel = r.channel()
    const uid = r.pick([0, U32, r.uid(), r.uid(), r.account(), String(r.uid())])
    const salt = r.u32()
    const ts = r.u32()
    const privileges = {}
    const n = r.int(0, ALL_PRIVILEGES.length)
    for (let j = 0; j < n; j++) privileges[r.pick(ALL_PRIVILEGES)] = r.u32()
    if (i < ALL_PRIVILEGES.length) privileges[ALL_PRIVILEGES[i]] = r.u32()
    for (const p of Object.keys(privileges)) seen.add(Number(p))

    const ours = new legacy.AccessToken(appId, cert, channel, uid)
    ours.salt = salt
    ours.ts = ts
    for (const [k, v] of Object.entries(privileges)) (r.bool() ? ours.addPrivilege : ours.addPriviledge).call(ours, Number(k), v)
    const token = ours.build()
    assert.equal(token, refBuild(appId, cert, channel, uid, salt, ts, privileges), `input ${i}`)
    assert.equal(ours.salt, salt)
    assert.equal(ours.ts, ts)
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), ALL_PRIVILEGES)
})

test('the reference test vectors', () => {
  const t = new legacy.AccessToken(APP_ID, CERT, '7d72365eb983485397e3e3f9d460bdda', 2882341273)
  t.salt = 1
  t.ts = 1111111
  t.addPrivilege(legacy.Privileges.kJoinChannel, 1446455471)
  assert.equal(t.build(), '006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW')
  const z = new legacy.AccessToken(APP_ID, CERT, '7d72365eb983485397e3e3f9d460bdda', 0)
  z.salt = 1
  z.ts = 1111111
  z.addPriviledge(1, 1446455471)
  assert.equal(z.build(), '006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW')
})

test(`RtcTokenBuilder equals the reference's, up to salt and ts (${N} random inputs)`, () => {
  const r = prng(0x7c006)
  for (let i = 0; i < N; i++) {
    const appId = r.hex32()
    const cert = r.hex32()
    const channel = r.channel()
    const withUid = r.bool()
    const uid = withUid ? r.pick([0, U32, r.uid()]) : r.pick([r.account(), r.uid()])
    const role = r.pick([0, 1, 2, 101])
    const exp = expiry(r)
    const before = now()
    const token = withUid
      ? legacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, role, exp)
      : legacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, uid, role, exp)
    const refToken = withUid
      ? ref.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, role, exp)
      : ref.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, uid, role, exp)
    const o = refParse(token)
    const x = refParse(refToken)
    assert.deepEqual(o.messages, x.messages, `input ${i}`)
    assert.ok(o.ts >= before + 86400 && o.ts <= now() + 86400, `ts ${o.ts}`)
    assert.ok(o.salt >= 1 && o.salt <= U32)
    assert.equal(o.crc_channel_name, x.crc_channel_name)
    assert.equal(o.crc_uid, x.crc_uid)
    // Signed as the reference signs: rebuild with its code, our salt and ts.
    assert.equal(token, refBuild(appId, cert, channel, uid, o.salt, o.ts, o.messages), `input ${i}`)
  }
})

test(`RtmTokenBuilder equals the reference's, up to salt and ts (${N} random inputs)`, () => {
  const r = prng(0x7e006)
  for (let i = 0; i < N; i++) {
    const appId = r.hex32()
    const cert = r.hex32()
    let account = r.account()
    if (account === '') account = 'u'
    const exp = expiry(r)
    const token = legacy.RtmTokenBuilder.buildToken(appId, cert, account, r.pick([1, undefined]), exp)
    const o = refParse(token)
    assert.deepEqual(o.messages, refParse(ref.RtmTokenBuilder.buildToken(appId, cert, account, 1, exp)).messages)
    assert.deepEqual(o.messages, { 1000: exp })
    assert.equal(token, refBuild(appId, cert, account, '', o.salt, o.ts, o.messages), `input ${i}`)
    assert.equal(legacy.verifyToken(token, cert, { channelName: account, uid: 0 }), true)
  }
})

test('each token gets a fresh salt (the reference reuses one per process)', () => {
  const salts = new Set()
  for (let i = 0; i < 200; i++) {
    const t = legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'c', 1, 1, 0)
    salts.add(legacy.decodeToken(t).salt)
    salts.add(new legacy.AccessToken(APP_ID, CERT, 'c', 1).salt)
  }
  assert.ok(salts.size >= 398, `${salts.size} distinct salts`)
  assert.ok(!salts.has(0))
  const ts = new legacy.AccessToken(APP_ID, CERT, 'c', 1).ts
  assert.ok(Math.abs(ts - (now() + 86400)) <= 2)
})

test('roles: attendee, publisher and admin publish; subscriber only joins', () => {
  const exp = now() + 3600
  for (const [role, privileges] of [
    [legacy.RtcRole.ATTENDEE, [1, 2, 3, 4]],
    [legacy.RtcRole.PUBLISHER, [1, 2, 3, 4]],
    [legacy.RtcRole.SUBSCRIBER, [1]],
    [legacy.RtcRole.ADMIN, [1, 2, 3, 4]],
  ]) {
    const d = legacy.decodeToken(legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 7, role, exp))
    assert.deepEqual(Object.keys(d.privileges).map(Number), privileges, `role ${role}`)
    assert.ok(Object.values(d.privileges).every((v) => v === exp))
  }
  for (const bad of [3, -1, 1.5, NaN, 100]) {
    assert.throws(() => legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 7, bad, exp), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /^role must be RtcRole\.ATTENDEE \(0\)/ })
  }
  // A role as a decimal string is the role, as the reference's `==` makes it; anything else is refused.
  const privilegesOf = (role) => Object.keys(legacy.decodeToken(legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 7, role, exp)).privileges).map(Number)
  for (const role of [0, 1, 2, 101]) assert.deepEqual(privilegesOf(String(role)), privilegesOf(role), `role '${role}'`)
  assert.throws(() => legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 7, '1.0', exp), { name: 'TypeError', message: /^role must be a number or a string of decimal digits/ })
})

test(`DynamicKey5 is byte-identical to the reference (${N} random inputs)`, () => {
  const r = prng(0x005005)
  const kinds = ['generatePublicSharingKey', 'generateRecordingKey', 'generateMediaChannelKey', 'generateInChannelPermissionKey']
  for (let i = 0; i < N; i++) {
    const kind = kinds[i % 4]
    const a = [r.hex32(), r.hex32(), r.channel(), r.u32(), r.u32(), r.uid(), r.u32()]
    if (kind === 'generateInChannelPermissionKey') a.push(r.pick([legacy.DynamicKey5.noUpload, legacy.DynamicKey5.audioVideoUpload]))
    const key = legacy.DynamicKey5[kind](...a)
    assert.equal(key, refDK5[kind](...a), `${kind} input ${i}`)
    const d = legacy.decodeToken(key)
    assert.equal(d.version, '005')
    assert.equal(d.serviceType, [3, 2, 1, 4][i % 4])
    assert.equal(d.appId, a[0].toLowerCase())
    assert.deepEqual([d.unixTs, d.salt, d.expiredTs], [a[3], a[4], a[6]])
    assert.deepEqual(d.extra, a[7] === undefined ? {} : { 1: a[7] })
    assert.equal(legacy.verifyToken(key, a[1], { channelName: a[2], uid: a[5] }), true)
    assert.equal(legacy.verifyToken(key, a[1], { channelName: a[2], uid: (a[5] + 1) % 2 ** 32 }), false)
  }
  // The reference's own vectors.
  assert.equal(
    legacy.DynamicKey5.generateInChannelPermissionKey('970ca35de60c44645bbae8a215061b33', '5cfd2fd1755d40ecb72977518be15d3b', '7d72365eb983485397e3e3f9d460bdda', 1446455472, 58964981, 2882341273, 1446455471, legacy.DynamicKey5.noUpload),
    '005BAAoADgyNEQxNDE4M0FGRDkyOEQ4REFFMUU1OTg5NTg2MzA3MTEyNjRGNzQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YBAAEAAQAw',
  )
  assert.throws(() => legacy.DynamicKey5.generateInChannelPermissionKey(APP_ID, CERT, 'c', 1, 1, 1, 1, 3), { name: 'TypeError', message: /^permission must be a string/ })
  assert.throws(() => legacy.DynamicKey5.generateMediaChannelKey(APP_ID, CERT, 'c', 1, 1, -1, 1), { name: 'RangeError', message: /^uid must be an integer from 0 to 4294967295/ })
})

test(`DynamicKey5.generateDynamicKey is byte-identical to the reference (${N} random inputs)`, () => {
  const r = prng(0xd5d5d5)
  const extras = () => r.pick([
    null,
    undefined,
    {},
    { 1: r.pick([legacy.DynamicKey5.noUpload, legacy.DynamicKey5.audioVideoUpload]) },
    // Given out of order: both sides pack integer keys in ascending order (for...in).
    { 300: 'x', 2: '', 65535: 'é', 0: r.channel() },
    { [r.int(0, 65535)]: r.channel(), [r.int(0, 65535)]: '' },
  ])
  for (let i = 0; i < N; i++) {
    const a = [r.hex32(), r.hex32(), r.channel(), r.u32(), r.u32(), r.uid(), r.u32(), extras(), r.pick([1, 2, 3, 4, 0, 7, 65535, r.int(0, 65535)])]
    const key = legacy.DynamicKey5.generateDynamicKey(...a)
    assert.equal(key, refDK5.generateDynamicKey(...a), `input ${i}: ${JSON.stringify(a)}`)
    const d = legacy.decodeToken(key)
    assert.equal(d.serviceType, a[8])
    assert.deepEqual(d.extra, { ...(a[7] ?? {}) })
    assert.equal(legacy.verifyToken(key, a[1], { channelName: a[2], uid: a[5] }), true)
  }
  // The four named generators are generateDynamicKey with a fixed service type and extra.
  const a = [APP_ID, CERT, 'ch', 1446455472, 58964981, 2882341273, 1446455471]
  assert.equal(legacy.DynamicKey5.generateDynamicKey(...a, null, 1), legacy.DynamicKey5.generateMediaChannelKey(...a))
  assert.equal(legacy.DynamicKey5.generateDynamicKey(...a, undefined, 2), legacy.DynamicKey5.generateRecordingKey(...a))
  assert.equal(legacy.DynamicKey5.generateDynamicKey(...a, {}, 3), legacy.DynamicKey5.generatePublicSharingKey(...a))
  assert.equal(legacy.DynamicKey5.generateDynamicKey(...a, { 1: '3' }, 4), legacy.DynamicKey5.generateInChannelPermissionKey(...a, '3'))
  // Bad input: named errors, where the reference throws from Buffer or packs garbage.
  const bad = (extra, serviceType, name, message) =>
    assert.throws(() => legacy.DynamicKey5.generateDynamicKey(...a, extra, serviceType), { name, message }, `${JSON.stringify(extra)}, ${serviceType}`)
  bad('3', 4, 'TypeError', /^extra must be an object mapping integer keys \(0 to 65535\) to strings, or null, got a string$/)
  bad([], 4, 'TypeError', /^extra must be an object .*, got an array$/)
  bad({ x: '3' }, 4, 'RangeError', /^extra keys must be integers from 0 to 65535, got "x"$/)
  bad({ 65536: '3' }, 4, 'RangeError', /^extra keys must be integers from 0 to 65535, got "65536"$/)
  bad({ 1: 3 }, 4, 'TypeError', /^extra values must be strings, got the number 3 at key 1$/)
  bad({ 1: 'x'.repeat(65536) }, 4, 'RangeError', /^extra values must be at most 65535 bytes, got 65536 at key 1$/)
  bad(null, undefined, 'TypeError', /^serviceType must be a number, got undefined$/)
  bad(null, 65536, 'RangeError', /^serviceType must be an integer from 0 to 65535/)
  bad(null, 1.5, 'RangeError', /^serviceType must be an integer from 0 to 65535/)
  assert.throws(() => legacy.DynamicKey5.generateDynamicKey(APP_ID, CERT, 'a/b', 1, 1, 1, 1, null, 1), { name: 'RangeError', message: /^channelName/ })
})

test(`decodeToken and verifyToken round trips, ours and the reference's (${N} random inputs)`, () => {
  const r = prng(0xdec006)
  for (let i = 0; i < N; i++) {
    const cert = r.hex32()
    const appId = r.hex32()
    const channel = r.channel()
    const uid = r.pick([0, U32, r.uid(), r.account()])
    const uidString = uid === 0 ? '' : String(uid)
    const privileges = {}
    for (let j = r.int(0, 5); j > 0; j--) privileges[r.pick(ALL_PRIVILEGES)] = r.u32()
    const token = i % 2
      ? refBuild(appId, cert, channel, uid, r.u32(), r.u32(), privileges)
      : (() => {
          const t = new legacy.AccessToken(appId, cert, channel, uid)
          for (const [k, v] of Object.entries(privileges)) t.addPrivilege(Number(k), v)
          return t.build()
        })()
    const x = refParse(token)
    const d = legacy.decodeToken(token)
    assert.deepEqual(d, {
      version: '006',
      appId,
      salt: x.salt,
      ts: x.ts,
      privileges: x.messages,
      crcChannelName: x.crc_channel_name,
      crcUid: x.crc_uid,
    })
    const back = new legacy.AccessToken(appId, cert, channel, uid)
    assert.equal(back.fromString(token), true)
    assert.equal(back.build(), token)

    assert.equal(legacy.verifyToken(token, cert, { channelName: channel, uid }), true, `input ${i}`)
    assert.equal(legacy.verifyToken(token, cert.toLowerCase() === cert ? cert.toUpperCase() : cert.toLowerCase(), { channelName: channel, uid }), cert.toLowerCase() === cert.toUpperCase())
    assert.equal(legacy.verifyToken(token, cert, { channelName: channel + 'x', uid }), false)
    assert.equal(legacy.verifyToken(token, cert, { channelName: channel, uid: uidString + '1' }), false)
    let other = r.hex32()
    if (other === cert) other = other.replace(/./, (c) => (c === '0' ? '1' : '0'))
    assert.equal(legacy.verifyToken(token, other, { channelName: channel, uid }), false)
  }
})

test('verifyToken needs the channel name and uid for 006 tokens', () => {
  const token = legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 9, 1, 0)
  assert.equal(legacy.verifyToken(token, CERT, { channelName: 'ch', uid: 9 }), true)
  assert.equal(legacy.verifyToken(token, CERT, { channelName: 'ch', uid: '9' }), true)
  for (const expected of [undefined, {}, { channelName: 'ch' }, { uid: 9 }]) {
    assert.throws(() => legacy.verifyToken(token, CERT, expected), (e) => e instanceof TypeError && /^expected\.(channelName|uid) is required to verify a 006 token/.test(e.message))
  }
  const key = legacy.DynamicKey5.generateMediaChannelKey(APP_ID, CERT, 'ch', 1, 2, 3, 4)
  assert.throws(() => legacy.verifyToken(key, CERT, { uid: 3 }), { name: 'TypeError', message: /expected\.channelName is required to verify a DynamicKey5/ })
  assert.throws(() => legacy.verifyToken(key, CERT, { channelName: 'ch', uid: 'abc' }), { name: 'TypeError', message: /expected\.uid must be a number/ })
  assert.equal(legacy.verifyToken(key, CERT, { channelName: 'ch', uid: 3 }), true)
  // 007 tokens still verify through the same function.
  const ours = require('..')
  const t7 = ours.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 9, 1, 600)
  assert.equal(legacy.verifyToken(t7, CERT), true)
  assert.equal(legacy.decodeToken(t7).version, '007')
})

test('malformed 006 and 005 tokens throw clear errors and never crash', () => {
  const good = legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 9, 1, 0)
  const bad = (token, re) => assert.throws(() => legacy.decodeToken(token), (e) => e.code === 'ERR_INVALID_TOKEN' && re.test(e.message), token)
  bad('006' + APP_ID.slice(1) + good.slice(35), /only 31 hexadecimal characters/)
  bad('006' + APP_ID, /nothing after its App ID/)
  bad('006' + APP_ID + 'IAA*', /not valid base64/)
  bad('006' + APP_ID + 'IAA bc', /not valid base64.*URL-encode/)
  bad(good.slice(0, -8), /truncated token/)
  bad('006' + APP_ID + Buffer.concat([Buffer.from(good.slice(35), 'base64'), Buffer.from([0])]).toString('base64'), /1 unexpected bytes after its message/)
  bad('009abc', /not a 007 token: it starts with "009", expected "007" \(or "006" \/ "005" for a legacy AccessToken \/ DynamicKey5;/)
  bad('004abc', /DynamicKey4/)
  bad('', /it starts with ""/)
  bad('005', /nothing after/)
  bad('005AQAoAEJE', /truncated token: signature needs 40 bytes/)
  assert.equal(new legacy.AccessToken(APP_ID, CERT, 'c', 1).fromString('006nonsense'), false)
  assert.equal(new legacy.AccessToken(APP_ID, CERT, 'c', 1).fromString(42), false)

  // Random mutations of good tokens: an answer or an ERR_INVALID_TOKEN, nothing else.
  const r = prng(0xbad006)
  const key = legacy.DynamicKey5.generateInChannelPermissionKey(APP_ID, CERT, 'ch', 1, 2, 3, 4, '3')
  for (let i = 0; i < 3000; i++) {
    const base = Buffer.from((i % 2 ? good.slice(35) : key.slice(3)), 'base64')
    const b = Buffer.from(base)
    for (let j = r.int(1, 4); j > 0; j--) b[r.int(0, b.length - 1)] = r.int(0, 255)
    const cut = b.subarray(0, r.int(0, b.length))
    const token = (i % 2 ? '006' + APP_ID : '005') + (r.bool() ? b : cut).toString('base64')
    try {
      const d = legacy.decodeToken(token)
      assert.ok(d.version === '006' || d.version === '005')
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_TOKEN', e.message)
    }
  }
})

test('bad input: TypeError or RangeError naming the parameter, never the certificate', () => {
  const exp = now() + 3600
  const B = legacy.RtcTokenBuilder
  const secret = 'abcdef0123456789abcdef012345678z'
  const cases = [
    [() => B.buildTokenWithUid('xyz', CERT, 'ch', 1, 1, exp), 'TypeError', /^appId must be a 32-character hexadecimal App ID, got 3 characters/],
    [() => B.buildTokenWithUid(APP_ID, secret, 'ch', 1, 1, exp), 'TypeError', /^appCertificate must be a 32-character hexadecimal App Certificate: character at position 31/],
    [() => B.buildTokenWithUid(APP_ID, undefined, 'ch', 1, 1, exp), 'TypeError', /^appCertificate must be a 32-character hexadecimal string, got undefined \(is the environment variable/],
    [() => B.buildTokenWithUid(APP_ID, CERT, '', 1, 1, exp), 'RangeError', /^channelName must not be empty/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'a/b', 1, 1, exp), 'RangeError', /^channelName has '\/' at position 1/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'a'.repeat(65), 1, 1, exp), 'RangeError', /^channelName must be at most 64 bytes/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', -1, 1, exp), 'RangeError', /^uid must be an integer from 0 to 4294967295, got -1/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', 2 ** 32, 1, exp), 'RangeError', /^uid must be an integer from 0 to 4294967295/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', undefined, 1, exp), 'TypeError', /^uid must be a number or a string, got undefined/],
    [() => B.buildTokenWithAccount(APP_ID, CERT, 'ch', 'x'.repeat(256), 1, exp), 'RangeError', /^account must be at most 255 bytes/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', 1, 1, undefined), 'TypeError', /^privilegeExpiredTs must be a number, got undefined/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', 1, 1, -5), 'RangeError', /^privilegeExpiredTs must be an integer from 0 to 4294967295/],
    [() => B.buildTokenWithUid(APP_ID, CERT, 'ch', 1, 1, 2 ** 32), 'RangeError', /^privilegeExpiredTs must be an integer/],
    [() => legacy.RtmTokenBuilder.buildToken(APP_ID, CERT, '', 1, exp), 'RangeError', /^account must not be empty/],
    [() => legacy.RtmTokenBuilder.buildToken(APP_ID, secret, 'u', 1, exp), 'TypeError', /^appCertificate must be/],
    // The low-level AccessToken checks its fields when it builds (they are plain properties).
    [() => new legacy.AccessToken(APP_ID, secret, 'c', 1).build(), 'TypeError', /^appCertificate must be/],
    [() => new legacy.AccessToken(APP_ID, CERT, 5, 1).build(), 'TypeError', /^channelName must be a string, got the number 5/],
    [() => new legacy.AccessToken('', CERT, 'c', 1).build(), 'TypeError', /^appId must be a 32-character hexadecimal App ID, got an empty string/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.addPrivilege(65536, 0); t.build() }, 'RangeError', /^messages keys must be privilege numbers from 0 to 65535, got "65536"/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.addPrivilege(1, 1.5); t.build() }, 'RangeError', /^messages\[1\] must be an integer from 0 to 4294967295, got 1\.5/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.messages[1] = ' 42'; t.build() }, 'TypeError', /^messages\[1\] must be a number or a string of decimal digits/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.salt = -1; t.build() }, 'RangeError', /^salt must be an integer/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.ts = 'soon'; t.build() }, 'TypeError', /^ts must be a number or a string of decimal digits/],
    [() => { const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1); t.uid = undefined; t.build() }, 'TypeError', /^uid must be a number or a string, got undefined/],
    [() => legacy.verifyToken('006' + APP_ID, secret, { channelName: 'c', uid: 1 }), 'TypeError', /^appCertificate must be/],
  ]
  for (const [fn, name, re] of cases) {
    assert.throws(fn, (e) => {
      assert.equal(e.name, name, e.message)
      assert.match(e.message, re)
      assert.equal(e.code, name === 'TypeError' ? 'ERR_INVALID_ARG_TYPE' : 'ERR_OUT_OF_RANGE')
      assert.ok(!e.message.includes(secret) && !e.message.includes(CERT) && !e.message.includes("'z'"), e.message)
      return true
    })
  }
})

test('a duration where 006 wants a Unix timestamp is refused by the builders', () => {
  for (const d of [1, 600, 3600, 86400, 31535999]) {
    for (const fn of [
      () => legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 1, 1, d),
      () => legacy.RtcTokenBuilder.buildTokenWithAccount(APP_ID, CERT, 'ch', 'a', 1, d),
      () => legacy.RtmTokenBuilder.buildToken(APP_ID, CERT, 'u', 1, d),
    ]) {
      assert.throws(fn, {
        name: 'RangeError',
        code: 'ERR_OUT_OF_RANGE',
        message: `privilegeExpiredTs must be an absolute Unix timestamp in seconds (or 0 for no expiry), got ${d}, which is in 1970: 006 tokens take a timestamp, not a duration; use Math.floor(Date.now() / 1000) + ${d}`,
      })
    }
  }
  // 0 (no expiry) and real timestamps are fine; the low-level API takes any u32.
  for (const ok of [0, 31536000, now() + 3600, U32]) legacy.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'ch', 1, 1, ok)
  const t = new legacy.AccessToken(APP_ID, CERT, 'c', 1)
  t.addPrivilege(1, 3600)
  assert.deepEqual(t.messages, { 1: 3600 })
})

test('AccessToken holds up to 10920 privileges and refuses more, instead of cutting the signed message short', () => {
  const build = (n) => {
    const t = new legacy.AccessToken(APP_ID, CERT, 'ch', 42)
    t.salt = 5
    t.ts = 1700000000
    for (let p = 0; p < n; p++) t.addPrivilege(p, p * 7)
    return t.build()
  }
  // The reference writes into a 1024-byte buffer: up to 162 privileges its token is
  // whole and ours is the same bytes; from 163 its token loses its tail, and past 169 it throws.
  const privileges = (n) => Object.fromEntries(Array.from({ length: n }, (_, p) => [p, p * 7]))
  assert.equal(build(162), refBuild(APP_ID, CERT, 'ch', '42', 5, 1700000000, privileges(162)))
  assert.notEqual(build(163), refBuild(APP_ID, CERT, 'ch', '42', 5, 1700000000, privileges(163)))
  assert.equal(refParse(build(163)).messages[162], 162 * 7)
  // 10920 privileges make a 65530-byte message: the most its 16-bit length allows.
  const full = build(10920)
  const parsed = refParse(full)
  assert.equal(Object.keys(parsed.messages).length, 10920)
  assert.equal(parsed.messages[10919], 10919 * 7)
  assert.equal(legacy.verifyToken(full, CERT, { channelName: 'ch', uid: 42 }), true)
  assert.equal(legacy.decodeToken(full).privileges[10919], 10919 * 7)
  assert.throws(() => build(10921), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE' && /^privileges must number at most 10920: /.test(e.message) && !e.message.includes(CERT))
})

test('AccessToken hides its certificate from JSON.stringify', () => {
  const t = new legacy.AccessToken(APP_ID, CERT, 'c', 0)
  const j = JSON.parse(JSON.stringify(t))
  assert.equal(j.appCertificate, '[redacted]')
  assert.equal(j.uid, '')
  assert.ok(!JSON.stringify(t).includes(CERT))
})

test('the ESM entry point exports the same objects', async () => {
  const esm = await import('../legacy.mjs')
  for (const name of ['RtcTokenBuilder', 'RtcRole', 'RtmTokenBuilder', 'RtmRole', 'AccessToken', 'Privileges', 'DynamicKey5', 'decodeToken', 'verifyToken']) {
    assert.equal(esm[name], legacy[name], name)
    assert.ok(esm[name] !== undefined, name)
  }
})

test("fromString fills in the fields both references' parse fills in, and the App ID as agora-token's does", () => {
  const refToken006 = require('agora-token/src/AccessToken')
  const r = prng(0xf1e1d5)
  for (let i = 0; i < 50; i++) {
    const uid = r.pick([0, 1, U32, r.int(1, U32)])
    const token = refBuild(APP_ID, CERT, `ch-${i}`, uid, r.int(1, U32), r.int(1, U32), { 1: r.int(0, U32), 1000: r.int(0, U32) })
    const mine = new legacy.AccessToken('', '', '', '')
    assert.equal(mine.fromString(token), true)
    const theirs = refParse(token)
    for (const field of ['salt', 'ts', 'messages', 'signature', 'crc_channel_name', 'crc_uid', 'm']) {
      assert.deepEqual(mine[field], theirs[field], field)
    }
    assert.ok(Buffer.isBuffer(mine.signature) && Buffer.isBuffer(mine.m))
    // agora-access-token leaves appID as constructed; agora-token's 006 AccessToken reads it.
    const at = new refToken006.AccessToken('', '', '', '')
    at.fromString(token)
    assert.equal(at.appID, APP_ID)
    assert.equal(mine.appID, at.appID)
  }
})
