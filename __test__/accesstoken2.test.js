'use strict'
// The low-level API (AccessToken2 and the ten services) against agora-token/src/AccessToken2,
// with fixed salt and issue time, compared by inflated payload; and agora-token's published
// test vectors.
const test = require('node:test')
const assert = require('node:assert/strict')
const ours = require('..')
const ref = require('agora-token/src/AccessToken2')
const { prng, payload, refParse } = require('./helpers')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const channel = '7d72365eb983485397e3e3f9d460bdda'
const uid = 2882341273

const SERVICES = ['ServiceRtc', 'ServiceRtm', 'ServiceStreaming', 'ServiceFpa', 'ServiceChat', 'ServiceFCdn', 'ServiceApaas', 'ServiceRtm2', 'ServiceConvoAI', 'ServiceStt']

test('service type constants and privilege statics equal the reference', () => {
  for (const k of Object.keys(ref).filter((k) => /^k.*ServiceType$/.test(k))) assert.equal(ours[k], ref[k], k)
  for (const [i, name] of SERVICES.entries()) {
    const args = name === 'ServiceRtc' ? ['room', 1] : []
    assert.equal(new ours[name](...args).service_type(), new ref[name](...args).service_type(), name)
    assert.equal(new ours[name](...args).service_type(), i + 1)
    const statics = Object.keys(ref[name]).filter((k) => /^(k|PRIVILEGE_)/.test(k))
    for (const k of statics) assert.equal(ours[name][k], ref[name][k], `${name}.${k}`)
  }
})

// Random constructor arguments for each service, within what both implementations accept.
function serviceArgs(name, r) {
  switch (name) {
    case 'ServiceRtc': return [r.channel(), r.bool() ? r.uid() : r.account()]
    case 'ServiceRtm':
    case 'ServiceChat': return [r.account()]
    case 'ServiceStreaming':
    case 'ServiceFCdn': return [r.channel(), r.bool() ? r.uid() : r.account()]
    case 'ServiceApaas': return [r.account(), r.account(), r.pick([0, 1, 2, 3, -5])]
    case 'ServiceRtm2': return [r.account(), 'PERMISSIONS']
    default: return []
  }
}

function make(lib, name, args, permSeed) {
  const a = args.map((x) => {
    if (x !== 'PERMISSIONS') return x
    const p = new lib.Rtm2Permissions()
    const r = prng(permSeed)
    for (let i = r.int(0, 3); i > 0; i--) p.add(r.int(0, 4), r.int(0, 1), [r.channel(), r.account()])
    return p
  })
  return new lib[name](...a)
}

test('every service type, alone and mixed, packs like the reference (fixed salt and issue time)', () => {
  const r = prng(2024)
  for (let i = 0; i < 300; i++) {
    const issueTs = r.int(1, 4294967295)
    const expire = r.u32()
    const salt = r.int(1, 99999999)
    const a = new ours.AccessToken2(appId, cert, issueTs, expire)
    const b = new ref.AccessToken2(appId, cert, issueTs, expire)
    a.salt = salt
    b.salt = salt
    const count = i < 10 * 3 ? 1 : r.int(1, 5)
    for (let j = 0; j < count; j++) {
      const name = i < 30 ? SERVICES[i % 10] : r.pick(SERVICES)
      const args = serviceArgs(name, r)
      const permSeed = r.int(0, 1e9)
      const sa = make(ours, name, args, permSeed)
      const sb = make(ref, name, args, permSeed)
      for (let k = r.int(0, 4); k > 0; k--) {
        const p = r.int(0, 5)
        const e = r.u32()
        if (r.bool()) sa.addPrivilege(p, e)
        else sa.add_privilege(p, e)
        sb.add_privilege(p, e)
      }
      if (r.bool()) a.addService(sa)
      else a.add_service(sa)
      b.add_service(sb)
      assert.equal(sa.pack().toString('hex'), sb.pack().toString('hex'), `case ${i}: ${name}.pack()`)
    }
    assert.equal(payload(a.build()), payload(b.build()), `case ${i}`)
  }
})

