// `npm run soak`: builds many tokens in one process and samples resident memory, to show it
// stays flat. Fails (exit 1) if RSS grows by 10 MB or more after the warm-up.
//   node bench/soak.mjs [count]   (default 10,000,000; the token server issue asks for 10M, the speed issue 5M)
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { RtcTokenBuilder, RtmTokenBuilder, Rtm2Permissions, AccessToken2, ServiceRtc, verifyToken, decodeToken } = require('../index.js')

const total = Number(process.argv[2] ?? process.env.SOAK_TOKENS ?? 10_000_000)
// Every 250k tokens (fewer for short runs, so there are at least 20 samples).
const every = Math.max(1, Math.min(250_000, Math.floor(total / 20)))
const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
// The large-token paths (libdeflate, borrowed RTM2 permissions, large decodes).
const manyNames = new Rtm2Permissions()
manyNames.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, Array.from({ length: 1000 }, (_, i) => `channel-${i}`))
function manyPrivileges(i) {
  const t = new AccessToken2(appId, cert, 0, 3600)
  const s = new ServiceRtc(`room-${i & 1023}`, i >>> 0)
  for (let k = 0; k < 100; k++) s.addPrivilege(k, 3600)
  t.addService(s)
  return t.build()
}
const mb = (b) => (b / 2 ** 20).toFixed(1)

const samples = []
let baseline = null
const start = Date.now()
for (let i = 1; i <= total; i++) {
  // Mostly the hot builder; every 16th call also decodes and verifies, and every 64th
  // builds an RTM token, so every path with allocations is exercised.
  const t = RtcTokenBuilder.buildTokenWithUid(appId, cert, `room-${i & 1023}`, i >>> 0, 1 + (i & 1), 3600)
  if ((i & 15) === 0) {
    if (!verifyToken(t, cert)) throw new Error('a token did not verify')
    decodeToken(t)
  }
  if ((i & 63) === 0) RtmTokenBuilder.buildToken(appId, cert, `user-${i}`, 3600)
  // Every 1024th also builds, verifies and decodes a 100-privilege token and a token with
  // 1000 RTM2 names.
  if ((i & 1023) === 0) {
    const big = manyPrivileges(i)
    const rtm2 = RtmTokenBuilder.buildTokenWithPermissions(appId, cert, `user-${i}`, manyNames, 3600)
    if (!verifyToken(big, cert) || !verifyToken(rtm2, cert)) throw new Error('a large token did not verify')
    decodeToken(big)
    decodeToken(rtm2)
  }
  if (i % every === 0) {
    const rss = process.memoryUsage().rss
    samples.push(rss)
    // The first 10% is warm-up (JIT, allocator pools, thread-local buffers).
    if (baseline === null && i >= total / 10) baseline = rss
    console.log(`${String(i).padStart(10)} tokens  rss ${mb(rss)} MB`)
  }
}
const end = samples[samples.length - 1]
const growth = end - baseline
const secs = (Date.now() - start) / 1000
console.log(`\n${total} tokens in ${secs.toFixed(1)} s (${((secs / total) * 1e6).toFixed(2)} µs each, with checks)`)
console.log(`rss after warm-up ${mb(baseline)} MB, at the end ${mb(end)} MB, growth ${mb(growth)} MB (limit 10 MB), peak ${mb(Math.max(...samples))} MB`)
if (growth >= 10 * 2 ** 20) {
  console.error('FAIL: resident memory grew by 10 MB or more')
  process.exit(1)
}
