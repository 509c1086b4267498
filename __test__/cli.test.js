'use strict'
// The agora-token-native command line (cli.js), run as a child process: every command,
// exit codes (0 ok / valid, 1 invalid token, 2 usage error), --json shapes and errors.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const native = require('..')
const { runCli } = require('./helpers')

const CLI = path.join(__dirname, '..', 'cli.js')
const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const other = 'ffffffffffffffffffffffffffffffff'

const run = runCli
const creds = ['--app-id', appId, '--app-certificate', cert]
const envCreds = { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: cert }

function buildOk(args, env) {
  const r = run(['build', ...args], env)
  assert.equal(r.stderr, '', `stderr of build ${args.join(' ')}`)
  assert.equal(r.code, 0)
  const token = r.stdout.trim()
  assert.match(token, /^007[A-Za-z0-9+/=]+$/)
  assert.equal(r.stdout, token + '\n', 'prints only the token')
  assert.equal(native.verifyToken(token, cert), true)
  return native.decodeToken(token)
}

/** Asserts a one-line error on stderr, nothing on stdout, and the exit code. */
function fails(r, code, pattern) {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`)
  assert.equal(r.stdout, '')
  assert.match(r.stderr, /^agora-token-native: .+\n$/)
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line')
  if (pattern) assert.match(r.stderr, pattern)
  assert.ok(!r.stderr.includes(cert), 'never prints the certificate')
}

test('build rtc: uid and account, roles, expiries', () => {
  const now = Math.floor(Date.now() / 1000)
  let d = buildOk(['rtc', ...creds, '--channel', 'demo', '--uid', '42', '--role', 'publisher', '--expire', '600', '--privilege-expire', '300'])
  assert.equal(d.version, '007')
  assert.equal(d.appId, appId)
  assert.equal(d.expire, 600)
  assert.ok(Math.abs(d.issueTs - now) < 60)
  assert.deepEqual(d.services, [{ type: 1, name: 'rtc', channelName: 'demo', uid: '42', privileges: { 1: 300, 2: 300, 3: 300, 4: 300 } }])

  d = buildOk(['rtc', '--channel', 'demo', '--account', 'alice', '--role', 'subscriber'], envCreds)
  assert.equal(d.expire, 3600, 'default --expire is 3600')
  assert.deepEqual(d.services[0], { type: 1, name: 'rtc', channelName: 'demo', uid: 'alice', privileges: { 1: 3600 } })

  d = buildOk(['rtc', ...creds, '--channel', 'demo', '--uid', '0'])
  assert.equal(d.services[0].uid, '', 'uid 0 is stored as ""')
  assert.deepEqual(Object.keys(d.services[0].privileges), ['1', '2', '3', '4'], 'default role publisher')
})

test('build rtm, chat, apaas, education, fpa, convoai, stt', () => {
  let d = buildOk(['rtm', ...creds, '--user-id', 'bob', '--expire', '120'])
  assert.deepEqual(d.services, [{ type: 2, name: 'rtm', userId: 'bob', privileges: { 1: 120 } }])

  d = buildOk(['chat', ...creds, '--user-id', 'bob'])
  assert.deepEqual(d.services, [{ type: 5, name: 'chat', userId: 'bob', privileges: { 1: 3600 } }])
  d = buildOk(['chat', ...creds, '--app'])
  assert.deepEqual(d.services[0].privileges, { 2: 3600 })

  for (const kind of ['apaas', 'education']) {
    d = buildOk([kind, ...creds, '--room-uuid', 'room1', '--user-uuid', 'user1', '--role', '2'])
    assert.deepEqual(d.services.map((s) => s.name), ['rtm', 'chat', 'apaas'])
    assert.deepEqual(d.services[2], { type: 7, name: 'apaas', roomUuid: 'room1', userUuid: 'user1', role: 2, privileges: {} })
    d = buildOk([kind, ...creds, '--user-uuid', 'user1'])
    assert.deepEqual(d.services[0].privileges, { 2: 3600 })
    d = buildOk([kind, ...creds, '--app', '--expire', '60'])
    assert.deepEqual(d.services[0].privileges, { 3: 60 })
  }

  d = buildOk(['fpa', ...creds])
  assert.equal(d.expire, 86400)
  assert.deepEqual(d.services, [{ type: 4, name: 'fpa', privileges: { 1: 0 } }])

  for (const [kind, type] of [['convoai', 9], ['stt', 10]]) {
    d = buildOk([kind, ...creds, '--channel', 'c', '--uid', '7', '--privilege-expire', '60', '--rtm-expire', '90'])
    assert.deepEqual(d.services.map((s) => s.type), [1, 2, type])
    assert.equal(d.services[0].uid, '7')
    assert.deepEqual(d.services[0].privileges, { 1: 60, 2: 60, 3: 60, 4: 60 })
    assert.deepEqual(d.services[1], { type: 2, name: 'rtm', userId: '7', privileges: { 1: 90 } })
    d = buildOk([kind, ...creds, '--channel', 'c', '--account', 'agent', '--user-id', 'bot'])
    assert.equal(d.services[1].userId, 'bot')
  }
})

test('build: --expire 0 still prints the token, with a one-line warning', () => {
  const r = run(['build', 'rtm', ...creds, '--user-id', 'bob', '--expire', '0'])
  assert.equal(r.code, 0)
  assert.match(r.stderr, /^agora-token-native: warning: --expire 0 makes a token that expires the moment it is issued\n$/)
  const token = r.stdout.trim()
  assert.equal(r.stdout, token + '\n', 'prints only the token on stdout')
  assert.equal(native.decodeToken(token).expire, 0)
  assert.equal(native.verifyToken(token, cert), true)
})

test('build: usage errors exit 2 with one line on stderr', () => {
  fails(run(['build']), 2, /missing kind/)
  fails(run(['build', 'nope', ...creds]), 2, /unknown kind "nope"/)
  fails(run(['build', 'rtc', '--channel', 'c', '--uid', '1']), 2, /AGORA_APP_ID/)
  fails(run(['build', 'rtc', '--channel', 'c', '--uid', '1'], { AGORA_APP_ID: appId }), 2, /AGORA_APP_CERTIFICATE/)
  fails(run(['build', 'rtc', ...creds, '--uid', '1']), 2, /--channel is required/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c']), 2, /--uid <n> or --account <s> is required/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c', '--uid', '1', '--account', 'a']), 2, /not both/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c', '--uid', 'x1']), 2, /--uid must be a non-negative integer/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c', '--uid', '1', '--role', 'admin']), 2, /--role must be publisher or subscriber/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c', '--uid', '1', '--expire', '1h']), 2, /--expire must be a whole number/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'c', '--uid', '1', '--frobnicate']), 2, /Unknown option '--frobnicate'/)
  fails(run(['build', 'rtm', ...creds, '--user-id', 'u', '--channel', 'c']), 2, /--channel does not apply/)
  fails(run(['build', 'chat', ...creds]), 2, /--user-id is required/)
  fails(run(['build', 'apaas', ...creds, '--room-uuid', 'r', '--user-uuid', 'u']), 2, /--role is required/)
  fails(run(['build', 'apaas', ...creds]), 2, /--app/)
  // Errors from the builders themselves (bad App ID / certificate / channel) are usage errors too.
  fails(run(['build', 'rtc', '--app-id', appId, '--app-certificate', 'not-a-cert', '--channel', 'c', '--uid', '1']), 2, /appCertificate/)
  fails(run(['build', 'rtc', '--app-id', 'xyz', '--app-certificate', cert, '--channel', 'c', '--uid', '1']), 2, /appId/)
  fails(run(['build', 'rtc', ...creds, '--channel', 'x'.repeat(65), '--uid', '1']), 2)
  // A bad certificate is never echoed back.
  const secret = 'abcdefabcdefabcdefabcdefabcdefzz'
  const r = run(['build', 'rtc', '--app-id', appId, '--app-certificate', secret, '--channel', 'c', '--uid', '1'])
  assert.equal(r.code, 2)
  assert.ok(!r.stderr.includes(secret))
})

test('decode: readable summary with ISO dates, --json equals decodeToken', () => {
  const token = native.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, native.RtcRole.PUBLISHER, 600, 300)
  const d = native.decodeToken(token)
  const r = run(['decode', token])
  assert.equal(r.code, 0)
  assert.equal(r.stderr, '')
  const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z')
  assert.match(r.stdout, /^version +007/m)
  assert.match(r.stdout, new RegExp(`^app id +${appId}$`, 'm'))
  assert.match(r.stdout, new RegExp(`^issued +${iso(d.issueTs)}$`, 'm'))
  assert.match(r.stdout, new RegExp(`^expires +${iso(d.issueTs + 600)} `, 'm'))
  assert.match(r.stdout, /^service +rtc \(type 1\)$/m)
  assert.match(r.stdout, /channel +"demo"/)
  assert.match(r.stdout, /uid +"42"/)
  for (const name of ['kPrivilegeJoinChannel', 'kPrivilegePublishAudioStream', 'kPrivilegePublishVideoStream', 'kPrivilegePublishDataStream']) {
    assert.match(r.stdout, new RegExp(`privilege ${name} \\(\\d\\) expires ${iso(d.issueTs + 300)}`))
  }

  const j = run(['decode', '--json', token])
  assert.equal(j.code, 0)
  assert.deepEqual(JSON.parse(j.stdout), JSON.parse(JSON.stringify(d)))

  // Every service kind prints its name; a 0 privilege expire means "with the token".
  const fpa = native.FpaTokenBuilder.buildToken(appId, cert)
  assert.match(run(['decode', fpa]).stdout, /privilege kPrivilegeLogin \(1\) expires .* \(with the token\)/)
  const room = native.ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'r', 'u', 1, 60)
  const out = run(['decode', room]).stdout
  assert.match(out, /service +rtm/)
  assert.match(out, /service +chat/)
  assert.match(out, /service +apaas/)
  assert.match(out, /room uuid +"r"/)
})

test('decode: a legacy 006 token', { skip: !native.LegacyRtcTokenBuilder && 'legacy natives not built' }, () => {
  const expireTs = Math.floor(Date.now() / 1000) + 600
  const t006 = native.LegacyRtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 5, 1, expireTs)
  const r = run(['decode', t006])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^version +006/m)
  assert.match(r.stdout, /privilege kJoinChannel \(1\) expires/)
  assert.deepEqual(JSON.parse(run(['decode', t006, '--json']).stdout), JSON.parse(JSON.stringify(native.decodeToken(t006))))
})

test('decode: errors', () => {
  fails(run(['decode']), 2, /missing <token>/)
  fails(run(['decode', 'a', 'b']), 2, /expected one token/)
  fails(run(['decode', '--bogus', 'x']), 2, /Unknown option/)
  fails(run(['decode', '007garbage']), 1, /invalid token/)
  fails(run(['decode', 'hello']), 1, /invalid token/)
})

test('verify: exit 0 valid, 1 invalid, 2 usage; --json shape', () => {
  const token = native.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, native.RtcRole.PUBLISHER, 600, 600)
  let r = run(['verify', token, '--app-certificate', cert])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^valid: 007 token for App ID/)
  assert.ok(!r.stdout.includes(cert))
  r = run(['verify', token, '--channel', 'demo', '--uid', '42'], { AGORA_APP_CERTIFICATE: cert })
  assert.equal(r.code, 0, 'certificate from AGORA_APP_CERTIFICATE')

  r = run(['verify', token, '--app-certificate', other])
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^invalid: signature does not match/)
  assert.equal(run(['verify', token, '--app-certificate', cert, '--channel', 'other']).code, 1)
  assert.equal(run(['verify', token, '--app-certificate', cert, '--channel', 'demo', '--uid', '43']).code, 1)
  assert.equal(run(['verify', token, '--app-certificate', cert, '--account', 'bob']).code, 1)

  const j = run(['verify', token, '--app-certificate', cert, '--json'])
  assert.equal(j.code, 0)
  const body = JSON.parse(j.stdout)
  assert.deepEqual(Object.keys(body).sort(), ['appId', 'expiresAt', 'reason', 'valid', 'version'])
  assert.equal(body.valid, true)
  assert.equal(body.reason, null)
  assert.equal(body.version, '007')
  assert.equal(body.appId, appId)
  assert.match(body.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  const bad = JSON.parse(run(['verify', token, '--app-certificate', other, '--json']).stdout)
  assert.equal(bad.valid, false)
  assert.equal(typeof bad.reason, 'string')

  // An expired (but correctly signed) token is invalid.
  const t = new native.AccessToken2(appId, cert, Math.floor(Date.now() / 1000) - 7200, 60)
  const rtc = new native.ServiceRtc('demo', 1)
  rtc.addPrivilege(native.ServiceRtc.kPrivilegeJoinChannel, 60)
  t.addService(rtc)
  r = run(['verify', t.build(), '--app-certificate', cert])
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^invalid: expired at /)
})

test('verify: a 007 token with expire 0 expired when it was issued', () => {
  // Agora: "If you set it to 0, the AccessToken2 expires immediately"; agora-token gives 0 no
  // special meaning. Issued a minute from now, so "issue time + 0" is still in the future: the
  // old verdict (expired only once issueTs + expire < now) called this token valid.
  const issueTs = Math.floor(Date.now() / 1000) + 60
  const t = new native.AccessToken2(appId, cert, issueTs, 0)
  const rtc = new native.ServiceRtc('demo', 1)
  rtc.addPrivilege(native.ServiceRtc.kPrivilegeJoinChannel, 0)
  t.addService(rtc)
  const token = t.build()
  assert.equal(native.verifyToken(token, cert), true, 'correctly signed')
  assert.equal(native.decodeToken(token).expire, 0)
  const issued = new Date(issueTs * 1000).toISOString().replace('.000Z', 'Z')

  let r = run(['verify', token, '--app-certificate', cert])
  assert.equal(r.code, 1, r.stdout)
  assert.equal(r.stdout, `invalid: expired at ${issued}, when it was issued (its expire is 0: an AccessToken2 with expire 0 expires immediately)\n`)
  r = run(['verify', token, '--app-certificate', cert, '--json'])
  assert.equal(r.code, 1)
  const body = JSON.parse(r.stdout)
  assert.equal(body.valid, false)
  assert.equal(body.expiresAt, issued)
  assert.match(body.reason, /expire is 0/)
  // A bad signature is still reported as such.
  assert.match(run(['verify', token, '--app-certificate', other]).stdout, /^invalid: signature does not match/)

  // Issued now with expire 0: invalid at once, even within the issue second.
  const now = native.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, native.RtcRole.PUBLISHER, 0)
  r = run(['verify', now, '--app-certificate', cert])
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^invalid: expired at .*expire is 0/)
  // expire 1 is an ordinary (short) lifetime, not the special case.
  const later = new native.AccessToken2(appId, cert, issueTs, 1)
  later.addService(rtc)
  assert.equal(run(['verify', later.build(), '--app-certificate', cert]).code, 0)
})

test('verify: legacy 006 needs channel and uid', { skip: !native.LegacyRtcTokenBuilder && 'legacy natives not built' }, () => {
  const t006 = native.LegacyRtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 5, 1, Math.floor(Date.now() / 1000) + 600)
  fails(run(['verify', t006, '--app-certificate', cert]), 2, /needs --channel and --uid/)
  assert.equal(run(['verify', t006, '--app-certificate', cert, '--channel', 'ch', '--uid', '5']).code, 0)
  assert.equal(run(['verify', t006, '--app-certificate', cert, '--channel', 'ch', '--uid', '6']).code, 1)
})

test('verify: errors', () => {
  const token = native.RtmTokenBuilder.buildToken(appId, cert, 'bob', 600)
  fails(run(['verify', token]), 2, /AGORA_APP_CERTIFICATE/)
  fails(run(['verify', '--app-certificate', cert]), 2, /missing <token>/)
  fails(run(['verify', token, '--app-certificate', 'short']), 2, /appCertificate/)
  fails(run(['verify', token, '--app-certificate', cert, '--uid', 'x']), 2, /--uid must be/)
  fails(run(['verify', 'garbage', '--app-certificate', cert]), 1, /invalid token/)
})

test('help, version and unknown commands', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['build', '--help'], ['decode', '--help'], ['verify', '-h']]) {
    const r = run(args)
    assert.equal(r.code, 0, args.join(' '))
    assert.match(r.stdout, /^Usage: agora-token-native/)
  }
  assert.match(run(['build', '--help']).stdout, /convoai/)
  assert.equal(run(['--version']).stdout.trim(), require('../package.json').version)
  const none = run([])
  assert.equal(none.code, 2)
  assert.match(none.stderr, /^Usage:/)
  fails(run(['frobnicate']), 2, /unknown command "frobnicate"/)
})

test('decode: control characters from the token are printed escaped, never raw', () => {
  const zlib = require('node:zlib')
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b }
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b }
  const bytes = (s) => { const b = Buffer.from(s); return Buffer.concat([u16(b.length), b]) }
  const evilId = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e'
  const evilName = 'ch\u001b[1A\u001b[Kvalid: fake\r'
  // An RTM2 service (type 8): no privileges, a user id, resource type 0 -> permission 0 -> [evilName].
  const rtm2 = Buffer.concat([u16(8), u16(0), bytes(evilId), u16(1), u16(0), u16(1), u16(0), u16(1), bytes(evilName)])
  const payload = Buffer.concat([bytes(Buffer.alloc(32, 7)), bytes(evilId), u32(1700000000), u32(600), u32(1), u16(1), rtm2])
  const token = '007' + zlib.deflateSync(payload).toString('base64')
  for (const args of [['decode', token], ['decode', token, '--json']]) {
    const r = run(args)
    assert.equal(r.code, 0, r.stderr)
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, `${args[2] || 'text'}: raw control characters`)
    assert.match(r.stdout, /\\u001b\]0;pwned\\u0007/)
  }
  const json = JSON.parse(run(['decode', token, '--json']).stdout)
  assert.equal(json.appId, evilId, '--json escapes stay valid JSON with the same value')
  assert.deepEqual(json.services[0].permissions, { 0: { 0: [evilName] } })
})

test('decode and verify: a closed stdout ends the program quietly', async () => {
  const { spawn } = require('node:child_process')
  const token = native.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'ch', 7, 1, 600, 600)
  for (const args of [['decode', token], ['decode', token, '--json'], ['verify', token, '--app-certificate', cert]]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    // Close our end before the child writes (it takes tens of milliseconds to start).
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c))
    const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)))
    assert.equal(stderr, '', `${args[0]}: nothing on stderr`)
    assert.equal(code, 0, `${args[0]}: exit code`)
  }
})