// agora-token@2.0.6 test/AccessToken2Test.js: its published expected tokens for these inputs.
// Compared by inflated payload (the compressed bytes depend on the zlib build).
const VECTORS = [
  {
    name: 'rtc join',
    token: '007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj',
    build: (lib) => {
      const s = new lib.ServiceRtc(channel, uid)
      s.add_privilege(lib.ServiceRtc.kPrivilegeJoinChannel, 600)
      return [s]
    },
  },
  {
    name: 'rtc all privileges + rtm',
    token: '007eJxTYOAQsrQ5s3TfH+1tvy8zZZ46EpCc0V43JXdGd2jS8porKo4KDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGRgYmBgYGVgYGMF8JjDJDCZZwKQCg3mKuZGxmWlqkqWFsYmFqbGleapxqnGaZYqJmUFSSkoiF4ORhYWRsYmhkbkxyCyISZwMJanFJfGlxalFACKnKng=',
    build: (lib) => {
      const s = new lib.ServiceRtc(channel, uid)
      for (const p of [1, 2, 3, 4]) s.add_privilege(p, 600)
      const m = new lib.ServiceRtm('test_user')
      m.add_privilege(lib.ServiceRtm.kPrivilegeLogin, 600)
      return [s, m]
    },
  },
  {
    name: 'chat user',
    token: '007eJxTYNAIsnbS3v/A5t2TC6feR15r+6cq8bqAvfaW+tk/Vzz+p6xTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADCrAyMDIxgPheDkYWFkbGJoZG5MQAfpR64',
    build: (lib) => {
      const s = new lib.ServiceChat('2882341273')
      s.add_privilege(lib.ServiceChat.kPrivilegeUser, 600)
      return [s]
    },
  },
  {
    name: 'chat app',
    token: '007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZGRgZmMB8BgYArfIYaw==',
    build: (lib) => {
      const s = new lib.ServiceChat()
      s.add_privilege(lib.ServiceChat.kPrivilegeApp, 600)
      return [s]
    },
  },
  {
    name: 'streaming and fcdn with numeric, wildcard and string accounts',
    token: '007eJxTYLi93GuuUHrO9Fr71KVJKqfDby8RezlVfGLMO77DIl79U40UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMjAwsDEwMzAyMIL5CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxiB9TETqY2BgZmCC2kKsHj6G4pKi1MRc3cTk5PzSvBI2Mt3JRpI72Uh2Jw9DWnJKHsyVAElvX1c=',
    build: (lib) => {
      const out = []
      for (const [cls, privs] of [['ServiceStreaming', [1, 2]], ['ServiceFCdn', [1, 2]]]) {
        const a = new lib[cls](channel, uid)
        a.add_privilege(privs[0], 600)
        const b = new lib[cls](channel, 0)
        b.add_privilege(privs[1], 600)
        const c = new lib[cls](channel, cls === 'ServiceStreaming' ? 'stream-account' : 'fcdn-account')
        c.add_privilege(privs[0], 600)
        c.add_privilege(privs[1], 600)
        out.push(a, b, c)
      }
      return out
    },
  },
]

for (const v of VECTORS) {
  test(`published vector: ${v.name}`, () => {
    const t = new ours.AccessToken2(appId, cert, 1111111, 600)
    t.salt = 1
    for (const s of v.build(ours)) t.add_service(s)
    const built = t.build()
    assert.equal(payload(built), payload(v.token))
    // And the vector itself decodes and verifies with our reader.
    assert.equal(ours.verifyToken(v.token, cert), true)
    const parsed = new ours.AccessToken2()
    assert.equal(parsed.fromString(v.token), true)
    assert.equal(parsed.verifySignature(cert), true)
    assert.equal(parsed.issueTs, 1111111)
    assert.equal(parsed.salt, 1)
  })
}

