// HTTP load test of the Express token server (examples/express/server.js): the same app and
// route, first with agora-token-native, then with agora-token@2.0.6 plugged in as its token
// library. Each server runs in a child process on a loopback port; autocannon drives it.
//
//   npm run load                          (30 s per library, 64 connections)
//   node bench/load.mjs --duration 5 --connections 16
//   node bench/load.mjs --rounds 3     (alternate the libraries 3 times: less bias from a busy machine)
//
// Exits non-zero when any request errors, times out or gets a non-2xx answer.
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')

const APP_ID = '970ca35de60c44645bbae8a215061b33'
const APP_CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b'
const ROUTE = '/rtc/test/publisher/uid/1234'
const LIBRARIES = {
  'agora-token-native': () => require(root),
  'agora-token@2.0.6': () => require('agora-token'),
}

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '1' },
  },
})

if (args.serve) {
  // Child: serve the app with the chosen token library on 127.0.0.1, tell the parent the port.
  const { createApp } = require(path.join(root, 'examples', 'express', 'server.js'))
  const app = createApp({ appId: APP_ID, appCertificate: APP_CERTIFICATE, log: false, tokenLibrary: LIBRARIES[args.serve]() })
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('disconnect', () => process.exit(0))
} else {
  await main()
}

function startServer(library) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', library], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', ({ port }) => resolve({ child, port }))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server (${library}) exited with ${code}`)))
  })
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

async function runOne(library, { duration, connections }) {
  const autocannon = require('autocannon')
  const { decodeToken, verifyToken } = require(root)
  const { child, port } = await startServer(library)
  try {
    const url = `http://127.0.0.1:${port}${ROUTE}`
    // Sanity: the route answers with a token for what was asked.
    const { rtcToken } = await (await fetch(url)).json()
    const d = decodeToken(rtcToken)
    if (d.services[0].channelName !== 'test' || d.services[0].uid !== '1234' || !verifyToken(rtcToken, APP_CERTIFICATE)) {
      throw new Error(`${library}: the served token is wrong: ${JSON.stringify(d)}`)
    }
    // Warm-up (JIT, sockets), not counted.
    await autocannon({ url, connections, duration: 3 })
    const r = await autocannon({ url, connections, duration })
    return {
      library,
      reqPerSec: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    }
  } finally {
    await stopServer(child)
  }
}

async function main() {
  const duration = Number(args.duration)
  const connections = Number(args.connections)
  const cpus = os.cpus()
  console.log(`Load: GET ${ROUTE}, ${connections} connections, ${duration} s per library (after 3 s warm-up)`)
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`)
  console.log('Server and autocannon share this machine (server: one child process; autocannon: this process).\n')
  const rounds = Math.max(1, Number(args.rounds) || 1)
  const runs = Object.fromEntries(Object.keys(LIBRARIES).map((l) => [l, []]))
  for (let round = 1; round <= rounds; round++) {
    for (const library of Object.keys(LIBRARIES)) {
      process.stdout.write(`${rounds > 1 ? `round ${round}: ` : ''}running ${library} ... `)
      const r = await runOne(library, { duration, connections })
      console.log(`${Math.round(r.reqPerSec)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`)
      runs[library].push(r)
    }
  }
  // Several rounds: total requests over total time; the median round's latencies.
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
  const results = Object.entries(runs).map(([library, rs]) => ({
    library,
    reqPerSec: rs.reduce((sum, r) => sum + r.reqPerSec, 0) / rs.length,
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    total: rs.reduce((sum, r) => sum + r.total, 0),
    errors: rs.reduce((sum, r) => sum + r.errors, 0),
    timeouts: rs.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: rs.reduce((sum, r) => sum + r.non2xx, 0),
  }))
  const rows = [
    ['', ...results.map((r) => r.library)],
    ['req/s (mean)', ...results.map((r) => Math.round(r.reqPerSec).toString())],
    ['latency p50 (ms)', ...results.map((r) => String(r.p50))],
    ['latency p99 (ms)', ...results.map((r) => String(r.p99))],
    ['requests', ...results.map((r) => String(r.total))],
    ['errors', ...results.map((r) => String(r.errors))],
    ['timeouts', ...results.map((r) => String(r.timeouts))],
    ['non-2xx', ...results.map((r) => String(r.non2xx))],
  ]
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)))
  console.log('')
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '))
  if (results.length === 2 && results[1].reqPerSec > 0) {
    console.log(`\nagora-token-native / agora-token: ${(results[0].reqPerSec / results[1].reqPerSec).toFixed(2)}× the requests per second`)
  }
  const bad = results.filter((r) => r.errors || r.timeouts || r.non2xx)
  if (bad.length) {
    console.error(`\nFAIL: errors, timeouts or non-2xx answers with ${bad.map((r) => r.library).join(', ')}`)
    process.exit(1)
  }
}
