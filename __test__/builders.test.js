'use strict'
// Every 007 builder against agora-token@2.0.6 on seeded random inputs: our token must be
// accepted and verified by the reference's own parser, and its inflated payload must equal
// the reference's for the same inputs, salt and issue time.
const test = require('node:test')
const assert = require('node:assert/strict')
const ours = require('..')
const ref = require('agora-token')
const { prng, payload, withSaltAndTime, refParse } = require('./helpers')

const N = 500

function permissions(lib, r) {
  const p = new lib.Rtm2Permissions()
  const n = r.int(0, 4)
  for (let i = 0; i < n; i++) {
    const resources = Array.from({ length: r.int(0, 4) }, () => r.channel())
    p.add(r.int(0, 4), r.int(0, 1), resources)
  }
  return p
}

const role = (r) => r.pick([1, 2])

// name -> [builder path, argument generator]. Generators draw from Agora's rules; where
// agora-token itself cannot take a value (it throws on a numeric RTM user id), they stay
// inside what the reference accepts.
const cases = {
  'RtcTokenBuilder.buildTokenWithUid': (r) => {
    const a = [r.hex32(), r.hex32(), r.channel(), r.uid(), role(r), r.u32()]
    return r.bool() ? a : [...a, r.u32()]
  },
  'RtcTokenBuilder.buildTokenWithUserAccount': (r) => {
    const a = [r.hex32(), r.hex32(), r.channel(), r.bool() ? r.account() : r.uid(), role(r), r.u32()]
    return r.bool() ? a : [...a, r.u32()]
  },
  'RtcTokenBuilder.buildTokenWithUidAndPrivilege': (r) => [
    r.hex32(), r.hex32(), r.channel(), r.uid(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(),
  ],
  'RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege': (r) => [
    r.hex32(), r.hex32(), r.channel(), r.account(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(),
  ],
  'RtcTokenBuilder.buildTokenWithRtm': (r) => {
    const a = [r.hex32(), r.hex32(), r.channel(), r.bool() ? r.account() : 0, role(r), r.u32()]
    return r.bool() ? a : [...a, r.u32()]
  },
  'RtcTokenBuilder.buildTokenWithRtm2': (r) => [
    r.hex32(), r.hex32(), r.channel(), r.bool() ? r.account() : r.uid(), role(r), r.u32(),
    r.u32(), r.u32(), r.u32(), r.u32(), r.account(), r.u32(),
  ],
  'RtmTokenBuilder.buildToken': (r) => [r.hex32(), r.hex32(), r.account(), r.u32()],
  'RtmTokenBuilder.buildTokenWithPermissions': (r) => [r.hex32(), r.hex32(), r.account(), 'PERMISSIONS', r.u32()],
  'ChatTokenBuilder.buildUserToken': (r) => [r.hex32(), r.hex32(), r.account(), r.u32()],
  'ChatTokenBuilder.buildAppToken': (r) => [r.hex32(), r.hex32(), r.u32()],
  'ApaasTokenBuilder.buildRoomUserToken': (r) => [
    r.hex32(), r.hex32(), r.account(), r.account(), r.pick([0, 1, 2, 3, r.int(-32768, 32767)]), r.u32(),
  ],
  'ApaasTokenBuilder.buildUserToken': (r) => [r.hex32(), r.hex32(), r.account(), r.u32()],
  'ApaasTokenBuilder.buildAppToken': (r) => [r.hex32(), r.hex32(), r.u32()],
  'EducationTokenBuilder.buildRoomUserToken': (r) => [
    r.hex32(), r.hex32(), r.account(), r.account(), r.pick([1, 2, 3]), r.u32(),
  ],
  'EducationTokenBuilder.buildUserToken': (r) => [r.hex32(), r.hex32(), r.account(), r.u32()],
  'EducationTokenBuilder.buildAppToken': (r) => [r.hex32(), r.hex32(), r.u32()],
  'FpaTokenBuilder.buildToken': (r) => [r.hex32(), r.hex32()],
  'ConvoAITokenBuilder.buildToken': (r) => [
    r.hex32(), r.hex32(), r.channel(), r.bool() ? r.account() : r.uid(), role(r), r.u32(),
    r.u32(), r.u32(), r.u32(), r.u32(), r.account(), r.u32(),
  ],
  'SttTokenBuilder.buildToken': (r) => [
    r.hex32(), r.hex32(), r.channel(), r.bool() ? r.account() : r.uid(), role(r), r.u32(),
    r.u32(), r.u32(), r.u32(), r.u32(), r.account(), r.u32(),
  ],
}

const get = (lib, path) => {
  const [cls, fn] = path.split('.')
  return lib[cls][fn].bind(lib[cls])
}

let seed = 1
for (const [path, gen] of Object.entries(cases)) {
  const caseSeed = seed++
  test(`${path} equals agora-token on ${N} random inputs`, () => {
    const r = prng(caseSeed)
    for (let i = 0; i < N; i++) {
      const args = gen(r)
      const at = args.indexOf('PERMISSIONS')
      let refArgs = args
      let ourArgs = args
      if (at >= 0) {
        const permSeed = r.int(0, 1e9)
        ourArgs = args.slice()
        refArgs = args.slice()
        ourArgs[at] = permissions(ours, prng(permSeed))
        refArgs[at] = permissions(ref, prng(permSeed))
      }
      const before = Math.floor(Date.now() / 1000)
      const token = get(ours, path)(...ourArgs)
      const after = Math.floor(Date.now() / 1000)
      const parsed = refParse(token)
      assert.equal(parsed.verifySignature(args[1]), true, `${path} #${i}: the reference does not verify our signature`)
      assert.ok(parsed.issueTs >= before && parsed.issueTs <= after, 'issue time is now')
      assert.ok(parsed.salt >= 1 && parsed.salt <= 99999999, 'salt in range')
      const expected = withSaltAndTime(parsed.salt, parsed.issueTs, () => get(ref, path)(...refArgs))
      assert.equal(payload(token), payload(expected), `${path} #${i} args ${JSON.stringify(args)}`)
    }
  })
}

test('the camelCase alias builds the same payload as BuildTokenWithUserAccountAndPrivilege', () => {
  const r = prng(99)
  for (let i = 0; i < 50; i++) {
    const args = cases['RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege'](r)
    const t = ours.RtcTokenBuilder.buildTokenWithUserAccountAndPrivilege(...args)
    const p = refParse(t)
    const expected = withSaltAndTime(p.salt, p.issueTs, () => ref.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(...args))
    assert.equal(payload(t), payload(expected))
  }
})

test('RtcRole and Rtm2Permissions constants equal the reference', () => {
  assert.deepEqual({ ...ours.RtcRole }, { ...ref.RtcRole })
  for (const k of ['kMessageChannels', 'kStreamChannels', 'kGroupChannels', 'kServerGroups', 'kUsers', 'kRead', 'kWrite']) {
    assert.equal(ours.Rtm2Permissions[k], ref.Rtm2Permissions[k], k)
  }
  for (const name of Object.keys(ref)) assert.ok(name in ours, `missing export ${name}`)
})

test('Rtm2Permissions keeps details like the reference', () => {
  const a = new ours.Rtm2Permissions()
  const b = new ref.Rtm2Permissions()
  for (const p of [a, b]) {
    p.add(4, 1, ['u1', 'u2'])
    p.add(0, 0, ['c'])
    p.add(4, 1, ['u3'])
    p.add(2, 0, [])
  }
  assert.deepEqual(a.details, JSON.parse(JSON.stringify(b.details)))
  a.details = { 1: { 0: ['x'] } }
  assert.deepEqual(a.details, { 1: { 0: ['x'] } })
})

test('tokens are valid zlib streams that agora-token parses, built fresh each call', () => {
  const appId = '970CA35de60c44645bbae8a215061b33'
  const cert = '5CFd2fd1755d40ecb72977518be15d3b'
  const a = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, ours.RtcRole.PUBLISHER, 600)
  const b = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, ours.RtcRole.PUBLISHER, 600)
  assert.notEqual(a, b, 'a fresh salt per token')
  assert.equal(refParse(a).verifySignature(cert), true)
  assert.equal(refParse(a).verifySignature('5CFd2fd1755d40ecb72977518be15d3c'), false)
})
