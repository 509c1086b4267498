'use strict'
// The JavaScript boundary: every exported function, static method, constructor, method and
// setter, called with every wrong thing a caller can pass in each position, throws a
// TypeError or RangeError whose message names the parameter; the process survives; and no
// error, toString, util.inspect or JSON.stringify ever contains the App Certificate.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const util = require('node:util')
const m = require('..')

const APP_ID = '970CA35de60c44645bbae8a215061b33'
// A distinctive certificate, so a leak of it (or of half of it) is unmistakable.
const CERT = 'C0FFEE5EC2E7A11CE0FB0B0DDBA11ACE'
const SECRET_PARTS = [CERT, CERT.slice(0, 16), CERT.slice(16), CERT.toLowerCase()]
const T = TypeError
const R = RangeError

// ---- Wrong values, by kind of parameter -------------------------------------------------

const sym = Symbol('s')
const fn = () => 1
/** Values of the wrong JavaScript type for a number. */
const nonNumbers = [
  ['undefined', undefined, T], ['null', null, T], ['2n', 2n, T], ['{}', {}, T], ['[]', [], T],
  ['Symbol()', sym, T], ['true', true, T], ['a function', fn, T],
  // Numbers given as strings must be canonical decimal digits ('3600'): anything else is refused.
  ['"1.5"', '1.5', T], ['"-1"', '-1', T], ['" 42"', ' 42', T], ['"0x10"', '0x10', T], ['"01"', '01', T], ['""', '', T], ['"1e3"', '1e3', T], ['"abc"', 'abc', T],
]
/** Numbers outside 0..=4294967295 or not integers. */
const badU32 = [['NaN', NaN, R], ['Infinity', Infinity, R], ['-Infinity', -Infinity, R], ['-1', -1, R], ['1.5', 1.5, R], ['2**32', 2 ** 32, R], ['"4294967296"', '4294967296', R]]
/** Values of the wrong JavaScript type for a string. */
const nonStrings = [
  ['undefined', undefined, T], ['null', null, T], ['NaN', NaN, T], ['Infinity', Infinity, T], ['-1', -1, T],
  ['1.5', 1.5, T], ['2**32', 2 ** 32, T], ['2n', 2n, T], ['{}', {}, T], ['[]', [], T], ['Symbol()', sym, T],
  ['a number', 42, T], ['true', true, T], ['a function', fn, T], ['a String object', new String('x'), T],
]
const notNullish = (list) => list.filter(([label]) => label !== 'undefined' && label !== 'null')
const notUndefined = (list) => list.filter(([label]) => label !== 'undefined')