test('published vector with Streaming, FCDN and RTM2 services (built by the C++ implementation) decodes', () => {
  const token = '007eJxTYPj86Lzdz79M25wNn/lMfvu+TkfmdpiviKvChm8ZV3SWndytwGBpbuDsaGyakmpmkGxiYmZimpSUmGqRaGRoamBmmGRs7P5FgCGCiYGBkYGBgRkImYAsEJ8JTCowmKeYGxmbmaYmWVoYm1iYGluapxqnGqdZppiYGSSlpCRyMRhZWBgZmxgamRuzUaSbA6gXopuToSS1uCS+tDi1iJkB4jQmoGBuanFxYnqqbiKCmcTIAIEcDMUlRamJubqJLGD1jAxsDCD9uokAO/VDvQ=='
  assert.equal(ours.verifyToken(token, cert), true)
  const d = ours.decodeToken(token)
  const rtm2 = d.services.find((s) => s.name === 'rtm2')
  assert.deepEqual(rtm2.permissions, { 0: { 0: ['message-a', 'message-b'] }, 1: { 1: ['stream-a'] }, 4: { 0: ['user-a'] } })
  assert.equal(rtm2.userId, 'test_user')
  const streaming = d.services.find((s) => s.name === 'streaming')
  assert.deepEqual(streaming, { type: 3, name: 'streaming', privileges: { 1: 600, 2: 600 }, channelName: channel, account: '2882341273' })
})

