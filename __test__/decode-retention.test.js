'use strict'
// A field kept from a decoded token keeps only itself alive. decodeToken slices its fields
// out of one compact text (assemble.mjs); in V8 a slice of 13 or more characters is a view
// that holds on to the whole text, so from a text of more than 512 characters (a token with
// many privileges or names) the fields are copied instead. (RTM2 resource names stay views:
// see assemble.mjs.) Measured in a Node started with --expose-gc, as the heap kept per
// string across a few thousand decodes.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')

const script = `
const ours = require(${JSON.stringify(path.join(__dirname, '..'))})
const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const channel = 'a-channel-name-of-36-characters-long'
const user = '日本語 😀 ' + 'user-'.repeat(6)
const t = new ours.AccessToken2(appId, cert, 1700000000, 3600)
const rtc = new ours.ServiceRtc(channel, '1234567890123')
for (let k = 0; k < 1000; k++) rtc.add_privilege(k, 3600)
t.add_service(rtc)
t.add_service(new ours.ServiceRtm(user))
const token = t.build()
const n = 3000
const kept = new Array(n)
const perKept = (pick) => {
  kept.fill(undefined)
  gc(); gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < n; i++) kept[i] = pick(ours.decodeToken(token))
  gc(); gc()
  return (process.memoryUsage().heapUsed - before) / n
}
const out = {
  channel: perKept((d) => d.services[0].channelName),
  uid: perKept((d) => d.services[0].uid),
  user: perKept((d) => d.services[1].userId),
  appId: perKept((d) => d.appId),
  values: [ours.decodeToken(token).services[0].channelName, ours.decodeToken(token).services[1].userId, ours.decodeToken(token).appId],
}
console.log(JSON.stringify(out))
`

test('a field kept from a decoded 1000-privilege token does not keep the token alive', () => {
  const r = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }))
  assert.deepEqual(r.values, ['a-channel-name-of-36-characters-long', '日本語 😀 ' + 'user-'.repeat(6), '970CA35de60c44645bbae8a215061b33'])
  // The compact text of this token is about 3,000 characters (6 kB); a string of its own
  // is well under 1 kB.
  for (const field of ['channel', 'uid', 'user', 'appId']) {
    assert.ok(r[field] < 1024, `${field}: ${r[field].toFixed(0)} bytes kept per decoded string`)
  }
})