const KINDS = {
  appId: {
    valid: APP_ID,
    wrong: [...nonStrings, ['""', '', T], ['"xyz"', 'xyz', T], ['31 hex', APP_ID.slice(0, 31), T], ['33 hex', APP_ID + '0', T], ['non-hex', APP_ID.slice(0, 31) + 'g', T]],
  },
  cert: {
    valid: CERT,
    // Near misses of the real certificate: their messages must not echo them either.
    wrong: [...nonStrings, ['""', '', T], ['31 chars of it', CERT.slice(0, 31), T], ['it + 1 char', CERT + 'A', T], ['it with a non-hex char', CERT.slice(0, 31) + 'Z', T], ['it with a space', ' ' + CERT.slice(1), T]],
  },
  channel: {
    valid: 'room 1',
    wrong: [...nonStrings, ['""', '', R], ['"a/b"', 'a/b', R], ['65 chars', 'x'.repeat(65), R], ['"café"', 'café', R], ['a newline', 'a\nb', R]],
  },
  optChannel: { optional: true, valid: 'room', wrong: [...notNullish(nonStrings), ['"a/b"', 'a/b', R], ['65 chars', 'x'.repeat(65), R]] },
  account: {
    valid: 42,
    wrong: [
      ['undefined', undefined, T], ['null', null, T], ['2n', 2n, T], ['{}', {}, T], ['[]', [], T], ['Symbol()', sym, T], ['true', true, T], ['a function', fn, T],
      // A string is an account, not a number: only the numeric bad values apply.
      ...badU32.filter(([label]) => !label.startsWith('"')), ['256 bytes', 'x'.repeat(256), R], ['128 two-byte chars', 'é'.repeat(128), R],
    ],
  },
  optAccount: { optional: true, valid: 'alice', wrong: [] /* filled below */ },
  role: { valid: 1, wrong: [...nonNumbers, ...badU32, ['0', 0, R], ['3', 3, R], ['"3"', '3', R]] },
  expire: { valid: 600, wrong: [...nonNumbers, ...badU32] },
  optExpire: { optional: true, valid: 300, wrong: [...notUndefined(nonNumbers), ...badU32] },
  apaasRole: {
    optional: true,
    valid: 1,
    wrong: [...notNullish(nonNumbers), ['NaN', NaN, R], ['Infinity', Infinity, R], ['1.5', 1.5, R], ['2**32', 2 ** 32, R], ['40000', 40000, R], ['-40000', -40000, R], ['"40000"', '40000', R]],
  },
  u16: { valid: 1, wrong: [...nonNumbers, ...badU32, ['65536', 65536, R], ['"65536"', '65536', R]] },
  permissions: {
    optional: true,
    valid: (() => { const p = new m.Rtm2Permissions(); p.add(0, 0, ['ch']); return p })(),
    wrong: [
      ['1', 1, T], ['"x"', 'x', T], ['2n', 2n, T], ['Symbol()', sym, T], ['true', true, T], ['{}', {}, T],
      ['{details: 5}', { details: 5 }, T], ['{details: {a: {}}}', { details: { a: {} } }, R], ['{details: {1: {1: "x"}}}', { details: { 1: { 1: 'x' } } }, T],
    ],
  },
  resources: {
    valid: ['a', 'b'],
    wrong: [['undefined', undefined, T], ['null', null, T], ['1', 1, T], ['"x"', 'x', T], ['{}', {}, T], ['2n', 2n, T], ['Symbol()', sym, T], ['[1]', [1], T], ['[null]', [null], T], ['["ok", {}]', ['ok', {}], T], ['a 65536-byte name', ['x'.repeat(65536)], R]],
  },
  details: {
    valid: { 1: { 0: ['a'] } },
    wrong: [
      ['undefined', undefined, T], ['null', null, T], ['1', 1, T], ['"x"', 'x', T], ['[]', [], T], ['2n', 2n, T], ['Symbol()', sym, T],
      ['{a: {}}', { a: {} }, R], ['{70000: {}}', { 70000: {} }, R], ['{1: 5}', { 1: 5 }, T], ['{1: {1: "x"}}', { 1: { 1: 'x' } }, T], ['{1: {70000: []}}', { 1: { 70000: [] } }, R], ['{1: {1: [5]}}', { 1: { 1: [5] } }, T],
    ],
  },
  service: {
    valid: new m.ServiceRtc('c', 1),
    wrong: [['undefined', undefined, T], ['null', null, T], ['1', 1, T], ['"x"', 'x', T], ['{}', {}, T], ['[]', [], T], ['Symbol()', sym, T], ['2n', 2n, T], ['an Rtm2Permissions', new m.Rtm2Permissions(), T], ['a service-like object', { service_type: () => 1, inner: {} }, T]],
  },
  token: { valid: null /* filled below */, wrong: nonStrings },
  expected: {
    optional: true,
    valid: { channelName: 'room 1', uid: 42 },
    wrong: [
      ['1', 1, T], ['"x"', 'x', T], ['Symbol()', sym, T], ['2n', 2n, T], ['true', true, T],
      ['{channelName: 1}', { channelName: 1 }, T], ['{channelName: {}}', { channelName: {} }, T], ['{uid: -1}', { uid: -1 }, R], ['{uid: 1.5}', { uid: 1.5 }, R], ['{uid: {}}', { uid: {} }, T], ['{uid: 2n}', { uid: 2n }, T],
    ],
  },
  optString: { optional: true, valid: '', wrong: notNullish(nonStrings) },
  string: { valid: 'x', wrong: nonStrings },
}
KINDS.optAccount.wrong = notNullish(KINDS.account.wrong)
KINDS.token.valid = m.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'room 1', 42, 1, 600)

