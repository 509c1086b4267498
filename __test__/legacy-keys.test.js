'use strict'
// DynamicKey 1-4 and the Signaling token: every generated key decodes to its inputs and
// verifies; a key with one byte changed, or checked with another certificate, does not.
// Argument errors name the parameter; hostile strings never crash the decoder.
// (Byte-identity with the references is __test__/legacy-keys-oracle.test.js.)
const test = require('node:test')
const assert = require('node:assert/strict')
const { prng } = require('./helpers')
const legacy = require('../legacy.js')
const { DynamicKey1, DynamicKey2, DynamicKey3, DynamicKey4, SignalingToken, decodeLegacyKey, verifyLegacyKey } = legacy

const ID = '970ca35de60c44645bbae8a215061b33'
const CERT = '5cfd2fd1755d40ecb72977518be15d3b'
const OTHER_CERT = '5cfd2fd1755d40ecb72977518be15d3c'

/** Every generator on one input: [format, key, fields the key must decode to, expected]. */
function generate(id, cert, ch, ts, r, uid, exp, acc) {
  const a = [id, cert, ch, ts, r, uid, exp]
  const common = { appId: id, unixTs: ts, randomInt: r }
  const forChannel = { channelName: ch, uid }
  return [
    ['DynamicKey', DynamicKey1.generate(id, cert, ch, ts, r), { ...common, version: '001', uid: null, expiredTs: null }, forChannel],
    ['DynamicKey2', DynamicKey2.generate(...a), { ...common, version: '002', uid, expiredTs: exp }, forChannel],
    ['DynamicKey3', DynamicKey3.generate(...a), { ...common, version: '003', uid, expiredTs: exp }, forChannel],
    ['DynamicKey4', DynamicKey4.generatePublicSharingKey(...a), { ...common, version: '004', uid: null, expiredTs: exp }, forChannel],
    ['DynamicKey4', DynamicKey4.generateRecordingKey(...a), { ...common, version: '004', uid: null, expiredTs: exp }, forChannel],
    ['DynamicKey4', DynamicKey4.generateMediaChannelKey(...a), { ...common, version: '004', uid: null, expiredTs: exp }, forChannel],
    ['SignalingToken', SignalingToken.getWithExpiredTs(id, cert, acc, exp), { appId: id, expiredTs: exp, version: 'signaling' }, { uid: acc }],
  ]
}

test('round trips: 300 seeded inputs per generator decode to their inputs and verify; one byte changed or another certificate does not', () => {
  const rng = prng(0x18400)
  let changed = 0
  for (let i = 0; i < 300; i++) {
    const acc = rng.account().replace(/[\ud800-\udfff]/g, 'x') || 'a'
    for (const [format, key, fields] of generate(rng.hex32(), rng.hex32(), rng.channel(), rng.u32(), rng.u32(), rng.uid(), rng.u32(), acc)) {
      const d = decodeLegacyKey(key)
      assert.equal(d.format, format)
      for (const [k, v] of Object.entries(fields)) assert.equal(d[k], v, `${format} ${k}`)
      assert.equal(d.ambiguity === null, format === 'DynamicKey3' || format === 'SignalingToken')
    }
  }
  // Verification, with a known certificate.
  for (let i = 0; i < 300; i++) {
    const ch = rng.channel()
    const acc = rng.account().replace(/[\ud800-\udfff]/g, 'x') || 'a'
    for (const [format, key, , expected] of generate(ID, CERT, ch, rng.u32(), rng.u32(), rng.uid(), rng.u32(), acc)) {
      assert.equal(verifyLegacyKey(key, CERT, expected), true, `${format} ${key}`)
      assert.equal(verifyLegacyKey(key, OTHER_CERT, expected), false, format)
      assert.equal(verifyLegacyKey(key, CERT.toUpperCase(), expected), false, `${format}: the certificate is signed as text`)
      const pos = rng.int(0, key.length - 1)
      const c = key[pos] === '7' ? '8' : '7'
      const mutated = key.slice(0, pos) + c + key.slice(pos + 1)
      let ok
      try {
        ok = verifyLegacyKey(mutated, CERT, expected)
      } catch (e) {
        assert.equal(e.code, 'ERR_INVALID_TOKEN')
        ok = false
      }
      assert.equal(ok, false, `${format} with byte ${pos} changed: ${mutated}`)
      changed++
    }
  }
  assert.equal(changed, 300 * 7)
})

