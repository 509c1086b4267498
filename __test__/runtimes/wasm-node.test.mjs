// The WebAssembly build in the Node running this test (no other runtime needed): the
// agora-token-native/edge entry in this process, the generated loader's fallback in a child
// with NAPI_RS_FORCE_WASI=error, and the .wasm size budget. Runs in `npm run test:runtimes`
// and in the release workflow's wasm32-wasip1-threads test job.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { checkReport, probe, requireWasmBuild, root } from './matrix.mjs'
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