// ---- Every callable, with its parameters (TS names) and their kinds ------------------------

const P = (name, kind, errName = name) => ({ name, kind, errName })
const creds = [P('appId', 'appId'), P('appCertificate', 'cert')]
const rtcPrivExpires = ['joinChannelPrivilegeExpire', 'pubAudioPrivilegeExpire', 'pubVideoPrivilegeExpire', 'pubDataStreamPrivilegeExpire'].map((n) => P(n, 'expire'))
const rtm2Shape = [
  ...creds, P('channelName', 'channel'), P('rtcAccount', 'account'), P('rtcRole', 'role'), P('rtcTokenExpire', 'expire'),
  ...rtcPrivExpires, P('rtmUserId', 'optAccount'), P('rtmTokenExpire', 'expire'),
]
const staticFn = (cls, method) => ({ label: `${cls}.${method}`, call: (...a) => m[cls][method](...a) })

const CALLABLES = [
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithUid'), params: [...creds, P('channelName', 'channel'), P('uid', 'account'), P('role', 'role'), P('tokenExpire', 'expire'), P('privilegeExpire', 'optExpire')] },
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithUserAccount'), params: [...creds, P('channelName', 'channel'), P('account', 'account'), P('role', 'role'), P('tokenExpire', 'expire'), P('privilegeExpire', 'optExpire')] },
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithUidAndPrivilege'), params: [...creds, P('channelName', 'channel'), P('uid', 'account'), P('tokenExpire', 'expire'), ...rtcPrivExpires] },
  { ...staticFn('RtcTokenBuilder', 'BuildTokenWithUserAccountAndPrivilege'), params: [...creds, P('channelName', 'channel'), P('account', 'account'), P('tokenExpire', 'expire'), ...rtcPrivExpires] },
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithUserAccountAndPrivilege'), params: [...creds, P('channelName', 'channel'), P('account', 'account'), P('tokenExpire', 'expire'), ...rtcPrivExpires] },
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithRtm'), params: [...creds, P('channelName', 'channel'), P('account', 'account'), P('role', 'role'), P('tokenExpire', 'expire'), P('privilegeExpire', 'optExpire')] },
  { ...staticFn('RtcTokenBuilder', 'buildTokenWithRtm2'), params: rtm2Shape },
  { ...staticFn('ConvoAITokenBuilder', 'buildToken'), params: rtm2Shape },
  { ...staticFn('SttTokenBuilder', 'buildToken'), params: rtm2Shape },
  { ...staticFn('RtmTokenBuilder', 'buildToken'), params: [...creds, P('userId', 'optAccount'), P('expire', 'expire')] },
  { ...staticFn('RtmTokenBuilder', 'buildTokenWithPermissions'), params: [...creds, P('userId', 'optAccount'), P('permissions', 'permissions'), P('expire', 'expire')] },
  { ...staticFn('ChatTokenBuilder', 'buildUserToken'), params: [...creds, P('userUuid', 'optAccount'), P('expire', 'expire')] },
  { ...staticFn('ChatTokenBuilder', 'buildAppToken'), params: [...creds, P('expire', 'expire')] },
  ...['ApaasTokenBuilder', 'EducationTokenBuilder'].flatMap((cls) => [
    { ...staticFn(cls, 'buildRoomUserToken'), params: [...creds, P('roomUuid', 'optAccount'), P('userUuid', 'optAccount'), P('role', 'apaasRole'), P('expire', 'expire')] },
    { ...staticFn(cls, 'buildUserToken'), params: [...creds, P('userUuid', 'optAccount'), P('expire', 'expire')] },
    { ...staticFn(cls, 'buildAppToken'), params: [...creds, P('expire', 'expire')] },
  ]),
  { ...staticFn('FpaTokenBuilder', 'buildToken'), params: creds },
  { label: 'decodeToken', call: (...a) => m.decodeToken(...a), params: [P('token', 'token')] },
  { label: 'verifyToken', call: (...a) => m.verifyToken(...a), params: [P('token', 'token'), P('appCertificate', 'cert'), P('expected', 'expected')] },
  // Constructors.
  { label: 'new ServiceRtc', call: (...a) => new m.ServiceRtc(...a), params: [P('channelName', 'channel'), P('uid', 'account')] },
  { label: 'new ServiceRtm', call: (...a) => new m.ServiceRtm(...a), params: [P('userId', 'optAccount')] },
  { label: 'new ServiceStreaming', call: (...a) => new m.ServiceStreaming(...a), params: [P('channelName', 'optChannel'), P('account', 'optAccount')] },
  { label: 'new ServiceFCdn', call: (...a) => new m.ServiceFCdn(...a), params: [P('channelName', 'optChannel'), P('account', 'optAccount')] },
  { label: 'new ServiceChat', call: (...a) => new m.ServiceChat(...a), params: [P('userId', 'optAccount')] },
  { label: 'new ServiceApaas', call: (...a) => new m.ServiceApaas(...a), params: [P('roomUuid', 'optAccount'), P('userUuid', 'optAccount'), P('role', 'apaasRole')] },
  { label: 'new ServiceRtm2', call: (...a) => new m.ServiceRtm2(...a), params: [P('userId', 'optAccount'), P('permissions', 'permissions')] },
  ...['ServiceFpa', 'ServiceConvoAI', 'ServiceStt'].map((cls) => ({ label: `new ${cls}`, call: (...a) => new m[cls](...a), params: [] })),
  { label: 'new AccessToken2', call: (...a) => new m.AccessToken2(...a), params: [P('appId', 'optString'), P('appCertificate', 'optString'), P('issueTs', 'optExpire'), P('expire', 'optExpire')] },
  { label: 'new Rtm2Permissions', call: (...a) => new m.Rtm2Permissions(...a), params: [] },
  { label: 'new Service', call: (...a) => new m.Service(...a), params: [P('serviceType', 'u16')] },
  ...['addPrivilege', 'add_privilege'].map((method) => ({ label: `Service#${method}`, call: (...a) => new m.Service(4)[method](...a), params: [P('privilege', 'u16'), P('expire', 'expire')] })),
  // Methods and setters.
  ...['ServiceRtc', 'ServiceRtm', 'ServiceStreaming', 'ServiceFpa', 'ServiceChat', 'ServiceFCdn', 'ServiceApaas', 'ServiceRtm2', 'ServiceConvoAI', 'ServiceStt'].flatMap((cls) =>
    ['addPrivilege', 'add_privilege'].map((method) => ({
      label: `${cls}#${method}`,
      call: (...a) => new m[cls](cls === 'ServiceRtc' ? 'c' : undefined, cls === 'ServiceRtc' ? 1 : undefined)[method](...a),
      params: [P('privilege', 'u16'), P('expire', 'expire')],
    }))),
  { label: 'Rtm2Permissions#add', call: (...a) => new m.Rtm2Permissions().add(...a), params: [P('resourceType', 'u16'), P('permissionType', 'u16'), P('resources', 'resources')] },
  { label: 'Rtm2Permissions#details=', call: (v) => { new m.Rtm2Permissions().details = v }, params: [P('details', 'details')], setter: true },
  ...['addService', 'add_service'].map((method) => ({ label: `AccessToken2#${method}`, call: (...a) => new m.AccessToken2(APP_ID, CERT)[method](...a), params: [P('service', 'service')] })),
  { label: 'AccessToken2#getServices', call: (...a) => new m.AccessToken2(APP_ID, CERT).getServices(...a), params: [P('serviceType', 'u16')] },
  ...[['appId', 'string'], ['appCertificate', 'string'], ['issueTs', 'expire'], ['expire', 'expire'], ['salt', 'expire']].map(([prop, kind]) => ({
    label: `AccessToken2#${prop}=`,
    call: (v) => { new m.AccessToken2(APP_ID, CERT)[prop] = v },
    params: [P(prop, kind)],
    setter: true,
  })),
]

