// `npm run bench:wasm` (after `npm run build:wasm`): the WebAssembly build's size, cold start
// and speed beside agora-token in the same runtime.
//
//   size        the .wasm raw and gzipped (budget: 300 kB gzipped)
//   cold start  a fresh process: entry import + first token (and the whole process to there)
//   Node        tokens/s of the edge entry (WebAssembly), the native addon and agora-token
//               in one Node process, CPU time per token, ratios
//   workerd     tokens/s in a Worker, agora-token bundled beside it, and decodeToken of a
//               small token there (needs the runtimes of
//               __test__/runtimes: `npm ci --prefix __test__/runtimes --ignore-scripts`)
//
// --quick: fewer tokens (a smoke run). --json: one JSON line at the end.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')
const asJson = process.argv.includes('--json')
const N = quick ? 2000 : 20000
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const results = {}
const say = (s) => asJson || console.log(s)

// Size.
const wasmFile = path.join(root, 'npm', 'wasm32-wasi', 'agora-token-native.wasm32-wasi.wasm')
if (!fs.existsSync(wasmFile)) {
  console.error(`${wasmFile} is missing: run \`npm run build:wasm\` first`)
  process.exit(1)
}
const wasm = fs.readFileSync(wasmFile)
results.size = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length }
const bundle = path.join(root, 'npm', 'wasm32-wasi', 'agora-token-native.browser.js')
if (fs.existsSync(bundle)) results.size.browserBundleGzip = gzipSync(fs.readFileSync(bundle), { level: 9 }).length
say(`.wasm: ${(results.size.raw / 1024).toFixed(0)} KiB raw, ${(results.size.gzip / 1024).toFixed(0)} KiB gzipped (budget 293 KiB = 300 kB)`)
if (results.size.browserBundleGzip) say(`browser bundle (JS, without the .wasm): ${(results.size.browserBundleGzip / 1024).toFixed(0)} KiB gzipped`)

// Cold start: a fresh Node per entry, best of 3.
const cold = {
  'native addon': `const t0 = performance.now(); const a = require(${JSON.stringify(path.join(root, 'index.js'))})`,
  'edge entry (wasm)': `const t0 = performance.now(); const a = (await import(${JSON.stringify(path.join(root, 'edge.mjs'))})).default`,
  'loader fallback (wasm)': `process.env.NAPI_RS_FORCE_WASI = 'error'; const t0 = performance.now(); const a = require(${JSON.stringify(path.join(root, 'index.js'))})`,
  'agora-token': `const t0 = performance.now(); const a = require(${JSON.stringify(require.resolve('agora-token'))})`,
}
results.coldStartMs = {}
say('\ncold start (fresh node process, best of 3): import + first token / process start to first token')
for (const [name, load] of Object.entries(cold)) {
  const src = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
${load}
a.RtcTokenBuilder.buildTokenWithUid('${APP_ID}', '${CERT}', 'c', 1, 1, 600, 600)
const t1 = performance.now(); console.log(JSON.stringify([t1 - t0, t1]))`
  let best = [Infinity, Infinity]
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', src], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`)
    const v = JSON.parse(r.stdout.trim().split('\n').pop())
    if (v[0] < best[0]) best = v
  }
  results.coldStartMs[name] = { firstToken: +best[0].toFixed(1), sinceProcessStart: +best[1].toFixed(1) }
  say(`  ${name.padEnd(24)} ${best[0].toFixed(1).padStart(6)} ms / ${best[1].toFixed(1).padStart(6)} ms`)
}

