// HTTP load test of the token service, side by side in one run on one route
// (GET /rtc/test/publisher/uid/1234): `npm start`'s server (server/app.js with its defaults, access
// log on, the child's stdout being /dev/null), a minimal Express 5 app with agora-token@2.0.6, and a bare node:http handler
// with this addon. Each server runs in a child process on a loopback port; autocannon drives it
// from this process. Reports requests/s and the server's CPU time per request
// (process.cpuUsage in the server process: the load generator shares the machine, so CPU per
// request is the figure that holds), then `npm start`'s server again at 256 connections.
//
//   npm run load                                    (3 s per server after 1 s warm-up, 32 connections)
//   node bench/load.mjs --duration 5 --rounds 2     (alternate the servers twice)
//
// Exits non-zero when any request errors, times out or gets a non-2xx answer.
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import http from 'node:http'
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

/** Each server: a function that returns an http.Server (not listening yet), run in the child. */
const SERVERS = {
  'npm start (ours)': () => {
    const { createServer } = require(path.join(root, 'server', 'app.js'))
    // Its defaults, access log included: the child's stdout is /dev/null.
    return createServer({ appId: APP_ID, appCertificate: APP_CERTIFICATE })
  },
  'Express 5 + agora-token': () => {
    const express = require('express')
    const { RtcTokenBuilder, RtcRole } = require('agora-token')
    const app = express()
    app.get('/rtc/:channel/:role/:tokentype/:uid', (req, res) => {
      const role = req.params.role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER
      const token = RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, req.params.channel, Number(req.params.uid), role, 3600, 3600)
      res.json({ rtcToken: token })
    })
    return http.createServer(app)
  },
  'bare node:http + addon': () => {
    const { RtcTokenBuilder } = require(root)
    return http.createServer((req, res) => {
      const [, kind, channel, role, , uid] = req.url.split('/')
      if (kind !== 'rtc') {
        res.writeHead(404).end()
        return
      }
      const body = JSON.stringify({ rtcToken: RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, channel, Number(uid), role === 'publisher' ? 1 : 2, 3600, 3600) })
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      res.end(body)
    })
  },
}

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '1' },
  },
})

if (args.serve) {
  // Child: serve, tell the parent the port, answer CPU-time questions.
  const server = SERVERS[args.serve]()
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('message', (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage()
      process.send({ cpu: u.user + u.system })
    }
  })
  process.on('disconnect', () => process.exit(0))
} else {
  await main()
}

function startServer(name) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', name], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    child.once('message', ({ port }) => resolve({ child, port }))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server (${name}) exited with ${code}`)))
  })
}

function cpuOf(child) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (m && typeof m.cpu === 'number') {
        child.off('message', on)
        resolve(m.cpu)
      }
    }
    child.on('message', on)
    child.send('cpu')
  })
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

async function runOne(name, { duration, connections }) {
  const autocannon = require('autocannon')
  const { decodeToken, verifyToken } = require(root)
  const { child, port } = await startServer(name)
  try {
    const url = `http://127.0.0.1:${port}${ROUTE}`
    const { rtcToken } = await (await fetch(url)).json()
    const d = decodeToken(rtcToken)
    if (d.services[0].channelName !== 'test' || d.services[0].uid !== '1234' || !verifyToken(rtcToken, APP_CERTIFICATE)) {
      throw new Error(`${name}: the served token is wrong: ${JSON.stringify(d)}`)
    }
    await autocannon({ url, connections, duration: 1 }) // warm-up (JIT, sockets), not counted
    const cpu0 = await cpuOf(child)
    const r = await autocannon({ url, connections, duration })
    const cpu1 = await cpuOf(child)
    return {
      name,
      connections,
      reqPerSec: r.requests.average,
      cpuPerReq: (cpu1 - cpu0) / Math.max(1, r.requests.total),
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      failed: r.errors + r.timeouts + r.non2xx,
    }
  } finally {
    await stopServer(child)
  }
}

async function main() {
  const duration = Number(args.duration)
  const connections = Number(args.connections)
  const rounds = Math.max(1, Number(args.rounds) || 1)
  const cpus = os.cpus()
  console.log(`Load: GET ${ROUTE}, ${connections} connections, ${duration} s per server (after 1 s warm-up), ${rounds} round(s)`)
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.arch()}; autocannon shares it\n`)
  const runs = Object.fromEntries(Object.keys(SERVERS).map((n) => [n, []]))
  for (let round = 1; round <= rounds; round++) {
    for (const name of Object.keys(SERVERS)) {
      const r = await runOne(name, { duration, connections })
      console.log(`${rounds > 1 ? `round ${round}: ` : ''}${name}: ${Math.round(r.reqPerSec)} req/s, ${r.cpuPerReq.toFixed(0)} us CPU/request`)
      runs[name].push(r)
    }
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0)
  const results = Object.entries(runs).map(([name, rs]) => ({
    name,
    connections,
    reqPerSec: sum(rs.map((r) => r.reqPerSec)) / rs.length,
    cpuPerReq: sum(rs.map((r) => r.cpuPerReq * r.total)) / Math.max(1, sum(rs.map((r) => r.total))),
    p50: rs[0].p50,
    p99: rs[0].p99,
    total: sum(rs.map((r) => r.total)),
    failed: sum(rs.map((r) => r.failed)),
  }))
  const wide = await runOne('npm start (ours)', { duration, connections: 256 })
  console.log(`npm start (ours) at 256 connections: ${Math.round(wide.reqPerSec)} req/s, ${wide.failed} failed`)
  const all = [...results, { ...wide, name: 'npm start (ours), 256 conn.' }]
  const header = ['server', 'connections', 'req/s', 'CPU us/request', 'p50 ms', 'p99 ms', 'requests', 'failed']
  const rows = all.map((r) => [r.name, String(r.connections), String(Math.round(r.reqPerSec)), r.cpuPerReq.toFixed(0), String(r.p50), String(r.p99), String(r.total), String(r.failed)])
  console.log('\n| ' + header.join(' | ') + ' |\n|' + header.map(() => ' --- ').join('|') + '|')
  for (const row of rows) console.log('| ' + row.join(' | ') + ' |')
  const [ours, express, bare] = results
  console.log(`\nours / Express 5 + agora-token: ${(ours.reqPerSec / express.reqPerSec).toFixed(2)}× the requests/s (target >= 4), ` +
    `${(express.cpuPerReq / ours.cpuPerReq).toFixed(2)}× less CPU per request`)
  console.log(`ours / bare node:http + addon: ${(ours.cpuPerReq / bare.cpuPerReq).toFixed(2)}× the CPU per request (target <= 1.5)`)
  const bad = all.filter((r) => r.failed)
  if (bad.length) {
    console.error(`\nFAIL: errors, timeouts or non-2xx answers with ${bad.map((r) => r.name).join(', ')}`)
    process.exit(1)
  }
}