// ---- Checks ------------------------------------------------------------------------------

/** Everything a thrown error shows, in every form a logger might print it. */
function renderings(e) {
  const out = [String(e), e && e.message, e && e.stack, util.inspect(e), util.inspect(e, { showHidden: true, depth: 5 })]
  try { out.push(JSON.stringify(e)) } catch {}
  try { out.push(JSON.stringify(e, Object.getOwnPropertyNames(e))) } catch {}
  return out.map(String)
}

function assertNoSecret(texts, where) {
  for (const t of texts) {
    for (const s of SECRET_PARTS) assert.ok(!t.includes(s), `${where}: leaks the certificate: ${t}`)
  }
}

const problems = []
let calls = 0

/** Calls and checks one bad call: error class, a message naming `name`, no secret. */
function expectThrow(label, call, args, name, cls, what) {
  calls++
  let threw = false
  let err
  try {
    call(...args)
  } catch (e) {
    threw = true
    err = e
  }
  const where = `${label} with ${what}`
  if (!threw) return problems.push(`${where}: did not throw`)
  assertNoSecret(renderings(err), where)
  if (!(err instanceof TypeError || err instanceof RangeError)) return problems.push(`${where}: threw ${err && err.constructor && err.constructor.name}: ${err && err.message}`)
  if (cls && !(err instanceof cls)) problems.push(`${where}: threw ${err.constructor.name}, expected ${cls.name}: ${err.message}`)
  if (!new RegExp(`\\b${name.replace(/\./g, '\\.')}\\b`).test(err.message)) problems.push(`${where}: message does not name ${name}: ${err.message}`)
  if (!err.code || !/^ERR_(INVALID_ARG_TYPE|OUT_OF_RANGE)$/.test(err.code)) problems.push(`${where}: code ${err.code}`)
}

