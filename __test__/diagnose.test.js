'use strict'
// diagnoseToken, table-driven: each row is a token built with exactly one mistake (by
// agora-token, agora-access-token or this package), and must give that problem code and no
// other error; correct tokens from every library give ok: true and no error.
const test = require('node:test')
const assert = require('node:assert/strict')
const zlib = require('node:zlib')
const native = require('..')
const ref = require('agora-token')
const { AccessToken2: RefAccessToken2, Service: RefService } = require('agora-token/src/AccessToken2')
const legacyRef = require('agora-access-token')
const refKey5 = require('agora-access-token/src/DynamicKey5')
const { withSaltAndTime } = require('./helpers')

const A = '970CA35de60c44645bbae8a215061b33'
const C = '5CFd2fd1755d40ecb72977518be15d3b'
const B = 'a1b2c3d4e5f60718293a4b5c6d7e8f90' // another project's App ID
const D = 'ffffffffffffffffffffffffffffffff' // another project's certificate
const NOW = Math.floor(Date.now() / 1000)

/** agora-token, issued at `issueTs` (default: now). */
const at = (issueTs, fn) => withSaltAndTime(12345, issueTs, fn)
const rtc007 = (o = {}) =>
  at(o.issueTs ?? NOW, () =>
    ref.RtcTokenBuilder.buildTokenWithUid(o.appId ?? A, o.cert ?? C, o.channel ?? 'room1', o.uid ?? 42, o.role ?? ref.RtcRole.PUBLISHER, o.expire ?? 3600, o.privilegeExpire ?? o.expire ?? 3600),
  )
const account007 = (account) =>
  at(NOW, () => ref.RtcTokenBuilder.buildTokenWithUserAccount(A, C, 'room1', account, ref.RtcRole.PUBLISHER, 3600, 3600))
const rtm007 = (user) => at(NOW, () => ref.RtmTokenBuilder.buildToken(A, C, user, 3600))
const rtc006 = (o = {}) =>
  at(o.issueTs ?? NOW, () =>
    legacyRef.RtcTokenBuilder.buildTokenWithUid(A, o.cert ?? C, o.channel ?? 'room1', o.uid ?? 42, o.role ?? legacyRef.RtcRole.PUBLISHER, o.privilegeTs ?? NOW + 3600),
  )
const rtm006 = (user) => at(NOW, () => legacyRef.RtmTokenBuilder.buildToken(A, C, user, legacyRef.RtmRole.Rtm_User, NOW + 3600))
const key005 = (o = {}) => refKey5.generateMediaChannelKey(A, C, o.channel ?? 'room1', o.unixTs ?? NOW, 7, o.uid ?? 42, o.expiredTs ?? NOW + 3600)

/** A 007 token with one payload byte changed, re-compressed so that it still decodes. */
function editByte(token, offset) {
  const payload = zlib.inflateSync(Buffer.from(token.slice(3), 'base64'))
  payload[offset] ^= 1
  return '007' + zlib.deflateSync(payload).toString('base64')
}
// Payload layout: signature (2 + 32), App ID (2 + 32), issue time 4, expire 4, salt 4...
const SALT_OFFSET = 2 + 32 + 2 + 32 + 4 + 4

/** A 007 token with a service type this library does not know (11), signed by agora-token. */
function unknownService() {
  return at(NOW, () => {
    const t = new RefAccessToken2(A, C, NOW, 3600)
    const s = new RefService(11)
    s.add_privilege(1, 3600)
    t.add_service(s)
    return t.build()
  })
}

const rtc = { appId: A, appCertificate: C, channelName: 'room1', uid: 42, service: 'rtc', role: 'publisher', now: NOW }