test('DynamicKey4.serviceOf tells the service the key was made for', () => {
  const a = [ID, CERT, 'room', 1, 2, 3, 4]
  assert.equal(DynamicKey4.serviceOf(DynamicKey4.generatePublicSharingKey(...a), CERT, 'room', 3), 'publicSharing')
  assert.equal(DynamicKey4.serviceOf(DynamicKey4.generateRecordingKey(...a), CERT, 'room', 3), 'recording')
  assert.equal(DynamicKey4.serviceOf(DynamicKey4.generateDynamicKey(...a, 'ACS'), CERT, 'room', 3), 'mediaChannel')
  assert.equal(DynamicKey4.serviceOf(DynamicKey4.generateRecordingKey(...a), CERT, 'room', 4), null)
  assert.throws(() => DynamicKey4.serviceOf(DynamicKey2.generate(...a), CERT, 'room', 3), { code: 'ERR_INVALID_TOKEN' })
})

test('verifyLegacyKey asks for what the signature covers', () => {
  const v1 = DynamicKey1.generate(ID, CERT, 'room', 1, 2)
  assert.equal(verifyLegacyKey(v1, CERT, { channelName: 'room' }), true, 'a v1 key covers no uid')
  assert.equal(verifyLegacyKey(v1, CERT, { channelName: 'room', uid: 99 }), true)
  assert.throws(() => verifyLegacyKey(v1, CERT), { name: 'TypeError', message: /^expected\.channelName is required to verify a DynamicKey:/ })
  const v2 = DynamicKey2.generate(ID, CERT, 'room', 1, 2, 3, 4)
  assert.throws(() => verifyLegacyKey(v2, CERT, { channelName: 'room' }), { name: 'TypeError', message: /^expected\.uid is required/ })
  assert.throws(() => verifyLegacyKey(v2, CERT, { channelName: 'room', uid: 'bob' }), { message: /^expected\.uid must be a number/ })
  assert.equal(verifyLegacyKey(v2, CERT, { channelName: 'room', uid: '3' }), true)
  const s = SignalingToken.getWithExpiredTs(ID, CERT, 42, 5)
  assert.equal(verifyLegacyKey(s, CERT, { uid: '42' }), true)
  assert.equal(verifyLegacyKey(s, CERT, { uid: 42 }), true)
  assert.throws(() => verifyLegacyKey(s, CERT, {}), { message: /^expected\.uid is required to verify a SignalingToken: give the account/ })
  assert.throws(() => verifyLegacyKey(s, 'nope', { uid: '42' }), { name: 'TypeError', message: /^appCertificate / })
  assert.throws(() => verifyLegacyKey(s, CERT, 'x'), { message: /^expected must be an object/ })
})

