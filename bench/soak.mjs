// `npm run soak`: builds many tokens in one process and samples resident memory, to show it
// stays flat. Samples after a full collection (--expose-gc) and fails (exit 1) if the memory
// outside V8's heap grows by 10 MB or more after the warm-up, or live JS objects reach 10 MB.
//   node --expose-gc bench/soak.mjs [count]   (default 10,000,000)
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
const heaps = []
let baseline = null
let heapBaseline = null
const start = Date.now()
for (let i = 1; i <= total; i++) {
  // Mostly the hot builder; every 16th call also decodes and verifies, and every 64th
  // builds an RTM token, so every path with allocations is exercised.
  const t = RtcTokenBuilder.buildTokenWithUid(appId, cert, `room-${i & 1023}`, i >>> 0, 1 + (i & 1), 3600)
  if ((i & 15) === 0) {
    if (!verifyToken(t, cert)) throw new Error('a token did not verify')
    decodeToken(t)
    // The low-level path: the services array, a privilege added after addService, a parse.
    const low = new AccessToken2(appId, cert, 0, 3600)
    const rtc = new ServiceRtc(`room-${i & 1023}`, i >>> 0)
    low.add_service(rtc)
    rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 3600)
    const read = new AccessToken2()
    if (!read.from_string(low.build()) || read.services[0].__privileges[1] !== 3600) throw new Error('a low-level token lost its privilege')
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
    // Back to the event loop, as a server is between requests: napi-rs frees a native
    // object (here the AccessToken2 and ServiceRtc of manyPrivileges) in a finalizer that
    // V8 runs only there, so a loop that never yields holds every one it made.
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (i % every === 0) {
    // A full collection first (npm run soak passes --expose-gc): what is left is what the
    // process holds, not garbage V8 has not collected yet.
    if (typeof globalThis.gc === 'function') globalThis.gc()
    const { rss, heapTotal } = process.memoryUsage()
    samples.push(rss)
    heaps.push(heapTotal)
    // The first 10% is warm-up (JIT, allocator pools, thread-local buffers).
    if (baseline === null && i >= total / 10) baseline = rss
    if (baseline === rss) heapBaseline = heapTotal
    console.log(`${String(i).padStart(10)} tokens  rss ${mb(rss)} MB  (V8 heap ${mb(heapTotal)} MB)`)
  }
}
const end = samples[samples.length - 1]
const growth = end - baseline
// What V8 reserves for its heap grows in steps with the workload (and is not a leak: the
// collection before each sample leaves only live objects, counted in heapUsed); what is left
// of RSS is the addon's and Node's native memory, where a leak of the binding would show.
const heapEnd = heaps[heaps.length - 1]
const nativeGrowth = end - heapEnd - (baseline - heapBaseline)
const used = process.memoryUsage().heapUsed
const secs = (Date.now() - start) / 1000
console.log(`\n${total} tokens in ${secs.toFixed(1)} s (${((secs / total) * 1e6).toFixed(2)} µs each, with checks)`)
console.log(`rss after warm-up ${mb(baseline)} MB, at the end ${mb(end)} MB, growth ${mb(growth)} MB, peak ${mb(Math.max(...samples))} MB`)
console.log(`of which V8's heap ${mb(heapBaseline)} -> ${mb(heapEnd)} MB (live JS objects at the end: ${mb(used)} MB); the rest grew ${mb(nativeGrowth)} MB (limit 10 MB)`)
if (nativeGrowth >= 10 * 2 ** 20 || used >= 10 * 2 ** 20) {
  console.error('FAIL: native memory grew by 10 MB or more, or live JS objects reached 10 MB')
  process.exit(1)
}