// [name, token, expected, code]; code null: a correct token.
const ROWS = [
  ['agora-token RTC publisher', () => rtc007(), rtc, null],
  ['agora-token RTC, account "42" joined as uid 42 (the same token)', () => account007('42'), rtc, null],
  ['agora-token RTC uid 0 admits any uid', () => rtc007({ uid: 0 }), rtc, null],
  ['agora-token wildcard channel "*"', () => rtc007({ channel: '*' }), { ...rtc, channelName: 'any-room' }, null],
  ['agora-token RTM', () => rtm007('alice'), { appId: A, appCertificate: C, uid: 'alice', service: 'rtm', now: NOW }, null],
  ['agora-access-token 006 RTC', () => rtc006(), rtc, null],
  ['agora-access-token 006 RTM', () => rtm006('alice'), { appId: A, appCertificate: C, uid: 'alice', service: 'rtm', now: NOW }, null],
  ['agora-access-token DynamicKey5', () => key005(), { appId: A, appCertificate: C, channelName: 'room1', uid: 42, now: NOW }, null],
  ['native RtcTokenBuilder', () => native.RtcTokenBuilder.buildTokenWithUid(A, C, 'room1', 42, native.RtcRole.PUBLISHER, 3600, 3600), rtc, null],
  ['007 with web 4.20', () => rtc007(), { ...rtc, sdk: 'web 4.20' }, null],

  ['cut in half', () => rtc007().slice(0, 60), rtc, 'MALFORMED'],
  ['an unset variable', () => 'undefined', rtc, 'MALFORMED'],
  ['wrong certificate (agora-token)', () => rtc007({ cert: D }), rtc, 'BAD_SIGNATURE'],
  ['wrong certificate (agora-access-token)', () => rtc006({ cert: D }), rtc, 'BAD_SIGNATURE'],
  ['wrong certificate (DynamicKey5)', () => refKey5.generateMediaChannelKey(A, D, 'room1', NOW, 7, 42, NOW + 3600), { appId: A, appCertificate: C, channelName: 'room1', uid: 42, now: NOW }, 'BAD_SIGNATURE'],
  ['one edited byte', () => editByte(rtc007(), SALT_OFFSET), rtc, 'BAD_SIGNATURE'],
  ['wrong App ID', () => rtc007({ appId: B, cert: D }), rtc, 'WRONG_APP_ID'],
  ['expired (agora-token)', () => rtc007({ issueTs: NOW - 7200 }), rtc, 'EXPIRED'],
  ['expired (agora-access-token)', () => rtc006({ issueTs: NOW - 25 * 3600, privilegeTs: NOW - 24 * 3600 }), rtc, 'EXPIRED'],
  ['expired (DynamicKey5)', () => key005({ unixTs: NOW - 7200, expiredTs: NOW - 3600 }), { channelName: 'room1', uid: 42, now: NOW }, 'EXPIRED'],
  ['expire 0', () => rtc007({ expire: 0 }), rtc, 'EXPIRED'],
  ['future issue time (server clock ahead)', () => rtc007({ issueTs: NOW + 3600 }), rtc, 'NOT_YET_VALID'],
  ['privilege shorter than the token, now past', () => rtc007({ issueTs: NOW - 600, expire: 3600, privilegeExpire: 300 }), rtc, 'PRIVILEGE_EXPIRED'],
  ['006 privilege given as seconds from now', () => rtc006({ privilegeTs: 3600 }), rtc, 'PRIVILEGE_EXPIRED'],
  ['lifetime of 48 h', () => rtc007({ expire: 48 * 3600 }), rtc, 'LIFETIME_OVER_24H'],
  ['007 expire given as a timestamp', () => rtc007({ expire: NOW + 3600 }), rtc, 'LIFETIME_OVER_24H'],
  ['other channel (agora-token)', () => rtc007({ channel: 'room2' }), rtc, 'CHANNEL_MISMATCH'],
  ['other channel (agora-access-token)', () => rtc006({ channel: 'room2' }), rtc, 'CHANNEL_MISMATCH'],
  ['channel in another case', () => rtc007({ channel: 'Room1' }), rtc, 'CHANNEL_MISMATCH'],
  ['wildcard that does not match', () => rtc007({ channel: 'lobby*' }), rtc, 'CHANNEL_MISMATCH'],
  ['other uid (agora-token)', () => rtc007({ uid: 43 }), rtc, 'UID_MISMATCH'],
  ['other uid (agora-access-token)', () => rtc006({ uid: 43 }), rtc, 'UID_MISMATCH'],
  ['account "0" is not uid 0', () => account007('0'), { ...rtc, uid: 0 }, 'UID_MISMATCH'],
  ['string account joined with a number', () => account007('alice'), rtc, 'UID_MISMATCH'],
  ['RTC token used for RTM login (agora-token)', () => rtc007(), { appId: A, appCertificate: C, uid: 'alice', service: 'rtm', now: NOW }, 'MISSING_SERVICE'],
  ['RTC token used for RTM login (agora-access-token)', () => rtc006(), { appId: A, appCertificate: C, uid: 'alice', service: 'rtm', now: NOW }, 'MISSING_SERVICE'],
  ['subscriber token used to publish (agora-token)', () => rtc007({ role: ref.RtcRole.SUBSCRIBER }), rtc, 'MISSING_PRIVILEGE'],
  ['subscriber token used to publish (agora-access-token)', () => rtc006({ role: legacyRef.RtcRole.SUBSCRIBER }), rtc, 'MISSING_PRIVILEGE'],
  ['007 token for Web SDK 4.7', () => rtc007(), { ...rtc, sdk: 'web 4.7.3' }, 'WRONG_VERSION'],
  ['007 token for native SDK 3.4', () => rtc007(), { ...rtc, sdk: 'android 3.4.0' }, 'WRONG_VERSION'],
  ['007 token for native SDK 3.5.1 (AccessToken2 from 3.5.2)', () => rtc007(), { ...rtc, sdk: 'ios 3.5.1' }, 'WRONG_VERSION'],
  ['007 token for native SDK 3.5.2', () => rtc007(), { ...rtc, sdk: 'ios 3.5.2' }, null],
  ['unknown service type', () => unknownService(), { appId: A, appCertificate: C, now: NOW }, 'UNKNOWN_SERVICE'],
]

