// Large 007 tokens (100 and 1000 privileges, 1000 RTM2 names, up to near the 64 KiB payload
// limit): their payloads go to a different compressor than small tokens, so they are
// compared with agora-token's by inflated payload, length and signature here.
const test = require('node:test')
const assert = require('node:assert/strict')
const ours = require('../index.js')
const ref = require('agora-token')
const { AccessToken2: RefAccessToken2, ServiceRtc: RefServiceRtc } = require('agora-token/src/AccessToken2')
const { payload, withSaltAndTime, refParse } = require('./helpers.js')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'

function same(oursToken, refBuild) {
  const { salt, issueTs } = refParse(oursToken)
  const refToken = withSaltAndTime(salt, issueTs, refBuild)
  assert.equal(payload(oursToken), payload(refToken))
  assert.ok(oursToken.length <= refToken.length * 1.02, `length ${oursToken.length} vs agora-token's ${refToken.length}`)
  assert.equal(ours.verifyToken(oursToken, cert), true)
  return oursToken
}

for (const n of [100, 1000, 9000]) {
  test(`a token with ${n} privileges has agora-token's payload`, () => {
    const issueTs = 1_700_000_000
    const t = new ours.AccessToken2(appId, cert, issueTs, 3600)
    const s = new ours.ServiceRtc('room', 42)
    for (let k = 0; k < n; k++) s.addPrivilege(k, 3600 + (k % 7))
    t.addService(s)
    const token = t.build()
    same(token, () => {
      const r = new RefAccessToken2(appId, cert, issueTs, 3600)
      const rs = new RefServiceRtc('room', 42)
      for (let k = 0; k < n; k++) rs.add_privilege(k, 3600 + (k % 7))
      r.add_service(rs)
      return r.build()
    })
    assert.equal(Object.keys(ours.decodeToken(token).services[0].privileges).length, n)
  })
}

for (const n of [100, 1000, 4000]) {
  test(`an RTM2 token with ${n} names has agora-token's payload, and its permissions object is left as it was`, () => {
    const names = Array.from({ length: n }, (_, i) => `channel-${i}`)
    const mk = (lib) => {
      const p = new lib.Rtm2Permissions()
      p.add(lib.Rtm2Permissions.kMessageChannels, lib.Rtm2Permissions.kRead, names)
      p.add(lib.Rtm2Permissions.kUsers, lib.Rtm2Permissions.kWrite, ['bob'])
      return p
    }
    const p = mk(ours)
    const before = JSON.stringify(p.details)
    const token = ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', p, 600)
    same(token, () => ref.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', mk(ref), 600))
    assert.equal(JSON.stringify(p.details), before)
    // A second token from the same object: the same services.
    const again = ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', p, 600)
    assert.deepEqual(ours.decodeToken(again).services, ours.decodeToken(token).services)
  })
}

// verifyToken hashes a long token's signed bytes while its payload inflates: agora-token's
// long tokens (compressed by Node's zlib), ours, and both with one signed byte changed and
// re-compressed, verify as agora-token's verifySignature says.
test('long tokens verify as agora-token verifies them', () => {
  const zlib = require('node:zlib')
  const other = '5CFd2fd1755d40ecb72977518be15d3c'
  for (const n of [50, 400, 1000, 3000]) {
    const r = new RefAccessToken2(appId, cert, 1_700_000_000, 3600)
    const rs = new RefServiceRtc('room', 42)
    for (let k = 0; k < n; k++) rs.add_privilege(k, 3600)
    r.add_service(rs)
    const refToken = r.build()
    const t = new ours.AccessToken2(appId, cert, 1_700_000_000, 3600)
    const s = new ours.ServiceRtc('room', 42)
    for (let k = 0; k < n; k++) s.addPrivilege(k, 3600)
    t.addService(s)
    for (const token of [refToken, t.build()]) {
      const p = zlib.inflateSync(Buffer.from(token.slice(3), 'base64'))
      const changed = Buffer.from(p)
      changed[changed.length - 100] ^= 1
      const tampered = '007' + zlib.deflateSync(changed).toString('base64')
      for (const [tok, c] of [[token, cert], [token, other], [tampered, cert]]) {
        const check = new RefAccessToken2()
        const expected = check.from_string(tok) && check.verifySignature(c)
        assert.equal(ours.verifyToken(tok, c), expected, `${n} privileges`)
        assert.equal(ours.verifyToken(tok, c, { channelName: 'room', uid: 42 }), expected)
        assert.equal(ours.verifyToken(tok, c, { channelName: 'hall' }), false)
      }
      assert.equal(ours.verifyToken(token, cert), true)
    }
  }
})
