'use strict'
// `agora-token-native verify` says when a token expires ("expiresAt", "expired at ...") and
// the library decides whether it has (verifyToken with checkExpiry). The two must agree for
// every format, at expiry 0 (which means "never" for some formats and "at once" or "at
// 1970" for others) and at a time past and to come.
const test = require('node:test')
const assert = require('node:assert/strict')
const { runCli } = require('./helpers')
const native = require('..')
const legacy = require('../legacy.js')

const ID = '970ca35de60c44645bbae8a215061b33'
const CERT = '5cfd2fd1755d40ecb72977518be15d3b'

function verify(token, args) {
  const r = runCli(['verify', token, '--app-certificate', CERT, ...args, '--json'])
  assert.ok(r.code === 0 || r.code === 1, r.stderr)
  return JSON.parse(r.stdout)
}

test('verify: the expiry it prints agrees with the library, for every format and at expiry 0', () => {
  const now = Math.floor(Date.now() / 1000)
  const cases = []
  for (const at of [0, now - 3600, now + 3600]) {
    const ch = ['--channel', 'room', '--uid', '7']
    cases.push(['SignalingToken', legacy.SignalingToken.getWithExpiredTs(ID, CERT, 'alice', at), ['--account', 'alice'], { uid: 'alice' }])
    cases.push(['DynamicKey2', legacy.DynamicKey2.generate(ID, CERT, 'room', now - 7200, 1, 7, at), ch, { channelName: 'room', uid: 7 }])
    cases.push(['DynamicKey4', legacy.DynamicKey4.generateMediaChannelKey(ID, CERT, 'room', now - 7200, 1, 7, at), ch, { channelName: 'room', uid: 7 }])
    cases.push(['DynamicKey5', legacy.DynamicKey5.generateMediaChannelKey(ID, CERT, 'room', now - 7200, 1, 7, at), ch, { channelName: 'room', uid: 7 }])
  }
  for (const expire of [0, 3600]) {
    cases.push(['007', native.RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'room', 7, 1, expire), [], {}])
  }
  // One that expired an hour ago (issued two hours ago, for an hour): no expiry falls within
  // the seconds the test takes, where the command and the library could see different times.
  const old = new native.AccessToken2(ID, CERT, now - 7200, 3600)
  const rtc = new native.ServiceRtc('room', 7)
  rtc.add_privilege(native.ServiceRtc.kPrivilegeJoinChannel, 0)
  old.add_service(rtc)
  cases.push(['007', old.build(), [], {}])
  cases.push(['DynamicKey', legacy.DynamicKey1.generate(ID, CERT, 'room', now - 7200, 1), ['--channel', 'room'], { channelName: 'room' }])
  let expiredSeen = 0
  for (const [format, token, args, expected] of cases) {
    const r = verify(token, args)
    const valid = native.verifyToken(token, CERT, { ...expected, checkExpiry: true })
    const label = `${format} ${JSON.stringify(r)}`
    assert.equal(r.valid, valid, label)
    if (valid) {
      assert.equal(r.reason, null, label)
      if (r.expiresAt !== null) assert.ok(Date.parse(r.expiresAt) / 1000 >= now, label)
    } else {
      // Signed, so refused for its expiry: the time it gives is the one in "expiresAt".
      assert.notEqual(r.expiresAt, null, label)
      assert.ok(r.reason.startsWith(`expired at ${r.expiresAt}`), label)
      assert.ok(Date.parse(r.expiresAt) / 1000 <= now, label)
      expiredSeen++
    }
  }
  assert.ok(expiredSeen >= 6, `${expiredSeen} expired cases`)
})