test('fromString, getServices, verifySignature and the snake_case aliases', () => {
  const t = new ours.AccessToken2(appId, cert, 1111111, 600)
  t.salt = 7
  const rtm = new ours.ServiceRtm('user')
  rtm.add_privilege(1, 650)
  const rtc1 = new ours.ServiceRtc(channel, uid)
  rtc1.addPrivilege(1, 600)
  const rtc2 = new ours.ServiceRtc('stream-channel', 'stream-user')
  rtc2.addPrivilege(4, 700)
  t.addService(rtm)
  t.addService(rtc1)
  t.add_service(rtc2)
  assert.equal(t.services.length, 3)
  assert.equal(t.getServices(ours.kRtcServiceType).length, 2)
  const token = t.build()

  const p = new ours.AccessToken2('', '', 0, 0)
  assert.equal(p.from_string(token), true)
  const rtcs = p.getServices(ours.kRtcServiceType).map((s) => s.toJSON())
  assert.deepEqual(rtcs.map((s) => s.channelName), [channel, 'stream-channel'])
  assert.deepEqual(rtcs[1].privileges, { 4: 700 })
  assert.equal(p.getServices(ours.kChatServiceType).length, 0)
  assert.equal(p.verifySignature(cert), true)
  assert.equal(p.verifySignature('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), false)
  assert.equal(p.appId, appId)
  assert.equal(p.expire, 600)

  // The reference reads our token the same way.
  const r = refParse(token)
  assert.equal(r.getServices(ref.kRtcServiceType).length, 2)
  assert.equal(r.verifySignature(cert), true)

  // A failed read leaves nothing behind.
  assert.equal(p.fromString('007garbage'), false)
  assert.equal(p.verifySignature(cert), false)
  assert.equal(p.appId, '')
  assert.equal(p.fromString(42), false)
})

test('a service type we do not know ends fromString with true, as in agora-token; decodeToken refuses it', () => {
  // agora-token's own tests build such a token with a subclass of its Service.
  class Unknown extends ref.Service {
    constructor() { super(999) }
  }
  const b = new ref.AccessToken2(appId, cert, 1111111, 600)
  b.salt = 3
  const rtc = new ref.ServiceRtc(channel, uid)
  rtc.add_privilege(1, 600)
  b.add_service(rtc)
  b.add_service(new Unknown())
  const token = b.build()
  const p = new ours.AccessToken2()
  assert.equal(p.fromString(token), true)
  assert.equal(p.getServices(1).length, 1)
  assert.equal(p.verifySignature(cert), true)
  assert.throws(() => ours.decodeToken(token), /service type 999/)
  assert.equal(ours.verifyToken(token, cert), true)
})

test('build refuses what agora-token silently turns into an empty string', () => {
  const t = new ours.AccessToken2(appId, cert, 0, 600)
  assert.throws(() => t.build(), { name: 'TypeError', message: /services must not be empty/ })
  t.addService(new ours.ServiceFpa())
  t.appId = 'not-an-app-id'
  assert.throws(() => t.build(), { name: 'TypeError', message: /appId must be a 32-character hexadecimal App ID/ })
  t.appId = appId
  t.appCertificate = 'zz'
  assert.throws(() => t.build(), (e) => e instanceof TypeError && /appCertificate/.test(e.message) && !e.message.includes('zz'))
  assert.throws(() => t.addService({}), { name: 'TypeError', message: /service must be a service object/ })
})

test('a new AccessToken2 is issued now with a random salt; its certificate is redacted when shown', () => {
  const util = require('node:util')
  const now = Math.floor(Date.now() / 1000)
  const t = new ours.AccessToken2(appId, cert)
  assert.ok(Math.abs(t.issueTs - now) <= 1)
  assert.ok(t.salt >= 1 && t.salt <= 99999999)
  assert.equal(t.expire, 0)
  assert.equal(t.appCertificate, cert, 'readable, like the reference')
  assert.ok(!util.inspect(t).includes(cert))
  assert.ok(!JSON.stringify(t).includes(cert))
  assert.match(JSON.stringify(t), /\[redacted\]/)
})

test('counts the format stores in 16 bits are capped at 65535 instead of wrapping', () => {
  // 65535 privileges fit and decode; the 65536th is refused where it is added.
  const rtc = new ours.ServiceRtc(channel, uid)
  for (let p = 0; p < 65535; p++) rtc.addPrivilege(p, 600)
  rtc.addPrivilege(7, 900) // replacing an existing one is still fine
  assert.throws(() => rtc.addPrivilege(65535, 600), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: /privilege .*65535/ })
  const t = new ours.AccessToken2(appId, cert, 600)
  t.addService(rtc)
  // Larger than our decoder's 64 KiB payload limit; agora-token's own parser reads it.
  const big = t.build()
  assert.throws(() => ours.verifyToken(big, cert), { code: 'ERR_INVALID_TOKEN', message: /^invalid token: token is \d+ characters long; a 007 token is at most/ })
  const parsed = refParse(big)
  assert.equal(Object.keys(parsed.services[0].__privileges).length, 65535)
  assert.equal(parsed.services[0].__privileges[7], 900)

  // RTM2 resource types: 65535 fit, the 65536th is refused by add and by the details setter.
  const perms = new ours.Rtm2Permissions()
  for (let r = 0; r < 65535; r++) perms.add(r, 0, [])
  assert.throws(() => perms.add(65535, 0, []), { name: 'RangeError', message: /resourceType .*65535/ })
  const details = perms.details
  details[65535] = { 0: [] }
  assert.throws(() => { perms.details = details }, { name: 'RangeError', message: /details .*65535 resource types/ })
  assert.throws(() => ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'u', { details }, 600), { name: 'RangeError', message: /permissions .*65535 resource types/ })
  const rtm2 = refParse(ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'u', perms, 600)).services[0]
  assert.equal(Object.keys(rtm2.__permissions.details).length, 65535)
})

// The order a real app may write things in: the service is added first, filled in after.
function fillAfterAdding(m) {
  const t = new m.AccessToken2(appId, cert, 1111111, 600)
  t.salt = 7
  const rtc = new m.ServiceRtc(channel, uid)
  t.add_service(rtc)
  rtc.add_privilege(m.ServiceRtc.kPrivilegeJoinChannel, 600)
  const rtm = new m.ServiceRtm('alice')
  t.add_service(rtm)
  rtm.add_privilege(m.ServiceRtm.kPrivilegeLogin, 300)
  rtc.add_privilege(m.ServiceRtc.kPrivilegePublishAudioStream, 600)
  return { t, rtc, rtm }
}

