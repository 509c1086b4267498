// The WebAssembly build in the Node running this test (no other runtime needed): the
// agora-token-native/edge entry in this process, the generated loader's fallback in a child
// with NAPI_RS_FORCE_WASI=error, and the .wasm size budget. Runs in `npm run test:runtimes`
// and in the release workflow's wasm32-wasip1-threads test job.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { APP_ID, CERT, checkReport, probe, refParse, requireWasmBuild, root } from './matrix.mjs'
import { report } from './probe-lib.mjs'

requireWasmBuild()

test('agora-token-native/edge in this Node: every name, tokens as agora-token builds them', async () => {
  const edge = await import('../../edge.mjs')
  checkReport(JSON.parse(report(edge)), { target: 'wasm32-wasi', entry: 'esm' })
})

test('the generated loader falls back to the WebAssembly package (NAPI_RS_FORCE_WASI=error)', () => {
  checkReport(probe(process.execPath, ['__test__/runtimes/probe.mjs', '../../index.js'], { NAPI_RS_FORCE_WASI: 'error' }), { target: 'wasm32-wasi', entry: 'cjs' })
})

test('the .wasm stays under its budget of 300 kB gzipped', (t) => {
  const wasm = fs.readFileSync(path.join(root, 'npm', 'wasm32-wasi', 'agora-token-native.wasm32-wasi.wasm'))
  const gz = gzipSync(wasm, { level: 9 }).length
  t.diagnostic(`agora-token-native.wasm32-wasi.wasm: ${wasm.length} bytes, ${gz} gzipped`)
  assert.ok(gz < 300_000, `${gz} bytes gzipped`)
})

test('decodeToken in the WebAssembly build reads every number as the native addon does (16-bit halves in the UTF-16 surrogate range, 0xFEFF, 0xFFFF)', async () => {
  const { native } = await import('./matrix.mjs')
  const edge = await import('../../edge.mjs')
  const halves = [0, 1, 0x7fff, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xffff]
  const tokens = []
  for (const hi of halves) {
    for (const lo of [0xd800, 0xdfff, 0xfeff, 0x1234]) {
      const n = ((hi << 16) | lo) >>> 0
      const t = new native.AccessToken2('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', n, n)
      const s = new native.ServiceRtc('room', 7)
      for (const k of [lo, hi, 1]) s.addPrivilege(k, n)
      t.addService(s)
      tokens.push(t.build())
    }
  }
  for (const token of tokens) assert.deepEqual(edge.decodeToken(token), native.decodeToken(token))
})

// Where code cannot be compiled from strings (workerd, Next.js Edge), decodeToken's object
// builder reaches the WebAssembly binding only through `__provideAssembler`.
function provided(...args) {
  const script = path.join(root, '__test__', 'runtimes', 'provide-assembler.mjs')
  return JSON.parse(execFileSync(process.execPath, ['--disallow-code-generation-from-strings', script, ...args], { cwd: root }).toString())
}

test('without code generation from strings, the WebAssembly binding takes the object builder it is handed, once', () => {
  const r = provided()
  assert.equal(r.enumerable, false, 'not one of the package names')
  assert.equal(r.notAFunction, false)
  assert.equal(r.first, true, 'nothing compiled it before: it could not')
  assert.equal(r.second, false)
  assert.equal(r.calls, 1, 'decodeToken used the function it was handed')
  assert.deepEqual(r.after, r.before, 'the same object as the JSON path')
  assert.equal(r.before.services[0].channelName, 'demo')
})

test('agora-token-native/edge hands the binding the object builder at load', () => {
  const r = provided('edge')
  assert.equal(r.first, false, 'edge.mjs has provided one already')
  assert.equal(r.calls, 0)
  assert.deepEqual(r.after, r.before)
})

test('instantiate(module, { getRandomValues }): salts come from the random source it is given', async () => {
  const { instantiate } = await import('agora-token-native-wasm32-wasi/instantiate')
  const { createApi } = await import('../../api.mjs')
  const wasm = fs.readFileSync(path.join(root, 'npm', 'wasm32-wasi', 'agora-token-native.wasm32-wasi.wasm'))
  const module = new WebAssembly.Module(wasm)
  const saltOf = (api) => refParse(api.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'c', 1, 1, 600)).salt
  // Two instances fed the same bytes make the same salt; the global source, different ones.
  let calls = 0
  const fixed = (byte) => (bytes) => {
    calls++
    bytes.fill(byte)
  }
  const a = createApi(instantiate(module, { getRandomValues: fixed(7) }), 'wasm32-wasi')
  const b = createApi(instantiate(module, { getRandomValues: fixed(7) }), 'wasm32-wasi')
  assert.equal(saltOf(a), saltOf(b))
  assert.ok(calls >= 2, `the source was called ${calls} times`)
  const c = createApi(instantiate(module), 'wasm32-wasi')
  assert.notEqual(saltOf(c), saltOf(c))
})
