// The runtime matrix (`npm run test:runtimes`, after `npm run build:wasm`): the package in
// Node 18, 20, 22 and 24 (native addon, the generated loader's WebAssembly fallback, and the
// agora-token-native/edge entry), Bun (native and edge), Deno (native and edge, each with the
// narrowest permissions that work) and Cloudflare's workerd (a Worker answering over HTTP on
// 127.0.0.1). Every token is checked against agora-token and the native addon in this Node.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import { startWorker } from './workerd.mjs'
import { APP_ID, CERT, RUNTIMES, checkReport, installRuntimes, native, payload, probe, reference, refParse, requireWasmBuild, root, withSaltAndTime } from './matrix.mjs'

before(() => {
  requireWasmBuild()
  installRuntimes()
})

for (const major of ['18', '20', '22', '24']) {
  test(`Node ${major}: native addon, WebAssembly fallback (NAPI_RS_FORCE_WASI) and the edge entry`, () => {
    const node = RUNTIMES[`node${major}`]
    checkReport(probe(node, ['__test__/runtimes/probe.mjs', '../../index.js']), { target: 'native', entry: 'cjs' })
    for (const force of ['1', 'error']) {
      checkReport(probe(node, ['__test__/runtimes/probe.mjs', '../../index.js'], { NAPI_RS_FORCE_WASI: force }), { target: 'wasm32-wasi', entry: 'cjs' })
    }
    checkReport(probe(node, ['__test__/runtimes/probe.mjs', '../../edge.mjs']), { target: 'wasm32-wasi', entry: 'esm' })
  })
}

test('Bun: native addon and the edge entry', () => {
  checkReport(probe(RUNTIMES.bun, ['__test__/runtimes/probe.mjs', '../../index.js']), { target: 'native', entry: 'cjs' })
  checkReport(probe(RUNTIMES.bun, ['__test__/runtimes/probe.mjs', '../../edge.mjs']), { target: 'wasm32-wasi', entry: 'esm' })
})

// The permissions docs/runtimes.md documents.
const NAPI_ENV = 'NAPI_RS_NATIVE_LIBRARY_PATH,NAPI_RS_FORCE_WASI,NAPI_RS_WASI_FLAVOR,NAPI_RS_ENFORCE_VERSION_CHECK'

test('Deno: the edge entry with read access to the .wasm folder only', () => {
  const wasmDir = fs.realpathSync(path.join(root, 'node_modules', 'agora-token-native-wasm32-wasi'))
  checkReport(probe(RUNTIMES.deno, ['run', `--allow-read=${wasmDir}`, '__test__/runtimes/deno-edge.mjs']), { target: 'wasm32-wasi', entry: 'esm' })
})

test('Deno: the edge entry fails without that read access (the permission is needed)', () => {
  const r = spawnSync(RUNTIMES.deno, ['run', '__test__/runtimes/deno-edge.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } })
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /read access/)
})

test('Deno: the native addon with --allow-ffi for the addon, four NAPI_RS_* variables and three sys calls', () => {
  const addon = fs.readdirSync(root).find((f) => f.endsWith('.node'))
  assert.ok(addon, 'the native addon is built')
  const args = [
    'run',
    `--allow-read=${root}`,
    `--allow-env=${NAPI_ENV}`,
    '--allow-sys=cpus,networkInterfaces,hostname',
    `--allow-ffi=${fs.realpathSync(path.join(root, addon))}`,
    '__test__/runtimes/deno-native.mjs',
  ]
  checkReport(probe(RUNTIMES.deno, args), { target: 'native', entry: 'esm' })
})

test('workerd: a Worker builds an RTC token from env bindings, served on 127.0.0.1', async (t) => {
  const worker = await startWorker({ appId: APP_ID, appCertificate: CERT })
  t.after(() => worker.stop())
  t.diagnostic(`workerd up and answering in ${worker.startMs.toFixed(0)} ms; bundle ${worker.bundleBytes} bytes + the .wasm`)
  const res = await fetch(`${worker.url}/token?channel=edge-room&uid=2882341273`)
  assert.equal(res.status, 200)
  const body = await res.json()
  assert.equal(body.target, 'wasm32-wasi')
  // agora-token's parser reads it, and the same inputs, salt and time give the same payload.
  const parsed = refParse(body.token)
  assert.equal(parsed.appId.toString(), APP_ID)
  assert.equal(parsed.services[0].__channel_name.toString(), 'edge-room')
  const expected = withSaltAndTime(parsed.salt, parsed.issueTs, () =>
    reference.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'edge-room', 2882341273, reference.RtcRole.PUBLISHER, 600, 600),
  )
  assert.equal(payload(body.token), payload(expected))
  assert.ok(native.verifyToken(body.token, CERT, { channelName: 'edge-room', uid: 2882341273 }))
  assert.ok(!native.verifyToken(body.token, CERT.replace('5', '6')))
  // Errors reach the Worker as the native addon throws them, and never carry the certificate.
  const bad = await fetch(`${worker.url}/token?channel=${'x'.repeat(65)}&uid=1`)
  assert.equal(bad.status, 400)
  const err = await bad.json()
  assert.match(err.error, /^channelName/)
  assert.ok(err.code)
  assert.ok(!JSON.stringify(err).includes(CERT))
})