test('services are the objects added, as in agora-token: a privilege added after addService is in the token', () => {
  const a = fillAfterAdding(ours)
  const b = fillAfterAdding(ref)
  assert.equal(payload(a.t.build()), payload(b.t.build()))
  assert.equal(a.t.services[0], a.rtc)
  assert.equal(a.t.services[1], a.rtm)
  assert.deepEqual(a.t.getServices(ours.kRtcServiceType), [a.rtc])
  assert.deepEqual(a.t.getServices('2'), [a.rtm])
  assert.deepEqual(a.t.toJSON().services.map((s) => s.privileges), [{ 1: 600, 2: 600 }, { 1: 300 }])
  // `services` is a plain array, as agora-token's: pushing to it or replacing it counts.
  const fpa = new ours.ServiceFpa()
  fpa.add_privilege(ours.ServiceFpa.kPrivilegeLogin, 600)
  a.t.services.push(fpa)
  const fpaRef = new ref.ServiceFpa()
  fpaRef.add_privilege(ref.ServiceFpa.kPrivilegeLogin, 600)
  b.t.services.push(fpaRef)
  assert.equal(payload(a.t.build()), payload(b.t.build()))
  a.t.services = [a.rtm]
  b.t.services = [b.rtm]
  assert.equal(payload(a.t.build()), payload(b.t.build()))
  a.t.services = []
  assert.throws(() => a.t.build(), /services must not be empty/)
  a.t.services.push({ service_type: () => 1 })
  assert.throws(() => a.t.build(), /service must be a service object/)
})

test('services read by fromString are kept objects too: changing one changes what build() signs', () => {
  const token = fillAfterAdding(ours).t.build()
  const run = (m) => {
    const p = new m.AccessToken2('', '', 0, 0)
    assert.equal(p.from_string(token), true)
    assert.equal(p.services[0], p.services[0])
    assert.equal(p.getServices(1)[0], p.services[0])
    p.services[0].add_privilege(m.ServiceRtc.kPrivilegePublishVideoStream, 900)
    p.appCertificate = cert
    return p.build()
  }
  const mine = run(ours)
  assert.equal(payload(mine), payload(run(ref)))
  assert.deepEqual(ours.decodeToken(mine).services[0].privileges, { 1: 600, 2: 600, 3: 900 })
  // A second fromString starts from the new token's services.
  const p = new ours.AccessToken2()
  p.fromString(token)
  const first = p.services[0]
  p.fromString(mine)
  assert.notEqual(p.services[0], first)
  assert.deepEqual(p.services[0].__privileges, { 1: 600, 2: 600, 3: 900 })
})

