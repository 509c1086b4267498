'use strict'
// The token builders' static methods, decodeToken and verifyToken are raw Node-API entries
// installed at load (src/fast.rs) over the functions napi-rs generates;
// AGORA_TOKEN_NATIVE_GENERATED_GLUE=1 leaves the generated ones in place. Both run the same
// code, so they must give the same results and throw the same errors for the same
// arguments: this calls every installed function with good and bad arguments here and in a
// Node started with the variable set, and compares the results (tokens by their decoded
// fields, without the random salt and the issue time; errors by name, code and message).
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')

// The script both processes run: seeded arguments for every installed method, the
// results as JSON on stdout.
function script() {
  const ours = require(ROOT)
  const legacy = require(`${ROOT}/legacy`)
  const { prng } = require(`${ROOT}/__test__/helpers`)
  const r = prng(41)
  const appId = '970CA35de60c44645bbae8a215061b33'
  const cert = '5CFd2fd1755d40ecb72977518be15d3b'
  const odd = [undefined, null, '', 'x', -1, 1.5, NaN, Infinity, 2 ** 32, '3600', ' 42', {}, [], true, 'ü'.repeat(200), 0]
  // Each parameter: a generator of good values, or 'odd' sometimes.
  const gen = {
    appId: () => appId,
    cert: () => cert,
    channel: () => r.channel(),
    uid: () => r.pick([r.uid(), String(r.uid()), r.account()]),
    role: () => r.pick([1, 2, '1']),
    expire: () => r.pick([0, 600, 86400, '3600']),
    ts006: () => r.pick([0, 1900000000]),
    apaasRole: () => r.pick([1, 2, 3]),
  }
  const methods = [
    ['RtcTokenBuilder', 'buildTokenWithUid', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire']],
    ['RtcTokenBuilder', 'buildTokenWithUserAccount', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire']],
    ['RtcTokenBuilder', 'buildTokenWithUidAndPrivilege', ['appId', 'cert', 'channel', 'uid', 'expire', 'expire', 'expire', 'expire', 'expire']],
    ['RtcTokenBuilder', 'BuildTokenWithUserAccountAndPrivilege', ['appId', 'cert', 'channel', 'uid', 'expire', 'expire', 'expire', 'expire', 'expire']],
    ['RtcTokenBuilder', 'buildTokenWithUserAccountAndPrivilege', ['appId', 'cert', 'channel', 'uid', 'expire', 'expire', 'expire', 'expire', 'expire']],
    ['RtcTokenBuilder', 'buildTokenWithRtm', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire']],
    ['RtcTokenBuilder', 'buildTokenWithRtm2', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire', 'expire', 'expire', 'expire', 'uid', 'expire']],
    ['ConvoAITokenBuilder', 'buildToken', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire', 'expire', 'expire', 'expire', 'uid', 'expire']],
    ['SttTokenBuilder', 'buildToken', ['appId', 'cert', 'channel', 'uid', 'role', 'expire', 'expire', 'expire', 'expire', 'expire', 'uid', 'expire']],
    ['RtmTokenBuilder', 'buildToken', ['appId', 'cert', 'uid', 'expire']],
    ['ChatTokenBuilder', 'buildUserToken', ['appId', 'cert', 'uid', 'expire']],
    ['ChatTokenBuilder', 'buildAppToken', ['appId', 'cert', 'expire']],
    ['ApaasTokenBuilder', 'buildRoomUserToken', ['appId', 'cert', 'uid', 'uid', 'apaasRole', 'expire']],
    ['ApaasTokenBuilder', 'buildUserToken', ['appId', 'cert', 'uid', 'expire']],
    ['ApaasTokenBuilder', 'buildAppToken', ['appId', 'cert', 'expire']],
    ['EducationTokenBuilder', 'buildRoomUserToken', ['appId', 'cert', 'uid', 'uid', 'apaasRole', 'expire']],
    ['EducationTokenBuilder', 'buildUserToken', ['appId', 'cert', 'uid', 'expire']],
    ['EducationTokenBuilder', 'buildAppToken', ['appId', 'cert', 'expire']],
    ['FpaTokenBuilder', 'buildToken', ['appId', 'cert']],
    ['LegacyRtcTokenBuilder', 'buildTokenWithUid', ['appId', 'cert', 'channel', 'uid', 'role', 'ts006']],
    ['LegacyRtcTokenBuilder', 'buildTokenWithAccount', ['appId', 'cert', 'channel', 'uid', 'role', 'ts006']],
    ['LegacyRtmTokenBuilder', 'buildToken', ['appId', 'cert', 'uid', 'role', 'ts006']],
  ]
  const strip = (d) => {
    const { salt, issueTs, ts, ...rest } = d
    return rest
  }
  const out = { names: {}, results: [] }
  for (const [cls, name, params] of methods) {
    const fn = ours[cls][name]
    out.names[`${cls}.${name}`] = fn.name
    for (let round = 0; round < 40; round++) {
      // Round 0: all good; then one odd argument, or too few arguments.
      let args = params.map((p) => gen[p]())
      if (round > 0 && round % 8 === 0) args = args.slice(0, r.int(0, args.length - 1))
      else if (round > 0) args[r.int(0, args.length - 1)] = r.pick(odd)
      try {
        out.results.push({ cls, name, token: strip(ours.decodeToken(fn(...args))) })
      } catch (e) {
        out.results.push({ cls, name, error: [e.constructor.name, e.code, e.message] })
      }
    }
  }
  // decodeToken and verifyToken (raw exports too): tokens of every version, damaged ones,
  // and odd arguments.
  // (Made once by the test, so that both processes read the same bytes.)
  const good = GOOD
  const tokens = [...good, ...good.map((t) => t.slice(0, -3)), ...good.map((t) => t.slice(0, 3) + 'A' + t.slice(4)), '', '007', 'x', 42, undefined, null, {}]
  const expectations = [undefined, null, {}, { channelName: 'room', uid: 42 }, { channelName: 'other', uid: '42' }, { now: 0 }, { now: -1 }, { checkExpiry: 'yes' }, 7]
  const certs = [cert, 'ff'.repeat(16), 'x', undefined]
  const outcome = (f) => {
    try {
      const v = f()
      return { value: typeof v === 'object' && v ? strip(v) : v }
    } catch (e) {
      return { error: [e.constructor.name, e.code, e.message] }
    }
  }
  for (const t of tokens) {
    out.results.push({ cls: '', name: 'decodeToken', ...outcome(() => ours.decodeToken(t)) })
    out.results.push({ cls: '', name: 'decodeToken()', ...outcome(() => ours.decodeToken()) })
    for (const c of certs) for (const e of expectations) out.results.push({ cls: '', name: 'verifyToken', ...outcome(() => ours.verifyToken(t, c, e)) })
  }
  // The names agora-access-token users call reach the same functions.
  out.legacySame = legacy.RtcTokenBuilder.buildTokenWithUid === ours.LegacyRtcTokenBuilder.buildTokenWithUid
  return out
}

const ours = require('..')
const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const good = [
  ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, 1, 600),
  ours.RtmTokenBuilder.buildToken(appId, cert, 'bob', 600),
  require('../legacy').RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, 1, 1900000000),
  require('../legacy').RtmTokenBuilder.buildToken(appId, cert, 'bob', 1, 1900000000),
]

function run(env) {
  const source = `const ROOT = ${JSON.stringify(root)}; const GOOD = ${JSON.stringify(good)}; process.stdout.write(JSON.stringify((${script})()))`
  return JSON.parse(execFileSync(process.execPath, ['-e', source], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }).toString())
}

test('raw builder entries and the generated methods give the same tokens and the same errors', () => {
  const fast = run({ AGORA_TOKEN_NATIVE_GENERATED_GLUE: '' })
  const glue = run({ AGORA_TOKEN_NATIVE_GENERATED_GLUE: '1' })
  assert.equal(fast.results.filter((x) => x.cls).length, 22 * 40)
  assert.deepEqual(fast.results, glue.results)
  // decodeToken and verifyToken both return and throw.
  for (const name of ['decodeToken', 'verifyToken']) {
    const rows = fast.results.filter((x) => x.name === name)
    assert.ok(rows.some((x) => 'value' in x) && rows.some((x) => x.error), name)
  }
  assert.ok(fast.results.some((x) => x.name === 'verifyToken' && x.value === true))
  // Both kinds of outcome occur for every method.
  for (const key of Object.keys(fast.names)) {
    const [cls, name] = key.split('.')
    const rows = fast.results.filter((x) => x.cls === cls && x.name === name)
    assert.ok(rows.some((x) => x.token) && rows.some((x) => x.error), key)
  }
  // The switch works: the raw entries carry their method's name, the generated ones none.
  for (const [key, name] of Object.entries(fast.names)) assert.equal(name, key.split('.')[1], key)
  for (const [key, name] of Object.entries(glue.names)) assert.equal(name, '', key)
  assert.equal(fast.legacySame, true)
})

test('raw builder entries are writable and configurable statics, as class statics in JavaScript are', () => {
  const d = Object.getOwnPropertyDescriptor(ours.RtcTokenBuilder, 'buildTokenWithUid')
  assert.deepEqual({ writable: d.writable, enumerable: d.enumerable, configurable: d.configurable }, { writable: true, enumerable: false, configurable: true })
  // `this` does not matter: a detached method works (as agora-token's static methods do).
  const { buildTokenWithUid } = ours.RtcTokenBuilder
  assert.match(buildTokenWithUid(appId, cert, 'room', 1, 1, 600), /^007/)
})
