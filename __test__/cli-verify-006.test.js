'use strict'
// `agora-token-native verify` on a 006 token shows when each privilege expires, not only
// the token's ts: a 006 token usually outlives its privileges. The token comes from the
// reference package (agora-access-token), with privileges expiring at different times.
const test = require('node:test')
const assert = require('node:assert/strict')
const { runCli } = require('./helpers')
const { AccessToken, priviledges } = require('agora-access-token/src/AccessToken')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z')

function verify(token, ...extra) {
  return runCli(['verify', token, '--app-certificate', cert, '--channel', 'ch', '--uid', '5', ...extra])
}

test('verify prints every 006 privilege expiry, text and --json', () => {
  const now = Math.floor(Date.now() / 1000)
  const join = now + 600
  const audio = now - 60 // already expired
  const t = new AccessToken(appId, cert, 'ch', 5)
  t.addPriviledge(priviledges.kJoinChannel, join)
  t.addPriviledge(priviledges.kPublishAudioStream, audio)
  t.addPriviledge(priviledges.kPublishVideoStream, 0)
  const token = t.build()
  const tokenTs = t.ts

  const r = verify(token)
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.match(lines[0], new RegExp(`^valid: 006 token for App ID ${appId}, expires ${iso(tokenTs)}$`))
  assert.deepEqual(lines.slice(1), [
    `  privilege kJoinChannel (1) expires ${iso(join)}`,
    `  privilege kPublishAudioStream (2) expired ${iso(audio)}`,
    '  privilege kPublishVideoStream (3) never expires',
  ])

  const j = JSON.parse(verify(token, '--json').stdout)
  assert.deepEqual(j.privilegesExpireAt, { 1: iso(join), 2: iso(audio), 3: null })
  assert.equal(j.expiresAt, iso(tokenTs))
})