// agora-token's ServiceRtm2 keeps the permissions object it is given and reads it when the
// token is built; an app may fill that object in after making the service, or through
// `__permissions`. Each step builds with both packages and compares the payloads.
test('a ServiceRtm2 reads its permissions object when the token is built, as in agora-token', () => {
  const run = (m) => {
    const payloads = []
    const t = new m.AccessToken2(appId, cert, 1111111, 600)
    t.salt = 7
    const perms = new m.Rtm2Permissions()
    const rtm2 = new m.ServiceRtm2('alice', perms)
    // Filled in after the service is made, before and after it is added.
    perms.add(m.Rtm2Permissions.kMessageChannels, m.Rtm2Permissions.kRead, ['news', 'sports'])
    t.add_service(rtm2)
    rtm2.add_privilege(m.ServiceRtm2.kPrivilegeLogin, 600)
    payloads.push(payload(t.build()))
    perms.add(m.Rtm2Permissions.kUsers, m.Rtm2Permissions.kWrite, ['bob'])
    payloads.push(payload(t.build()))
    // Through `__permissions`, the same object.
    assert.equal(rtm2.__permissions, perms)
    rtm2.__permissions.add(m.Rtm2Permissions.kStreamChannels, m.Rtm2Permissions.kRead, ['live'])
    payloads.push(payload(t.build()))
    // A service made without permissions has an object of its own.
    const bare = new m.ServiceRtm2('carol')
    bare.__permissions.add(m.Rtm2Permissions.kGroupChannels, m.Rtm2Permissions.kRead, ['g1'])
    const t2 = new m.AccessToken2(appId, cert, 1111111, 600)
    t2.salt = 8
    t2.add_service(bare)
    payloads.push(payload(t2.build()))
    // After fromString, a read service's permissions can be changed the same way.
    const read = new m.AccessToken2(appId, cert, 0, 0)
    assert.equal(read.from_string(t.build()), true)
    read.services[0].__permissions.add(m.Rtm2Permissions.kServerGroups, m.Rtm2Permissions.kWrite, ['s1'])
    payloads.push(payload(read.build()))
    return payloads
  }
  const mine = run(ours)
  assert.deepEqual(mine, run(ref))
  // Each step changed the token.
  assert.equal(new Set(mine).size, mine.length)
  const decoded = ours.decodeToken('007' + require('node:zlib').deflateSync(Buffer.from(mine[2], 'hex')).toString('base64'))
  assert.deepEqual(decoded.services[0].permissions, { 0: { 0: ['news', 'sports'] }, 1: { 0: ['live'] }, 4: { 1: ['bob'] } })

  // Any object with `details` is read again at every build; a change a native copy keeps
  // from being seen would break this.
  const plain = { details: { 0: { 0: ['a'] } } }
  const s = new ours.ServiceRtm2('dave', plain)
  const t = new ours.AccessToken2(appId, cert, 1111111, 600)
  t.addService(s)
  const first = ours.decodeToken(t.build()).services[0].permissions
  plain.details = { 0: { 0: ['a', 'b'] } }
  assert.deepEqual([first, ours.decodeToken(t.build()).services[0].permissions], [{ 0: { 0: ['a'] } }, { 0: { 0: ['a', 'b'] } }])
  // It is still the class agora-token code looks for.
  assert.ok(s instanceof ours.ServiceRtm2 && s instanceof ours.Service)
  assert.equal(ours.AccessToken2.kServices[ours.kRtm2ServiceType], ours.ServiceRtm2)
  assert.ok(read0() instanceof ours.ServiceRtm2)
  function read0() {
    const p = new ours.AccessToken2()
    p.fromString(t.build())
    return p.services[0]
  }
})

test('__signature and __signing_info can be set, as in agora-token, and verifySignature reads them', () => {
  const token = fillAfterAdding(ours).t.build()
  const p = new ours.AccessToken2()
  p.fromString(token)
  assert.equal(p.verifySignature(cert), true)
  const signature = p.__signature
  p.__signature = Buffer.alloc(1)
  assert.equal(p.verifySignature(cert), false)
  p.__signature = signature
  assert.equal(p.verifySignature(cert), true)
  p.__signing_info = new Uint8Array(0)
  assert.equal(p.verifySignature(cert), false)
  assert.throws(() => {
    p.__signature = 'abc'
  }, /__signature must be a Uint8Array \(or Buffer\), got a string/)
})

test('services can be replaced by an array of service objects only', () => {
  const t = new ours.AccessToken2(appId, cert, 1111111, 600)
  assert.throws(() => {
    t.services = 'rtc'
  }, { name: 'TypeError', message: 'services must be an array of service objects' })
  assert.throws(() => {
    t.services = [new ours.ServiceRtc('c', 1), {}]
  }, { name: 'TypeError', message: /^service must be a service object/ })
  assert.deepEqual(t.services, [])
  const rtc = new ours.ServiceRtc('c', 1)
  t.services = [rtc]
  assert.equal(t.services[0], rtc)
  assert.equal(ours.decodeToken(t.build()).services[0].channelName, 'c')
})

