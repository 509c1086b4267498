'use strict'
// DynamicKey 1-4 and the Signaling token through the package's one decoder and verifier:
// decodeToken tells each format, verifyToken checks its signature (and expiry when asked),
// diagnoseToken and the CLI read them. (Generation and byte-identity are
// legacy-keys.test.js and legacy-keys-oracle.test.js.)
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { decodeToken, verifyToken, diagnoseToken } = require('..')
const legacy = require('../legacy.js')

const ID = '970ca35de60c44645bbae8a215061b33'
const CERT = '5cfd2fd1755d40ecb72977518be15d3b'
const OTHER = '5cfd2fd1755d40ecb72977518be15d3c'
const TS = 1700000000
const EXP = TS + 3600

const keys = [
  ['DynamicKey', '001', legacy.DynamicKey1.generate(ID, CERT, 'ch', TS, 5), { channelName: 'ch' }, null],
  ['DynamicKey2', '002', legacy.DynamicKey2.generate(ID, CERT, 'ch', TS, 5, 7, EXP), { channelName: 'ch', uid: 7 }, EXP],
  ['DynamicKey3', '003', legacy.DynamicKey3.generate(ID, CERT, 'ch', TS, 5, 7, EXP), { channelName: 'ch', uid: 7 }, EXP],
  ['DynamicKey4', '004', legacy.DynamicKey4.generateMediaChannelKey(ID, CERT, 'ch', TS, 5, 7, EXP), { channelName: 'ch', uid: 7 }, EXP],
  ['SignalingToken', 'signaling', legacy.SignalingToken.getWithExpiredTs(ID, CERT, 'alice', EXP), { uid: 'alice' }, EXP],
]

test('decodeToken tells every older key by its format and matches decodeLegacyKey', () => {
  for (const [format, version, key] of keys) {
    const d = decodeToken(key)
    assert.equal(d.format, format)
    assert.equal(d.version, version)
    assert.equal(d.appId, ID)
    assert.deepEqual(d, legacy.decodeLegacyKey(key))
    assert.deepEqual(legacy.decodeToken(key), d)
  }
  assert.match(decodeToken(keys[0][2]).ambiguity, /read as a DynamicKey \(v1\) from its length/)
  assert.throws(() => decodeToken('004' + keys[3][2].slice(4)), { code: 'ERR_INVALID_TOKEN' })
})

test('verifyToken checks their signatures, the expected channel and uid, and expiry when asked', () => {
  for (const [format, , key, expected, exp] of keys) {
    assert.equal(verifyToken(key, CERT, expected), true, format)
    assert.equal(verifyToken(key, OTHER, expected), false, format)
    if (expected.channelName) assert.equal(verifyToken(key, CERT, { ...expected, channelName: 'other' }), false, format)
    if (exp !== null) {
      assert.equal(verifyToken(key, CERT, { ...expected, now: exp }), true, format)
      assert.equal(verifyToken(key, CERT, { ...expected, now: exp + 1 }), false, format)
    } else {
      assert.equal(verifyToken(key, CERT, { ...expected, now: 4294967295 }), true, 'a DynamicKey (v1) never expires')
    }
  }
  assert.throws(() => verifyToken(keys[1][2], CERT, { channelName: 'ch' }), { name: 'TypeError', message: /^expected\.uid is required to verify a DynamicKey2/ })
  assert.throws(() => verifyToken(keys[4][2], CERT), { name: 'TypeError', message: /^expected\.uid is required to verify a SignalingToken/ })
})

test('diagnoseToken reads them: an expired key, a wrong certificate, a correct key', () => {
  const [, , k2, , exp] = keys[1]
  const ok = diagnoseToken(k2, { appId: ID, appCertificate: CERT, channelName: 'ch', uid: 7, now: TS + 10 })
  assert.equal(ok.ok, true, JSON.stringify(ok.problems))
  assert.equal(ok.version, '002')
  assert.equal(ok.signatureChecked, true)
  const expired = diagnoseToken(k2, { now: exp + 60 })
  assert.deepEqual(expired.problems.filter((p) => p.severity === 'error').map((p) => p.code), ['EXPIRED'])
  const wrong = diagnoseToken(keys[4][2], { appCertificate: OTHER, uid: 'alice', now: TS })
  assert.deepEqual(wrong.problems.filter((p) => p.severity === 'error').map((p) => p.code), ['BAD_SIGNATURE'])
  assert.ok(!JSON.stringify(wrong).includes(OTHER))
})

test('the CLI decodes and verifies them', () => {
  const cli = path.join(__dirname, '..', 'cli.js')
  const run = (args) => execFileSync(process.execPath, [cli, ...args], { env: { ...process.env, AGORA_APP_CERTIFICATE: CERT }, encoding: 'utf8' })
  assert.match(run(['decode', keys[3][2]]), /^version {3}004 \(DynamicKey4\)\n/)
  const later = Math.floor(Date.now() / 1000) + 3600
  const k3 = legacy.DynamicKey3.generate(ID, CERT, 'ch', later - 3600, 5, 7, later)
  assert.match(run(['verify', k3, '--channel', 'ch', '--uid', '7']), /^valid: 003 token/)
  assert.match(run(['verify', legacy.SignalingToken.get(ID, CERT, 'alice', 3600), '--account', 'alice']), /^valid: signaling token/)
  // An expired key is invalid, exit code 1.
  assert.throws(() => run(['verify', keys[2][2], '--channel', 'ch', '--uid', '7']), (e) => e.status === 1 && /^invalid: expired at 2023-11-14T23:13:20Z/.test(e.stdout))
  assert.throws(() => run(['verify', keys[4][2]]), (e) => e.status === 2 && /needs --account/.test(e.stderr))
})

test('an expected uid of 0 is each format\'s own 0: a SignalingToken account "0", a DynamicKey uid 0, "any uid" in a 007 token', () => {
  const { RtcTokenBuilder } = require('..')
  const sig = legacy.SignalingToken.getWithExpiredTs(ID, CERT, '0', EXP)
  for (const uid of [0, '0']) {
    assert.equal(verifyToken(sig, CERT, { uid }), true, `verifyToken, uid ${JSON.stringify(uid)}`)
    assert.equal(legacy.verifyLegacyKey(sig, CERT, { uid }), true, `verifyLegacyKey, uid ${JSON.stringify(uid)}`)
    const d = diagnoseToken(sig, { appId: ID, appCertificate: CERT, uid, now: TS })
    assert.equal(d.problems.some((p) => p.code === 'BAD_SIGNATURE'), false, JSON.stringify(d.problems))
    assert.equal(d.signatureChecked, true)
  }
  assert.equal(verifyToken(sig, CERT, { uid: '' }), false, 'the empty account is another account')
  const dk = legacy.DynamicKey2.generate(ID, CERT, 'ch', TS, 5, 0, EXP)
  for (const uid of [0, '0', '']) assert.equal(verifyToken(dk, CERT, { channelName: 'ch', uid }), true, `DynamicKey2, uid ${JSON.stringify(uid)}`)
  const t = RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'ch', 0, 1, 600, 600)
  assert.equal(verifyToken(t, '5CFd2fd1755d40ecb72977518be15d3b', { channelName: 'ch', uid: 0 }), true)
  assert.equal(verifyToken(t, '5CFd2fd1755d40ecb72977518be15d3b', { channelName: 'ch', uid: 5 }), false)
})