test('argument errors name the parameter, in order, and never show the certificate', () => {
  const cases = [
    [() => DynamicKey1.generate(undefined, CERT, 'c', 1, 2), TypeError, /^appId /],
    [() => DynamicKey1.generate(ID, 'zz', 'c', 1, 2), TypeError, /^appCertificate /],
    [() => DynamicKey1.generate(ID, CERT, '', 1, 2), RangeError, /^channelName /],
    [() => DynamicKey1.generate(ID, CERT, 'c', -1, 2), RangeError, /^unixTs must be an integer from 0 to 4294967295/],
    [() => DynamicKey1.generate(ID, CERT, 'c', 1, 2 ** 32), RangeError, /^randomInt /],
    [() => DynamicKey2.generate(ID, CERT, 'c', 1, 2, 1.5, 4), RangeError, /^uid /],
    [() => DynamicKey3.generate(ID, CERT, 'c', 1, 2, 3, '4.5'), TypeError, /^expiredTs must be a number or a string of decimal digits/],
    [() => DynamicKey4.generateDynamicKey(ID, CERT, 'c', 1, 2, 3, 4, 'APS'), RangeError, /^servicetype must be "APSS"/],
    [() => DynamicKey4.generateDynamicKey(ID, CERT, 'c', 1, 2, 3, -4, 'X'), RangeError, /^expiredTs /],
    [() => SignalingToken.get(ID, CERT, '', 60), RangeError, /^account must not be empty/],
    [() => SignalingToken.get(ID, CERT, 'a'.repeat(256), 60), RangeError, /^account must be at most 255 bytes/],
    [() => SignalingToken.get(ID, CERT, 'a', -1), RangeError, /^validTimeInSeconds must be an integer from 0 to/],
    [() => SignalingToken.get(ID, CERT, 'a', 2 ** 32), RangeError, /^validTimeInSeconds /],
    [() => SignalingToken.get1DayToken(ID, undefined, 'a'), TypeError, /^appCertificate .*environment variable/],
    [() => SignalingToken.getWithExpiredTs(ID, CERT, {}, 1), TypeError, /^account must be a number or a string/],
  ]
  for (const [fn, type, message] of cases) {
    assert.throws(fn, (e) => {
      assert.ok(e instanceof type, `${e.name}: ${e.message}`)
      assert.match(e.message, message)
      assert.ok(!e.message.includes(CERT))
      assert.equal(e.code, type === TypeError ? 'ERR_INVALID_ARG_TYPE' : 'ERR_OUT_OF_RANGE')
      return true
    })
  }
})

test('decodeLegacyKey: what it reads and what it refuses', () => {
  // The official C++ test vector of DynamicKey2 (AgoraIO/Tools cpp/test/DynamicKey2_test.cpp).
  const v2 = '7666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471'
  assert.deepEqual(decodeLegacyKey(v2), {
    version: '002',
    format: 'DynamicKey2',
    appId: ID,
    unixTs: 1446455472,
    randomInt: 58964981,
    uid: 2882341273,
    expiredTs: 1446455471,
    signature: '7666966591a93ee5a3f712e22633f31f0cbc8f13',
    ambiguity: 'a DynamicKey (v1) and a DynamicKey2 carry no version: this 110-character key is read as a DynamicKey2 from its length',
  })
  assert.equal(verifyLegacyKey(v2, CERT, { channelName: '7d72365eb983485397e3e3f9d460bdda', uid: 2882341273 }), true)
  assert.equal(decodeLegacyKey('003' + v2).format, 'DynamicKey3')
  for (const bad of ['', '006abc', '007' + 'a'.repeat(200), '005AAAA', 'hello', '003', '004' + v2, '1:', '1:x:y:z', v2.toUpperCase(), 'ü'.repeat(55)]) {
    assert.throws(() => decodeLegacyKey(bad), { code: 'ERR_INVALID_TOKEN' }, bad)
  }
  assert.throws(() => decodeLegacyKey(5), { name: 'TypeError', message: /^key must be a string/ })
  // Hostile strings: bounded work, an Error or a result, never a crash.
  const rng = prng(0x18500)
  const alphabet = '0123456789abcdefABCDEF:1é\u0000'
  for (let i = 0; i < 3000; i++) {
    const n = rng.pick([rng.int(0, 120), 90, 103, 110, 113, 78])
    const s = (rng.pick(['', '1:', '003', '004']) + Array.from({ length: n }, () => rng.pick(alphabet)).join('')).slice(0, n || 1)
    try {
      decodeLegacyKey(s)
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_TOKEN')
    }
  }
  const big = '1:' + 'a'.repeat(1 << 20)
  assert.throws(() => decodeLegacyKey(big), { code: 'ERR_INVALID_TOKEN', message: /at most 78 characters/ })
})

test('the ES module exports the same objects', async () => {
  const esm = await import('../legacy.mjs')
  for (const name of ['SignalingToken', 'DynamicKey', 'DynamicKey1', 'DynamicKey2', 'DynamicKey3', 'DynamicKey4', 'decodeLegacyKey', 'verifyLegacyKey']) {
    assert.equal(esm[name], legacy[name], name)
    assert.ok(esm[name], name)
  }
  assert.equal(legacy.DynamicKey, legacy.DynamicKey1)
  assert.deepEqual([DynamicKey1.version, DynamicKey2.version, DynamicKey3.version, DynamicKey4.version], ['001', '002', '003', '004'])
})
