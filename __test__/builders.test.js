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

// ---- Widened inputs: wildcard channels and numbers as decimal strings ----------------------
// What apps pass straight from `req.query`. agora-token takes both (it writes `+value` into its
// buffers, and compares roles with `==`); ours must give the same payload for the same strings.

/** Argument positions that take a number, per builder (uids and accounts are not numbers). */
const NUMERIC = {
  'RtcTokenBuilder.buildTokenWithUid': [4, 5, 6],
  'RtcTokenBuilder.buildTokenWithUserAccount': [4, 5, 6],
  'RtcTokenBuilder.buildTokenWithUidAndPrivilege': [4, 5, 6, 7, 8],
  'RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege': [4, 5, 6, 7, 8],
  'RtcTokenBuilder.buildTokenWithRtm': [4, 5, 6],
  'RtcTokenBuilder.buildTokenWithRtm2': [4, 5, 6, 7, 8, 9, 11],
  'RtmTokenBuilder.buildToken': [3],
  'RtmTokenBuilder.buildTokenWithPermissions': [4],
  'ChatTokenBuilder.buildUserToken': [3],
  'ChatTokenBuilder.buildAppToken': [2],
  // The APaaS role too, when positive: a negative role must be a number (the decimal-string rule
  // has no sign), and agora-token packs the number 0 as -1 but the string '0' as 0
  // (`role || -1`); this package stores both as -1 (see the README's differences).
  'ApaasTokenBuilder.buildRoomUserToken': [4, 5],
  'ApaasTokenBuilder.buildUserToken': [3],
  'ApaasTokenBuilder.buildAppToken': [2],
  'EducationTokenBuilder.buildRoomUserToken': [4, 5],
  'EducationTokenBuilder.buildUserToken': [3],
  'EducationTokenBuilder.buildAppToken': [2],
  'FpaTokenBuilder.buildToken': [],
  // Not the role: agora-token's ConvoAI and STT builders compare it with `===`, so its '1' makes
  // a subscriber token without a word (its RtcTokenBuilder uses `==`). Here '1' is the
  // publisher everywhere: checked below, and said in the README's differences.
  'ConvoAITokenBuilder.buildToken': [5, 6, 7, 8, 9, 11],
  'SttTokenBuilder.buildToken': [5, 6, 7, 8, 9, 11],
}
/** Builders whose third argument is a channel name. */
const WITH_CHANNEL = (path) => path.startsWith('RtcTokenBuilder.') || path.startsWith('ConvoAI') || path.startsWith('Stt')
const WILDCARDS = ['*', '1*a*2', '*room', 'room*', '**', 'a*b*c*d']
const N_WIDE = 120

test('every builder has its numeric positions listed', () => {
  assert.deepEqual(Object.keys(NUMERIC).sort(), Object.keys(cases).sort())
})

for (const [path, gen] of Object.entries(cases)) {
  const caseSeed = seed++
  test(`${path} with wildcard channels and numeric strings equals agora-token given the same strings (${N_WIDE} inputs)`, () => {
    const r = prng(caseSeed + 1000)
    let widened = 0
    for (let i = 0; i < N_WIDE; i++) {
      const args = gen(r)
      if (WITH_CHANNEL(path)) args[2] = r.pick([...WILDCARDS, args[2]])
      for (const at of NUMERIC[path]) {
        if (at < args.length && typeof args[at] === 'number' && !(path.includes('RoomUser') && at === 4 && args[at] <= 0) && r.next() < 0.8) {
          args[at] = String(args[at])
          widened++
        }
      }
      const at = args.indexOf('PERMISSIONS')
      const ourArgs = args.slice()
      const refArgs = args.slice()
      if (at >= 0) {
        const permSeed = r.int(0, 1e9)
        ourArgs[at] = permissions(ours, prng(permSeed))
        refArgs[at] = permissions(ref, prng(permSeed))
        // The RTM2 wildcard: '*' as a stream channel.
        ourArgs[at].add(ours.Rtm2Permissions.kStreamChannels, ours.Rtm2Permissions.kRead, ['*'])
        refArgs[at].add(ref.Rtm2Permissions.kStreamChannels, ref.Rtm2Permissions.kRead, ['*'])
      }
      const token = get(ours, path)(...ourArgs)
      const parsed = refParse(token)
      assert.equal(parsed.verifySignature(args[1]), true, `${path} #${i}`)
      const expected = withSaltAndTime(parsed.salt, parsed.issueTs, () => get(ref, path)(...refArgs))
      assert.equal(payload(token), payload(expected), `${path} #${i} args ${JSON.stringify(args)}`)
    }
    if (NUMERIC[path].length) assert.ok(widened > N_WIDE / 2, `${path}: only ${widened} numbers given as strings`)
  })
}

test('numbers as strings: only canonical decimal digits, in range, with the clear error otherwise', () => {
  const appId = '970CA35de60c44645bbae8a215061b33'
  const cert = '5CFd2fd1755d40ecb72977518be15d3b'
  const build = (expire) => ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, 1, expire)
  for (const bad of ['1.5', '-1', ' 42', '42 ', '0x10', '01', '', '1e3', '+1', 'abc', '٣']) {
    assert.throws(() => build(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /^tokenExpire must be a number or a string of decimal digits such as '3600'/ }, JSON.stringify(bad))
  }
  assert.throws(() => build('4294967296'), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /^tokenExpire must be an integer from 0 to 4294967295, got 4294967296$/ })
  assert.throws(() => ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, '3', 600), { name: 'RangeError', message: /^role must be RtcRole\.PUBLISHER \(1\) or RtcRole\.SUBSCRIBER \(2\), got 3$/ })
  // A role string is the role in every builder, ConvoAI and STT included.
  for (const B of [ours.ConvoAITokenBuilder, ours.SttTokenBuilder]) {
    const mk = (role) => refParse(B.buildToken(appId, cert, 'room', 42, role, 600, 600, 600, 600, 600, 'bot', 600))
    assert.deepEqual(Object.keys(mk('1').services[0].__privileges), ['1', '2', '3', '4'])
    assert.deepEqual(Object.keys(mk('2').services[0].__privileges), ['1'])
  }
  // The same token as the number.
  const a = refParse(build('600'))
  assert.equal(a.expire, 600)
  assert.equal(refParse(build('0')).expire, 0)
})
