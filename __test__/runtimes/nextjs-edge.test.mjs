// The Next.js example's Edge route (examples/nextjs/app/api/edge-token, `export const
// runtime = 'edge'`) for real: npm ci, the local packages copied in (the main package and the
// WebAssembly package from `npm run build:wasm`), next build, next start on 127.0.0.1, and
// the served token checked against agora-token and the native verifyToken.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { freePort } from './workerd.mjs'
import { APP_ID, CERT, native, payload, reference, refParse, requireWasmBuild, root, withSaltAndTime } from './matrix.mjs'

const EXAMPLE = path.join(root, 'examples', 'nextjs')

function run(t, label, cmd, args, env) {
  const started = Date.now()
  const r = spawnSync(cmd, args, { cwd: EXAMPLE, encoding: 'utf8', env, maxBuffer: 64 << 20 })
  t.diagnostic(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`)
}

test('examples/nextjs: the Edge route builds and serves a token from the WebAssembly build', { timeout: 10 * 60 * 1000 }, async (t) => {
  requireWasmBuild()
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const k of Object.keys(env)) if (/^(npm_lifecycle|npm_package|INIT_CWD)/.test(k)) delete env[k]
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(t, 'npm ci', npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], env)
  run(t, 'use-local-package', process.execPath, ['scripts/use-local-package.mjs'], env)
  fs.rmSync(path.join(EXAMPLE, '.next'), { recursive: true, force: true })
  const nextBin = path.join(EXAMPLE, 'node_modules', 'next', 'dist', 'bin', 'next')
  run(t, 'next build', process.execPath, [nextBin, 'build'], env)

  const port = await freePort()
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: EXAMPLE,
    env: { ...env, APP_ID, APP_CERTIFICATE: CERT, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  t.after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  let res
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`)
    try {
      res = await fetch(`${base}/api/edge-token?channel=edge-room&uid=2882341273`)
      break
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`next start did not answer: ${e}\n${output}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  assert.equal(res.status, 200, output)
  const body = await res.json()
  assert.equal(body.target, 'wasm32-wasi', 'the Edge route runs the WebAssembly build')
  const parsed = refParse(body.rtcToken)
  const expected = withSaltAndTime(parsed.salt, parsed.issueTs, () =>
    reference.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'edge-room', 2882341273, reference.RtcRole.PUBLISHER, 3600, 3600),
  )
  assert.equal(payload(body.rtcToken), payload(expected), "agora-token's payload for the same salt and time")
  assert.ok(native.verifyToken(body.rtcToken, CERT, { channelName: 'edge-room', uid: 2882341273 }))

  // Two requests, two salts: not a cached response.
  const a = await (await fetch(`${base}/api/edge-token?channel=edge-room&uid=1`)).json()
  const b = await (await fetch(`${base}/api/edge-token?channel=edge-room&uid=1`)).json()
  assert.notEqual(native.decodeToken(a.rtcToken).salt, native.decodeToken(b.rtcToken).salt)

  // The package's input rules answer from the Edge route as from Node.
  const bad = await fetch(`${base}/api/edge-token?channel=${'x'.repeat(65)}&uid=1`)
  assert.equal(bad.status, 400)
  assert.match((await bad.json()).error, /^channelName/)
  assert.ok(!output.includes(CERT), 'the certificate is never printed')
})