test('every callable accepts its valid arguments', () => {
  for (const c of CALLABLES) {
    const args = c.params.map((p) => KINDS[p.kind].valid)
    assert.doesNotThrow(() => c.call(...args), c.label)
  }
})

test('every wrong value in every position throws a TypeError or RangeError naming the parameter', (t) => {
  for (const c of CALLABLES) {
    const valid = c.params.map((p) => KINDS[p.kind].valid)
    c.params.forEach((p, i) => {
      for (const [what, value, cls] of KINDS[p.kind].wrong) {
        const args = valid.slice()
        args[i] = value
        expectThrow(c.label, c.call, args, p.errName, cls, `${p.name} = ${what}`)
      }
    })
  }
  assert.ok(calls > 1500, `only ${calls} calls`)
  t.diagnostic(`${CALLABLES.length} callables, ${calls} bad calls`)
  assert.deepEqual(problems, [], `${problems.length} of ${calls} calls misbehaved:\n${problems.join('\n')}`)
})

test('too few arguments name the first missing required parameter', () => {
  problems.length = 0
  for (const c of CALLABLES) {
    if (c.setter) continue
    const valid = c.params.map((p) => KINDS[p.kind].valid)
    for (let k = 0; k < c.params.length; k++) {
      const missing = c.params.slice(k).find((p) => !KINDS[p.kind].optional)
      if (missing) {
        expectThrow(c.label, c.call, valid.slice(0, k), missing.errName, T, `only ${k} argument(s)`)
      } else {
        assert.doesNotThrow(() => c.call(...valid.slice(0, k)), `${c.label} with ${k} argument(s)`)
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'))
})

test('AccessToken2.build names what is missing and never shows the certificate', () => {
  const bad = CERT.slice(0, 31) + 'Z'
  const t = new m.AccessToken2(APP_ID, bad, 1700000000, 600)
  t.addService(new m.ServiceRtc('c', 1))
  assert.throws(() => t.build(), (e) => e instanceof TypeError && /appCertificate/.test(e.message) && renderings(e).every((s) => !s.includes(bad) && !s.includes(CERT.slice(0, 16))))
  const empty = new m.AccessToken2(APP_ID, CERT, 1700000000, 600)
  assert.throws(() => empty.build(), (e) => e instanceof TypeError && /services/.test(e.message) && renderings(e).every((s) => !s.includes(CERT)))
  const noId = new m.AccessToken2('nope', CERT, 1700000000, 600)
  noId.addService(new m.ServiceRtm('u'))
  assert.throws(() => noId.build(), (e) => e instanceof TypeError && /appId/.test(e.message) && renderings(e).every((s) => !s.includes(CERT)))
  // fromString / verifySignature follow agora-token: false, not an exception.
  for (const v of [undefined, null, 1, {}, Symbol('x'), 2n, '', '007!!']) {
    assert.equal(new m.AccessToken2().fromString(v), false)
    assert.equal(new m.AccessToken2().verifySignature(v), false)
  }
})

test('AccessToken2 and services never show the certificate in inspect, toString or JSON', () => {
  const t = new m.AccessToken2(APP_ID, CERT, 1700000000, 600)
  const rtc = new m.ServiceRtc('c', 1)
  rtc.addPrivilege(m.ServiceRtc.kPrivilegeJoinChannel, 0)
  t.addService(rtc)
  const p = new m.Rtm2Permissions()
  p.add(0, 0, ['x'])
  t.addService(new m.ServiceRtm2('u', p))
  const token = t.build()
  const read = new m.AccessToken2()
  assert.equal(read.fromString(token), true)
  assert.equal(read.verifySignature(CERT), true)
  for (const obj of [t, read, rtc, p, ...t.services]) {
    const texts = [
      String(obj), `${obj}`, util.inspect(obj), util.inspect(obj, { showHidden: true, getters: true, depth: 10 }),
      util.format('%o %O %j', obj, obj, obj), JSON.stringify(obj), JSON.stringify({ nested: obj }), JSON.stringify([obj], null, 2),
      Object.keys(obj).join(','), JSON.stringify(Object.entries(obj)), JSON.stringify({ ...obj }),
    ]
    assertNoSecret(texts, util.inspect(obj))
  }
  assert.equal(JSON.parse(JSON.stringify(t)).appCertificate, '[redacted]')
  // The getter still returns it to code that asks (agora-token's API).
  assert.equal(t.appCertificate, CERT)
  // Decoding a token never shows a certificate (it has none to show).
  assertNoSecret([JSON.stringify(m.decodeToken(token)), util.inspect(m.decodeToken(token), { depth: 10 })], 'decodeToken')
})

test('the legacy exports (legacy.js, agora-access-token API)', (t) => {
  const l = require('../legacy')
  const now = Math.floor(Date.now() / 1000)
  const LK = {
    ...KINDS,
    // 006 expiries are absolute Unix timestamps (0: none); a small number is a duration by mistake.
    ts: { valid: now + 600, wrong: [...nonNumbers, ...badU32, ['600 (a duration)', 600, R]] },
    u32: { valid: 123, wrong: [...nonNumbers, ...badU32] },
    rtcRole: { valid: 1, wrong: [...nonNumbers, ...badU32, ['3', 3, R]] },
    // Ignored, as agora-access-token ignores it: nothing is wrong here.
    rtmRole: { optional: true, valid: 1, wrong: [] },
    numUid: { valid: 42, wrong: [...nonNumbers, ...badU32] },
    permission: { valid: '3', wrong: nonStrings },
    // DynamicKey5 takes an empty channel, as every reference does.
    dk5Channel: { valid: 'room 1', wrong: KINDS.channel.wrong.filter(([label]) => label !== '""') },
    // DynamicKey5.generateDynamicKey's extra: null/undefined, or { integer key: string }.
    dk5extra: {
      optional: true,
      valid: { 1: '3' },
      wrong: [
        ...notNullish(nonStrings).filter(([label]) => label !== '{}' && label !== 'a String object'),
        ['"3"', '3', T], ['{x: "a"}', { x: 'a' }, R], ['{65536: "a"}', { 65536: 'a' }, R], ['{1: 3}', { 1: 3 }, T], ['{1: null}', { 1: null }, T], ['{1: 65536 bytes}', { 1: 'x'.repeat(65536) }, R],
      ],
    },
    // AccessToken's channelName holds the user account for RTM login: any string of at most 255 bytes.
    accountString: { valid: 'room', wrong: [...nonStrings, ['256 bytes', 'x'.repeat(256), R]] },
    token: { valid: l.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'room 1', 42, 1, now + 600), wrong: nonStrings },
  }
  const lstatic = (cls, method) => ({ label: `legacy ${cls}.${method}`, call: (...a) => l[cls][method](...a) })
  const dk5 = [...creds, P('channelName', 'dk5Channel'), P('unixTs', 'u32'), P('randomInt', 'u32'), P('uid', 'numUid'), P('expiredTs', 'u32')]
  const table = [
    { ...lstatic('RtcTokenBuilder', 'buildTokenWithUid'), params: [...creds, P('channelName', 'channel'), P('uid', 'account'), P('role', 'rtcRole'), P('privilegeExpiredTs', 'ts')] },
    { ...lstatic('RtcTokenBuilder', 'buildTokenWithAccount'), params: [...creds, P('channelName', 'channel'), P('account', 'account'), P('role', 'rtcRole'), P('privilegeExpiredTs', 'ts')] },
    { ...lstatic('RtmTokenBuilder', 'buildToken'), params: [...creds, P('account', 'account'), P('role', 'rtmRole'), P('privilegeExpiredTs', 'ts')] },
    ...['generatePublicSharingKey', 'generateRecordingKey', 'generateMediaChannelKey'].map((mth) => ({ ...lstatic('DynamicKey5', mth), params: dk5 })),
    { ...lstatic('DynamicKey5', 'generateInChannelPermissionKey'), params: [...dk5, P('permission', 'permission')] },
    { ...lstatic('DynamicKey5', 'generateDynamicKey'), params: [...dk5, P('extra', 'dk5extra'), P('serviceType', 'u16')] },
    // The fields are checked when the token is built (the reference's parse idiom constructs it empty).
    { label: 'legacy new AccessToken(...).build()', call: (...a) => new l.AccessToken(...a).build(), params: [P('appId', 'appId'), P('appCertificate', 'cert'), P('channelName', 'accountString'), P('uid', 'account')] },
    { label: 'legacy decodeToken', call: (...a) => l.decodeToken(...a), params: [P('token', 'token')] },
    { label: 'legacy verifyToken', call: (...a) => l.verifyToken(...a), params: [P('token', 'token'), P('appCertificate', 'cert'), P('expected', 'expected')] },
  ]
  problems.length = 0
  const before = calls
  for (const c of table) {
    const valid = c.params.map((p) => LK[p.kind].valid)
    assert.doesNotThrow(() => c.call(...valid), c.label)
    c.params.forEach((p, i) => {
      for (const [what, value, cls] of LK[p.kind].wrong) {
        const args = valid.slice()
        args[i] = value
        expectThrow(c.label, c.call, args, p.errName, cls, `${p.name} = ${what}`)
      }
    })
    for (let k = 0; k < c.params.length; k++) {
      const missing = c.params.slice(k).find((p) => !LK[p.kind].optional)
      if (missing) expectThrow(c.label, c.call, valid.slice(0, k), missing.errName, T, `only ${k} argument(s)`)
    }
  }
  // A legacy token object never shows the certificate either.
  const at = new l.AccessToken(APP_ID, CERT, 'room', 42)
  at.addPrivilege(l.Privileges.kJoinChannel, now + 600)
  const tok = at.build()
  assertNoSecret([String(at), util.inspect(at), util.inspect(at, { showHidden: true, getters: true, depth: 5 }), JSON.stringify(at), JSON.stringify(l.decodeToken(tok))], 'legacy AccessToken')
  assert.equal(l.verifyToken(tok, CERT, { channelName: 'room', uid: 42 }), true)
  t.diagnostic(`${table.length} legacy callables, ${calls - before} bad calls`)
  assert.deepEqual(problems, [], `${problems.length} legacy calls misbehaved:\n${problems.join('\n')}`)
})

test('the process is still healthy after all of that', () => {
  const token = m.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'room 1', 42, 1, 600)
  assert.equal(m.verifyToken(token, CERT), true)
})
