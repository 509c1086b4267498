'use strict'
// `agora-token-native diagnose`, run as a child process: problems first, exit codes
// (0 no error, 1 errors, 2 usage), --json, the certificate from the environment only
// (a warning for the flag), and escaped token values.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { runCli } = require('./helpers')
const ref = require('agora-token')
const { AccessToken2, ServiceRtc } = require('agora-token/src/AccessToken2')

const A = '970CA35de60c44645bbae8a215061b33'
const C = '5CFd2fd1755d40ecb72977518be15d3b'

const run = (args, env) => runCli(['diagnose', ...args], env)

const token = (channel = 'room1', role = ref.RtcRole.PUBLISHER) => ref.RtcTokenBuilder.buildTokenWithUid(A, C, channel, 42, role, 3600, 3600)

test('a correct token: exit 0, "ok", the token after', () => {
  const r = run([token(), '--app-id', A, '--channel', 'room1', '--uid', '42', '--role', 'publisher'], { AGORA_APP_CERTIFICATE: C })
  assert.equal(r.stderr, '')
  assert.equal(r.code, 0)
  const lines = r.stdout.split('\n')
  assert.equal(lines[0], 'ok: no error found')
  assert.match(r.stdout, /service {3}rtc: channel "room1", uid "42"/)
  assert.doesNotMatch(r.stdout, /signature not checked/)
  assert.ok(!r.stdout.includes(C))
})

test('problems first, then the token; exit 1', () => {
  const r = run([token('room1', ref.RtcRole.SUBSCRIBER), '--channel', 'room2', '--uid', '42', '--role', 'publisher'])
  assert.equal(r.code, 1)
  const lines = r.stdout.split('\n')
  assert.equal(lines[0], 'invalid: 2 errors')
  assert.equal(lines[2], 'error   CHANNEL_MISMATCH (channelName)')
  assert.match(lines[3], /^ {2}the RTC token is for channel "room1", but the client joins channel "room2"$/)
  assert.match(lines[4], /^ {2}hint: /)
  assert.ok(r.stdout.indexOf('MISSING_PRIVILEGE') < r.stdout.indexOf('token     007'))
  assert.match(r.stdout, /signature not checked: set AGORA_APP_CERTIFICATE/)
})

test('--json prints diagnoseToken()', () => {
  const r = run([token(), '--channel', 'room2', '--json'])
  assert.equal(r.code, 1)
  const d = JSON.parse(r.stdout)
  assert.equal(d.ok, false)
  assert.deepEqual(d.problems.map((p) => p.code), ['CHANNEL_MISMATCH'])
  assert.equal(d.token.services[0].channelName, 'room1')
})

test('the certificate: from the environment; as a flag it works but warns', () => {
  const bad = 'ffffffffffffffffffffffffffffffff'
  let r = run([token()], { AGORA_APP_CERTIFICATE: bad })
  assert.equal(r.code, 1)
  assert.match(r.stdout, /BAD_SIGNATURE/)
  r = run([token(), '--app-certificate', C])
  assert.equal(r.code, 0)
  assert.match(r.stderr, /warning: --app-certificate shows in `ps` and in the shell history; set AGORA_APP_CERTIFICATE instead/)
  assert.ok(!r.stdout.includes(C) && !r.stderr.includes(C))
})

test('expired token at --now', () => {
  const t = token()
  const r = run([t, '--now', String(Math.floor(Date.now() / 1000) + 7200)])
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^error {3}EXPIRED \(expire\)$/m)
})

test('an unreadable token: MALFORMED, exit 1', () => {
  const r = run(['not-a-token'])
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^error {3}MALFORMED \(token\)$/m)
})

test('values from the token are escaped', () => {
  const t = new AccessToken2(A, C, Math.floor(Date.now() / 1000), 3600)
  const s = new ServiceRtc('a\u001b[31mred\u202e', 42)
  s.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 3600)
  t.add_service(s)
  const r = run([t.build(), '--channel', 'room1'])
  assert.equal(r.code, 1)
  assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u202e'), JSON.stringify(r.stdout))
  assert.match(r.stdout, /\\u001b\[31mred\\u202e/)
})

test('usage errors name the flag; exit 2', () => {
  for (const [args, re] of [
    [['--role', 'host'], /^agora-token-native: --role must be 'publisher' or 'subscriber', got "host"\n$/],
    [['--service', 'video'], /^agora-token-native: --service must be one of rtc, rtm/],
    [['--sdk', 'tv 1'], /^agora-token-native: --sdk must be/],
    [['--uid', 'abc'], /^agora-token-native: --uid must be a non-negative integer/],
    [['--uid', '1', '--account', 'a'], /give either --uid or --account/],
  ]) {
    const r = run([token(), ...args])
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, re)
  }
  const r = run([])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /diagnose: missing <token>/)
  assert.match(run(['--help']).stdout, /^Usage: agora-token-native diagnose <token>/)
})

test('the README shows what `diagnose` really prints', () => {
  const readme = require('node:fs').readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const m = /```sh\nnpx agora-token-native diagnose (\S+) (.*)\n```\n\nprints \(with `AGORA_APP_CERTIFICATE` set\):\n\n```\n([\s\S]*?)\n```/.exec(readme)
  assert.ok(m, 'the README has a diagnose example and its output')
  const r = run([m[1], ...m[2].split(' ')], { AGORA_APP_CERTIFICATE: C })
  assert.equal(r.stderr, '')
  assert.equal(r.stdout, m[3] + '\n')
})