// Codes that are warnings: the token still works, so ok stays true.
const WARNINGS = new Set(['LIFETIME_OVER_24H', 'UNKNOWN_SERVICE'])

for (const [name, make, expected, code] of ROWS) {
  test(`${code ?? 'ok'}: ${name}`, () => {
    const token = make()
    const d = native.diagnoseToken(token, expected)
    const errors = d.problems.filter((p) => p.severity === 'error').map((p) => p.code)
    if (code === null) {
      assert.deepEqual(d.problems, [], 'a correct token has no problem')
      assert.equal(d.ok, true)
    } else if (WARNINGS.has(code)) {
      assert.deepEqual(errors, [], 'no false error')
      assert.deepEqual(d.problems.map((p) => p.code), [code])
      assert.equal(d.ok, true)
    } else {
      assert.deepEqual(errors, [code], JSON.stringify(d.problems, null, 1))
      assert.equal(d.ok, false)
    }
    for (const p of d.problems) {
      assert.equal(typeof p.message, 'string')
      assert.ok(p.message.length > 10 && p.hint.length > 10, 'message and hint say something')
      assert.ok(!p.message.includes(C) && !p.hint.includes(C), 'never the certificate')
      assert.ok(!p.message.includes(D) && !p.hint.includes(D), 'never the certificate')
    }
    // (decodeToken refuses a token it can read only in part; diagnoseToken shows that part.)
    if (d.version && code !== 'UNKNOWN_SERVICE') assert.deepEqual(d.token, native.decodeToken(token), 'token is decodeToken()')
  })
}

test('every code of the contract is exercised by the table', () => {
  const codes = new Set(ROWS.map((r) => r[3]).filter(Boolean))
  for (const c of ['MALFORMED', 'WRONG_VERSION', 'WRONG_APP_ID', 'BAD_SIGNATURE', 'EXPIRED', 'NOT_YET_VALID', 'PRIVILEGE_EXPIRED', 'LIFETIME_OVER_24H', 'CHANNEL_MISMATCH', 'UID_MISMATCH', 'MISSING_SERVICE', 'MISSING_PRIVILEGE', 'UNKNOWN_SERVICE']) {
    assert.ok(codes.has(c), c)
  }
})

test('the values involved are in the message', () => {
  const d = native.diagnoseToken(rtc007({ channel: 'room2', uid: 43 }), rtc)
  const ch = d.problems.find((p) => p.code === 'CHANNEL_MISMATCH')
  assert.match(ch.message, /"room2".*"room1"/)
  assert.equal(ch.field, 'channelName')
  const uid = d.problems.find((p) => p.code === 'UID_MISMATCH')
  assert.match(uid.message, /uid 43.*uid 42/)
  const exp = native.diagnoseToken(rtc007({ issueTs: NOW - 7200 }), rtc).problems[0]
  assert.match(exp.message, new RegExp(new Date((NOW - 3600) * 1000).toISOString().slice(0, 16)))
})

test('WRONG_VERSION warning: a 006 token for RTM 2.x, which Agora documents with 007 tokens only', () => {
  const d = native.diagnoseToken(rtm006('alice'), { appId: A, appCertificate: C, uid: 'alice', service: 'rtm', sdk: 'rtm 2.2', now: NOW })
  assert.deepEqual(d.problems.map((p) => [p.code, p.severity]), [['WRONG_VERSION', 'warning']])
  assert.equal(d.ok, true)
  assert.match(d.problems[0].message, /may refuse/)
})

