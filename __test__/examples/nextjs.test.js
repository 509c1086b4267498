'use strict'
// The Next.js example for real: npm ci, next build, next start on 127.0.0.1, HTTP requests,
// and the served tokens checked with decodeToken / verifyToken.
//
// Slow (an npm ci and a production build), so it runs only from `npm run test:examples`
// (or with AGORA_TEST_EXAMPLES=1); `npm run test:node` skips it. Needs the addon built.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const EXAMPLE = path.join(ROOT, 'examples', 'nextjs')
const enabled = process.env.npm_lifecycle_event === 'test:examples' || process.env.AGORA_TEST_EXAMPLES === '1'

const APP_ID = '970ca35de60c44645bbae8a215061b33'
const APP_CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b'

function run(t, label, cmd, args, opts = {}) {
  const start = Date.now()
  const r = spawnSync(cmd, args, { cwd: EXAMPLE, encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
  const seconds = ((Date.now() - start) / 1000).toFixed(1)
  t.diagnostic(`${label}: ${seconds} s`)
  if (r.status !== 0) {
    throw new Error(`${label} failed (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`)
  }
  return r
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitFor(url, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs
  let lastError
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      return
    } catch (e) {
      lastError = e
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`next start did not answer within ${deadlineMs} ms: ${lastError}`)
}

test('examples/nextjs: next build, next start, GET /api/token', { skip: !enabled && 'run with `npm run test:examples`', timeout: 15 * 60 * 1000 }, async (t) => {
  const { decodeToken, verifyToken } = require('../..')
  const addons = fs.readdirSync(ROOT).filter((f) => f.endsWith('.node'))
  assert.ok(addons.length > 0, 'the addon is not built: run `npm run build` first')

  const started = Date.now()
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  // --ignore-scripts: the repository package's own `prepare` (a cargo build) must not run here;
  // the addon is already built and gets copied in by use-local-package.mjs.
  run(t, 'npm ci', 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { env })
  run(t, 'use-local-package', process.execPath, ['scripts/use-local-package.mjs'], { env })
  fs.rmSync(path.join(EXAMPLE, '.next'), { recursive: true, force: true })
  const nextBin = path.join(EXAMPLE, 'node_modules', 'next', 'dist', 'bin', 'next')
  run(t, 'next build', process.execPath, [nextBin, 'build'], { env })

  const port = await freePort()
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: EXAMPLE,
    env: { ...env, APP_ID, APP_CERTIFICATE, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}`
  try {
    const startAt = Date.now()
    await waitFor(`${base}/api/token?channel=warmup`, child, 60_000)
    t.diagnostic(`next start ready: ${((Date.now() - startAt) / 1000).toFixed(1)} s`)

    // A publisher with a uid.
    let res = await fetch(`${base}/api/token?channel=test&uid=1234&role=publisher&expiry=600`)
    assert.equal(res.status, 200, output)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    let body = await res.json()
    assert.equal(body.channel, 'test')
    assert.equal(body.uid, 1234)
    let d = decodeToken(body.rtcToken)
    assert.equal(d.version, '007')
    assert.equal(d.appId, APP_ID)
    assert.equal(d.expire, 600)
    assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges: { 1: 600, 2: 600, 3: 600, 4: 600 }, channelName: 'test', uid: '1234' }])
    assert.equal(verifyToken(body.rtcToken, APP_CERTIFICATE, { channelName: 'test', uid: 1234 }), true)
    assert.equal(verifyToken(body.rtcToken, 'a'.repeat(32)), false)

    // A subscriber, defaults (uid 0, 3600 s), a channel needing percent-encoding.
    const channel = 'room #1 & more'
    res = await fetch(`${base}/api/token?channel=${encodeURIComponent(channel)}&role=subscriber`)
    assert.equal(res.status, 200)
    body = await res.json()
    d = decodeToken(body.rtcToken)
    assert.equal(d.expire, 3600)
    assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges: { 1: 3600 }, channelName: channel, uid: '' }])
    assert.equal(verifyToken(body.rtcToken, APP_CERTIFICATE, { channelName: channel, uid: 0 }), true)

    // Each call is a fresh token (not a cached or prerendered response).
    const again = await (await fetch(`${base}/api/token?channel=test&uid=1234`)).json()
    const again2 = await (await fetch(`${base}/api/token?channel=test&uid=1234`)).json()
    assert.notEqual(decodeToken(again.rtcToken).salt, decodeToken(again2.rtcToken).salt)

    // Bad input: 400 with a message.
    for (const [q, message] of [
      ['', /channel/],
      ['channel=caf%C3%A9', /channel/],
      ['channel=test&uid=-1', /uid/],
      ['channel=test&uid=4294967296', /uid/],
      ['channel=test&role=admin', /role/],
      ['channel=test&expiry=0', /expiry/],
    ]) {
      res = await fetch(`${base}/api/token?${q}`)
      assert.equal(res.status, 400, q)
      assert.match((await res.json()).error, message, q)
    }
    assert.ok(!output.includes(APP_CERTIFICATE), 'the certificate is never printed')
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
  t.diagnostic(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`)
})
