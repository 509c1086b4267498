'use strict'
// decodeToken and verifyToken on tokens from the network: malformed input throws an Error
// with code ERR_INVALID_TOKEN and a message saying what is wrong; a well-formed token with a
// wrong signature verifies to false.
const test = require('node:test')
const assert = require('node:assert/strict')
const zlib = require('node:zlib')
const { decodeToken, verifyToken, RtcTokenBuilder } = require('..')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const other = 'ffffffffffffffffffffffffffffffff'

// --- packing helpers (little-endian, u16-length-prefixed strings) ---
const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b }
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b }
const bytes = (s) => { const b = Buffer.from(s); return Buffer.concat([u16(b.length), b]) }
const map = (entries) => Buffer.concat([u16(entries.length), ...entries.flatMap(([k, v]) => [u16(k), u32(v)])])
const rtc = (channel, uid) => Buffer.concat([u16(1), map([[1, 600]]), bytes(channel), bytes(uid)])
const payload = (count, services, sig = Buffer.alloc(32, 7)) =>
  Buffer.concat([bytes(sig), bytes(appId), u32(1700000000), u32(600), u32(12345), u16(count), services])
const tokenOf = (p) => '007' + zlib.deflateSync(p).toString('base64')

function rejects(token, pattern, { verifyReads = false } = {}) {
  assert.throws(() => decodeToken(token), (e) => {
    assert.ok(e instanceof Error, 'an Error')
    assert.equal(e.code, 'ERR_INVALID_TOKEN')
    assert.match(e.message, /^invalid token: /)
    assert.match(e.message, pattern)
    return true
  })
  if (verifyReads) {
    // verifyToken reads the token leniently (what it could read is signed): it does not
    // throw, and an unsigned token is false.
    assert.equal(verifyToken(token, cert), false)
  } else {
    // verifyToken throws the same way on a malformed token.
    assert.throws(() => verifyToken(token, cert), (e) => e.code === 'ERR_INVALID_TOKEN' && !e.message.includes(cert))
  }
}

/** Signs a payload's signing_info the way AccessToken2 does. */
function sign(signingInfo, certificate) {
  const crypto = require('node:crypto')
  const hmac = (key, msg) => crypto.createHmac('sha256', key).update(msg).digest()
  // signing_info = app id (2 + 32 bytes), issue ts, expire, salt, ...
  const issueTs = signingInfo.subarray(34, 38)
  const salt = signingInfo.subarray(42, 46)
  const key = hmac(salt, hmac(issueTs, Buffer.from(certificate)))
  return Buffer.concat([bytes(hmac(key, signingInfo)), signingInfo])
}

test('a hand-packed well-formed payload decodes', () => {
  const d = decodeToken(tokenOf(payload(1, rtc('ch', '7'))))
  assert.equal(d.appId, appId)
  assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges: { 1: 600 }, channelName: 'ch', uid: '7' }])
  // Signed by nobody: decodes, does not verify.
  assert.equal(verifyToken(tokenOf(payload(1, rtc('ch', '7'))), cert), false)
})

test('a zlib bomb (10 MB of zeros) is refused', () => {
  const bomb = zlib.deflateSync(Buffer.alloc(10 * 1024 * 1024))
  const t0 = process.hrtime.bigint()
  rejects('007' + bomb.toString('base64'), /inflates to more than 65536 bytes/)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  assert.ok(ms < 2000, `took ${ms} ms`)
})

test('length prefixes that claim more than is left', () => {
  rejects(tokenOf(Buffer.concat([u16(0xffff), Buffer.alloc(10)])), /signature needs 65535 bytes at offset 2 but only 10 remain/)
  rejects(tokenOf(Buffer.concat([bytes(Buffer.alloc(32)), u16(500), Buffer.from('970CA35d')])), /app id needs 500 bytes/)
  rejects(tokenOf(payload(1, Buffer.concat([u16(1), map([]), u16(40000), Buffer.from('abc')]))), /rtc channel name needs 40000 bytes/)
  rejects(tokenOf(Buffer.alloc(0)), /signature needs 2 bytes/)
  const p = payload(1, rtc('ch', '12345'))
  rejects(tokenOf(p.subarray(0, p.length - 2)), /truncated token: rtc uid needs 5 bytes/)
})