// Tokens/s in this Node.
const edge = (await import(path.join(root, 'edge.mjs'))).default
const native = require(path.join(root, 'index.js'))
const reference = require('agora-token')
const impls = { 'edge entry (wasm)': edge, 'native addon': native, 'agora-token': reference }
function run(impl, n) {
  for (let i = 0; i < n; i++) impl.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'bench-channel', i, 1, 3600, 3600)
}
results.node = {}
say(`\nNode ${process.version}, RtcTokenBuilder.buildTokenWithUid, ${N} tokens, best of 3`)
for (const [name, impl] of Object.entries(impls)) {
  run(impl, Math.min(N, 2000)) // warm up
  let best = { wallUs: Infinity, cpuUs: Infinity }
  for (let round = 0; round < 3; round++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    run(impl, N)
    const wall = ((performance.now() - t0) * 1000) / N
    const c = process.cpuUsage(c0)
    const cpu = (c.user + c.system) / N
    if (wall < best.wallUs) best = { wallUs: wall, cpuUs: cpu }
  }
  results.node[name] = { tokensPerSecond: Math.round(1e6 / best.wallUs), usPerToken: +best.wallUs.toFixed(2), cpuUsPerToken: +best.cpuUs.toFixed(2) }
}
const refNode = results.node['agora-token']
for (const [name, r] of Object.entries(results.node)) {
  r.vsAgoraToken = +(refNode.usPerToken / r.usPerToken).toFixed(2)
  r.cpuVsAgoraToken = +(refNode.cpuUsPerToken / r.cpuUsPerToken).toFixed(2)
  say(`  ${name.padEnd(20)} ${String(r.tokensPerSecond).padStart(8)} tokens/s  ${r.usPerToken.toFixed(1).padStart(6)} us  cpu ${r.cpuUsPerToken.toFixed(1).padStart(6)} us  ${r.vsAgoraToken}x agora-token (cpu ${r.cpuVsAgoraToken}x)`)
}

// workerd.
const { startWorker, WORKERD } = await import(path.join(root, '__test__', 'runtimes', 'workerd.mjs'))
if (!fs.existsSync(WORKERD)) {
  say(`\nworkerd: skipped (${WORKERD} missing: npm ci --prefix __test__/runtimes --ignore-scripts)`)
} else {
  const w = await startWorker({ appId: APP_ID, appCertificate: CERT, withReference: true })
  try {
    const n = quick ? 1000 : 5000
    const time = async (impl, count, route) => {
      const t0 = performance.now()
      const r = await fetch(`${w.url}/${route}?impl=${impl}&n=${count}`)
      if (r.status !== 200) throw new Error(`workerd /${route}: ${r.status} ${await r.text()}`)
      await r.arrayBuffer()
      return performance.now() - t0
    }
    // Microseconds per call of `route`: after a warm-up, the best of 3 requests of n calls,
    // each minus an empty request.
    const usPerCall = async (impl, route) => {
      await time(impl, n, route)
      let best = Infinity
      for (let round = 0; round < 3; round++) best = Math.min(best, (await time(impl, n, route)) - (await time(impl, 0, route)))
      return (best * 1000) / n
    }
    results.workerd = { coldStartMs: +w.startMs.toFixed(0) }
    for (const impl of ['native', 'reference']) {
      const us = await usPerCall(impl, 'bench')
      results.workerd[impl === 'native' ? 'agora-token-native (wasm)' : 'agora-token'] = { tokensPerSecond: Math.round(1e6 / us), usPerToken: +us.toFixed(2) }
    }
    const ours = results.workerd['agora-token-native (wasm)']
    const ref = results.workerd['agora-token']
    ours.vsAgoraToken = +(ref.usPerToken / ours.usPerToken).toFixed(2)
    // decodeToken of one small token (ours only: the bundled agora-token is its RTC builder).
    ours.decodeUs = +(await usPerCall('native', 'bench-decode')).toFixed(2)
    say(`\nworkerd (process start to first token served: ${results.workerd.coldStartMs} ms), ${n} tokens per request, best of 3`)
    say(`  agora-token-native (wasm) ${String(ours.tokensPerSecond).padStart(8)} tokens/s  ${ours.usPerToken.toFixed(1).padStart(6)} us  ${ours.vsAgoraToken}x agora-token`)
    say(`  agora-token               ${String(ref.tokensPerSecond).padStart(8)} tokens/s  ${ref.usPerToken.toFixed(1).padStart(6)} us`)
    say(`  decodeToken of a small token in workerd (agora-token-native): ${ours.decodeUs.toFixed(1)} us`)
  } finally {
    await w.stop()
  }
}
if (asJson) console.log(JSON.stringify(results))