test("the reference classes' public statics and methods are all here, pack() and kServices too", () => {
  // Their `__`-prefixed helpers are private; `unpack` returns their private byte reader.
  const names = (o) => {
    const out = new Set()
    for (let p = o; p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
      for (const k of Object.getOwnPropertyNames(p)) if (!/^(__|length$|name$|prototype$|constructor$|unpack$)/.test(k)) out.add(k)
    }
    return out
  }
  for (const [name, theirs] of Object.entries(ref)) {
    if (typeof theirs !== 'function') continue
    for (const k of names(theirs)) assert.ok(names(ours[name]).has(k), `${name}.${k}`)
    for (const k of names(theirs.prototype)) assert.ok(names(ours[name].prototype).has(k), `${name}.prototype.${k}`)
  }
  assert.deepEqual(Object.keys(ours.AccessToken2.kServices), Object.keys(ref.AccessToken2.kServices))
  for (const [type, Class] of Object.entries(ref.AccessToken2.kServices)) assert.equal(ours.AccessToken2.kServices[type], ours[Class.name])
  // A bare Service packs its type and privileges, for any type number.
  for (const type of [0, 4, 999, 65535]) {
    const a = new ours.Service(type)
    const b = new ref.Service(type)
    a.add_privilege(1, 600)
    b.add_privilege(1, 600)
    assert.equal(a.pack().toString('hex'), b.pack().toString('hex'), `Service(${type}).pack()`)
  }
})

test('every change between two builds is in the second: privileges, items replaced, services shared by tokens', () => {
  const make = (m) => {
    const t = new m.AccessToken2(appId, cert, 1111111, 600)
    t.salt = 9
    return t
  }
  const steps = (m) => {
    const t = make(m)
    const u = make(m)
    const rtc = new m.ServiceRtc(channel, uid)
    const fpa = new m.Service(m.kFpaServiceType)
    // Made ready before any build, so only its identity tells the array changed below.
    const other = new m.ServiceRtc('other', 5)
    other.add_privilege(1, 1)
    rtc.add_privilege(1, 600)
    t.add_service(rtc)
    u.add_service(rtc)
    const out = [t.build(), u.build()]
    rtc.add_privilege(2, 700) // after both were built
    out.push(t.build(), u.build(), t.build())
    rtc.add_privilege(3, 800) // then another service is added before the next build
    fpa.add_privilege(1, 50)
    t.add_service(fpa)
    out.push(t.build())
    fpa.add_privilege(1, 60) // a bare Service changed after it was added
    out.push(t.build())
    t.services[0] = other // same length, another object
    out.push(t.build())
    t.services.length = 0
    t.services.push(fpa)
    out.push(t.build())
    return out.map(payload)
  }
  const mine = steps(ours)
  assert.deepEqual(mine, steps(ref))
  assert.equal(new Set(mine).size, 6)
})

test("assigning a read-only __ field throws a TypeError, in sloppy code too, instead of being lost", () => {
  // new Function bodies are sloppy-mode code, as most CommonJS apps are.
  const assign = new Function('o', 'field', 'value', 'o[field] = value')
  const rtc = new ours.ServiceRtc(channel, uid)
  for (const field of ['__type', '__privileges', '__channel_name', '__uid']) {
    assert.throws(() => assign(rtc, field, 'x'), { name: 'TypeError', message: new RegExp(`^${field} is read-only in agora-token-native: `) })
  }
  assert.throws(() => assign(new ours.ServiceRtm2('u'), '__permissions', {}), /__permissions is read-only/)
  assert.throws(() => assign(new ours.ServiceApaas('r', 'u', 1), '__role', 2), /__role is read-only/)
  assert.throws(() => assign(new ours.Service(4), '__privileges', {}), /__privileges is read-only in agora-token-native: grant privileges with addPrivilege/)
  assert.throws(() => assign(new ours.AccessToken2(), '__parsed', true), /__parsed is read-only in agora-token-native: fromString sets it/)
  assert.equal(rtc.__uid, String(uid))
})