test('service counts in the thousands', () => {
  for (const n of [1000, 5000, 65535]) rejects(tokenOf(payload(n, rtc('ch', '1'))), new RegExp(`claims ${n} services`))
  rejects(tokenOf(payload(1, Buffer.concat([u16(1), u16(60000)]))), /privileges claims 60000 entries/)
  const rtm2 = Buffer.concat([u16(8), map([]), bytes('me'), u16(1), u16(0), u16(1), u16(1), u16(50000)])
  rejects(tokenOf(payload(1, rtm2)), /rtm2 resource list claims 50000 entries/)
})

test('unknown service types', () => {
  for (const t of [0, 11, 65535]) {
    const services = Buffer.concat([rtc('ch', '1'), u16(t), Buffer.alloc(8)])
    rejects(tokenOf(payload(2, services)), new RegExp(`service type ${t}, which this decoder does not know`), { verifyReads: true })
    // Signed with the certificate, such a token (a service type newer than this
    // library) verifies, as agora-token's fromString + signature check would.
    const signed = tokenOf(sign(payload(2, services).subarray(34), cert))
    assert.equal(verifyToken(signed, cert), true)
    assert.equal(verifyToken(signed, other), false)
    assert.throws(() => decodeToken(signed), { code: 'ERR_INVALID_TOKEN' })
  }
})

test('trailing bytes', () => {
  const services = Buffer.concat([rtc('ch', '1'), Buffer.alloc(5, 0xaa)])
  rejects(tokenOf(payload(1, services)), /5 unexpected bytes after its last service/, { verifyReads: true })
  const signed = tokenOf(sign(payload(1, services).subarray(34), cert))
  assert.equal(verifyToken(signed, cert), true)
  const z = Buffer.concat([zlib.deflateSync(payload(1, rtc('ch', '1'))), Buffer.from('junk')])
  rejects('007' + z.toString('base64'), /bytes after the end of its zlib stream/)
})

test('bad base64, bad zlib, invalid UTF-8', () => {
  rejects('007!!!!', /not valid base64/)
  rejects('007eJ zz', /a '\+' may have become a space/)
  rejects('007eJ-_abcd', /URL-safe base64/)
  rejects('007\u00e9\u00e9\u00e9\u00e9', /not valid base64/)
  rejects('007AAAAAAAA', /not a valid zlib stream/)
  rejects(tokenOf(Buffer.concat([bytes(Buffer.alloc(32)), bytes(Buffer.from([0xff, 0xfe])), u32(1), u32(2), u32(3), u16(0)])), /app id is not valid UTF-8/)
  const good = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 1, 1, 600)
  rejects(good.slice(0, -12), /zlib|base64/)
})

// A token too long for the binding's stack buffer (1000 privileges: 2263 characters) is
// read by another path (src/args.rs, read_long_str), which must refuse the same strings:
// a character outside ASCII is never read as the byte it ends in ('\u0141' ends in 0x41,
// 'A'), so such a token is not valid base64 however its signature would check.
test('a long token with a character outside ASCII is refused, as a short one is', () => {
  const { AccessToken2, ServiceRtc } = require('..')
  for (const n of [1, 1000]) {
    const t = new AccessToken2(appId, cert, 1_700_000_000, 3600)
    const s = new ServiceRtc('room', 42)
    for (let k = 0; k < n; k++) s.addPrivilege(k, 3600)
    t.addService(s)
    const token = t.build()
    assert.equal(verifyToken(token, cert), true)
    // A string V8 holds as a concatenation reads the same.
    const half = token.length >> 1
    assert.equal(verifyToken(token.slice(0, half) + token.slice(half), cert), true)
    const at = token.indexOf('A', 40)
    assert.ok(at > 0)
    for (const c of ['\u0141', '\u00c1', '\u4e41']) {
      rejects(token.slice(0, at) + c + token.slice(at + 1), /not valid base64/)
    }
  }
})

test('wrong version prefixes and lengths', () => {
  const good = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 1, 1, 600)
  for (const v of ['', '0', '00', '008', '7', 'abc', ' 007']) rejects(v + good.slice(3), /not a 007 token/)
  rejects('', /not a 007 token: it starts with ""/)
  rejects('007', /nothing after its "007" version prefix/)
  rejects('007' + 'A'.repeat(200000), /characters long; a 007 token is at most/)
})