test('the signature is checked only with a certificate', () => {
  assert.equal(native.diagnoseToken(rtc007(), { now: NOW }).signatureChecked, false)
  assert.equal(native.diagnoseToken(rtc007(), { appCertificate: C, now: NOW }).signatureChecked, true)
  // 006 needs the channel and uid its signature covers.
  assert.equal(native.diagnoseToken(rtc006(), { appCertificate: C, now: NOW }).signatureChecked, false)
  assert.equal(native.diagnoseToken(rtc006(), { appCertificate: C, channelName: 'room1', uid: 42, now: NOW }).signatureChecked, true)
})

test('the call shape of the token service: { ...expected, appId, appCertificate }', () => {
  const body = { channelName: 'room1', uid: '42', service: 'rtc', extra: 'ignored' }
  const d = native.diagnoseToken(rtc007(), { ...body, appId: A, appCertificate: C })
  assert.equal(d.ok, true, JSON.stringify(d.problems))
  assert.equal(d.signatureChecked, true)
})

test('bad expected values throw clear errors', () => {
  const t = rtc007()
  const cases = [
    [{ service: 'video' }, RangeError, /^expected\.service must be one of rtc, rtm/],
    [{ role: 'host' }, RangeError, /^expected\.role must be 'publisher' or 'subscriber'/],
    [{ role: 3 }, RangeError, /^expected\.role/],
    [{ sdk: 'tv 1' }, RangeError, /^expected\.sdk must be/],
    [{ uid: -1 }, RangeError, /^expected\.uid/],
    [{ uid: {} }, TypeError, /^expected\.uid must be a number or a string/],
    [{ now: 'soon' }, TypeError, /^expected\.now must be a number/],
    [{ appCertificate: 'x'.repeat(32) }, TypeError, /^expected\.appCertificate must be a 32-character hexadecimal/],
    [{ channelName: 5 }, TypeError, /^expected\.channelName must be a string/],
    ['rtc', TypeError, /^expected must be an object/],
  ]
  for (const [e, cls, re] of cases) {
    assert.throws(() => native.diagnoseToken(t, e), (err) => err instanceof cls && re.test(err.message) && !err.message.includes('x'.repeat(32)), JSON.stringify(e))
  }
  assert.throws(() => native.diagnoseToken(undefined), /^TypeError: token must be a string/)
})

test('hostile tokens stay bounded', () => {
  const samples = ['', '007', '006' + 'f'.repeat(32), '005', '007' + 'A'.repeat(200000), '007eJ' + '%'.repeat(1000), '\u0000'.repeat(10)]
  for (const s of samples) {
    const t0 = process.hrtime.bigint()
    const d = native.diagnoseToken(s, rtc)
    assert.ok(Number(process.hrtime.bigint() - t0) < 1e9)
    assert.equal(d.ok, false)
    assert.ok(JSON.stringify(d).length < 4000)
  }
  const long = at(NOW, () => {
    const t = new RefAccessToken2(A, C, NOW, 3600)
    const { ServiceRtc } = require('agora-token/src/AccessToken2')
    const s = new ServiceRtc('c'.repeat(60000), 42)
    s.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 3600)
    t.add_service(s)
    return t.build()
  })
  // A 007 token whose channel is 60 000 bytes: messages stay short.
  const d = native.diagnoseToken(long, { ...rtc, role: undefined })
  assert.deepEqual(d.problems.map((p) => p.code), ['CHANNEL_MISMATCH'])
  assert.ok(d.problems[0].message.length < 400, d.problems[0].message.length)
})

test('random edits of real tokens never throw and stay bounded', () => {
  const { prng } = require('./helpers')
  const r = prng(16)
  const seeds = [rtc007(), rtc006(), key005(), rtm007('alice'), unknownService()]
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= %*\u0000'
  for (let i = 0; i < 2000; i++) {
    const chars = [...r.pick(seeds)]
    for (let k = r.int(1, 4); k > 0; k--) {
      const at = r.int(0, chars.length - 1)
      const op = r.int(0, 2)
      if (op === 0) chars[at] = r.pick([...alphabet])
      else if (op === 1) chars.splice(at, 1)
      else chars.splice(at, 0, r.pick([...alphabet]))
    }
    const token = chars.join('')
    const d = native.diagnoseToken(token, rtc)
    assert.equal(typeof d.ok, 'boolean')
    assert.ok(d.problems.length <= 32)
    assert.ok(JSON.stringify(d.problems).length < 16000)
    if (d.version === null) assert.deepEqual(d.problems.map((p) => p.code), ['MALFORMED'])
  }
})