test('verifyToken: wrong signature is false, not an exception', () => {
  const good = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 42, 1, 600)
  assert.equal(verifyToken(good, cert), true)
  assert.equal(verifyToken(good, other), false)
  assert.equal(verifyToken(good, cert.toLowerCase()), false) // the certificate's bytes are signed, case included
  // Flip one bit of the signature and re-pack: still well formed, no longer valid.
  const p = zlib.inflateSync(Buffer.from(good.slice(3), 'base64'))
  const forged = Buffer.from(p)
  forged[5] ^= 1
  const t = tokenOf(forged)
  assert.deepEqual(decodeToken(t).services, decodeToken(good).services)
  assert.equal(verifyToken(t, cert), false)
  // Change a signed field (last byte of the uid): false.
  const changed = Buffer.from(p)
  changed[changed.length - 1] ^= 1
  assert.equal(verifyToken(tokenOf(changed), cert), false)
  // A 31-byte signature: false.
  const short = Buffer.concat([bytes(p.subarray(2, 33)), p.subarray(34)])
  assert.equal(verifyToken(tokenOf(short), cert), false)
})

test('verifyToken: malformed tokens throw ERR_INVALID_TOKEN; bad arguments throw TypeError', () => {
  for (const t of ['', '006abc', '007!!', '007AAAA', tokenOf(payload(5000, Buffer.alloc(0)))]) {
    assert.throws(() => verifyToken(t, cert), { code: 'ERR_INVALID_TOKEN' })
  }
  const good = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 42, 1, 600)
  assert.throws(() => verifyToken(good, 'short'), TypeError)
  assert.throws(() => verifyToken(42, cert), TypeError)
  assert.throws(() => decodeToken(undefined), TypeError)
})

test('random garbage never crashes the process', () => {
  let seed = 12345
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const good = zlib.inflateSync(Buffer.from(RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 42, 1, 600).slice(3), 'base64'))
  for (let i = 0; i < 3000; i++) {
    const p = Buffer.from(good)
    for (let k = 0; k < 1 + (i % 4); k++) p[Math.floor(rnd() * p.length)] = Math.floor(rnd() * 256)
    const t = i % 3 === 0 ? '007' + Buffer.from(Array.from({ length: i % 200 }, () => Math.floor(rnd() * 256))).toString('base64') : tokenOf(p.subarray(0, Math.floor(rnd() * (p.length + 1))))
    try {
      decodeToken(t)
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_TOKEN')
    }
    try {
      assert.equal(typeof verifyToken(t, cert), 'boolean')
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_TOKEN')
    }
  }
})

test('006 tokens: wrong App ID length and other damage', () => {
  const legacy = require('../legacy')
  const good = legacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'channel', 1, 1, Math.floor(Date.now() / 1000) + 600)
  assert.equal(decodeToken(good).version, '006')
  const body = good.slice(3 + 32)
  rejects('006' + appId.slice(0, 31) + body, /has only 31 hexadecimal characters/)
  rejects('006' + body, /has only 0 hexadecimal characters/)
  rejects('006' + appId.slice(0, 5) + 'z' + appId.slice(6) + body, /has only 5 hexadecimal characters/)
  rejects('006' + appId, /nothing after its App ID/)
  rejects('006' + appId + '!!!!', /not valid base64/)
  const content = Buffer.from(body, 'base64')
  rejects('006' + appId + content.subarray(0, content.length - 3).toString('base64'), /truncated token/)
  rejects('006' + appId + Buffer.concat([content, Buffer.from([0, 1])]).toString('base64'), /2 unexpected bytes after its message/)
  // Well formed, wrong certificate or channel: false, not an exception.
  assert.equal(verifyToken(good, cert, { channelName: 'channel', uid: 1 }), true)
  assert.equal(verifyToken(good, other, { channelName: 'channel', uid: 1 }), false)
  assert.equal(verifyToken(good, cert, { channelName: 'other', uid: 1 }), false)
})

test('a token carrying thousands of services or RTM2 entries is refused by count', () => {
  // 16,000 empty FPA services: a 64 KiB payload that deflates to a couple of hundred characters.
  const fpa = Buffer.concat(Array.from({ length: 16000 }, () => Buffer.concat([u16(4), u16(0)])))
  const many = tokenOf(payload(16000, fpa))
  assert.ok(many.length < 1000, `${many.length} characters`)
  rejects(many, /token holds 16000 services; a token may hold at most 64/)
  // 16,000 empty RTM2 resource types in one service.
  const types = Buffer.concat(Array.from({ length: 16000 }, (_, r) => Buffer.concat([u16(r), u16(0)])))
  const rtm2 = Buffer.concat([u16(8), u16(0), bytes('u'), u16(16000), types])
  rejects(tokenOf(payload(1, rtm2)), /token holds 16000 rtm2 resource types; a token may hold at most 32/)
  // 9,000 empty resource names: more than the 8192 a service may list.
  const names = Buffer.concat([u16(8), u16(0), bytes('u'), u16(1), u16(0), u16(1), u16(0), u16(9000), Buffer.alloc(9000 * 2)])
  rejects(tokenOf(payload(1, names)), /token holds 9000 rtm2 resources; a token may hold at most 8192/)
  // At the caps, a token still decodes.
  const atCap = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([u16(4), u16(0)])))
  assert.equal(decodeToken(tokenOf(payload(64, atCap))).services.length, 64)
})

test('a 100 MB string is refused from its length, before it is copied', () => {
  const body = 'A'.repeat(100 * 1024 * 1024 - 1)
  let huge = '007' + body + '0'
  const { AccessToken2 } = require('..')
  const calls = [
    ['decodeToken', () => assert.throws(() => decodeToken(huge), { code: 'ERR_INVALID_TOKEN', message: /^invalid token: token is 104857603 characters long; a token is at most \d+$/ })],
    ['verifyToken', () => assert.throws(() => verifyToken(huge, cert), { code: 'ERR_INVALID_TOKEN', message: /characters long/ })],
    ['AccessToken2.fromString', () => assert.equal(new AccessToken2().fromString(huge), false)],
  ]
  for (const [name, call] of calls) {
    // A fresh concatenated string each time: reading even its first characters would make
    // V8 flatten it (a 100 MB copy), so the first call on it is the one that counts.
    const before = process.cpuUsage()
    for (let i = 0; i < 5; i++) {
      huge = '007' + body + String(i)
      call()
    }
    const used = process.cpuUsage(before)
    // Copying 100 MB into Rust takes about 100 ms per call here; reading the length, microseconds.
    const perCall = (used.user + used.system) / 5 / 1000
    assert.ok(perCall < 10, `${name}: ${perCall.toFixed(2)} ms of CPU per call`)
  }
})

test('verifyToken checks expiry only when asked: checkExpiry, or a given now', () => {
  const fake = Object.create(null)
  const token = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 7, 1, 600, 600)
  const { issueTs } = decodeToken(token)
  assert.equal(verifyToken(token, cert, { now: issueTs + 600 }), true, 'valid during the second it expires at')
  assert.equal(verifyToken(token, cert, { now: issueTs + 601 }), false)
  assert.equal(verifyToken(token, cert, { now: issueTs + 601, channelName: 'ch', uid: 7 }), false)
  assert.equal(verifyToken(token, cert, { checkExpiry: true }), true)
  assert.equal(verifyToken(token, cert, { checkExpiry: false }), true)
  // expire 0: expired the moment it was issued, whatever the time.
  const zero = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 7, 1, 0, 0)
  assert.equal(verifyToken(zero, cert), true, 'expiry is not checked by default')
  assert.equal(verifyToken(zero, cert, { checkExpiry: true }), false)
  assert.equal(verifyToken(zero, cert, { now: 0 }), false)
  assert.throws(() => verifyToken(token, cert, { now: -1 }), { name: 'RangeError', message: /^expected\.now / })
  assert.throws(() => verifyToken(token, cert, { now: '1.5' }), { name: 'TypeError', message: /^expected\.now / })
  assert.throws(() => verifyToken(token, cert, { checkExpiry: 1 }), { name: 'TypeError', message: /^expected\.checkExpiry must be a boolean/ })
  assert.throws(() => verifyToken(token, cert, { checkExpiry: false, now: 1 }), { name: 'TypeError', message: /^expected\.now / })
  assert.equal(verifyToken(token, cert, fake), true)
})
