// The ES module entry (index.mjs) re-exports exactly what the CommonJS loader exports,
// by name, as the same objects; so `import { RtcTokenBuilder } from 'agora-token-native'`
// works and the two entries cannot drift apart.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as esm from 'agora-token-native'
import * as esmLegacy from 'agora-token-native/legacy'
import { RtcTokenBuilder, RtcRole, decodeToken } from 'agora-token-native'

const require = createRequire(import.meta.url)
const cjs = require('..')

test('index.mjs exports exactly Object.keys(require(".."))', () => {
  const named = Object.keys(esm).filter((k) => k !== 'default').sort()
  assert.deepEqual(named, Object.keys(cjs).sort())
})

test('every ESM export is the same object as the CommonJS one; default is the module', () => {
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], k)
  assert.equal(esm.default, cjs)
})

test('named imports work', () => {
  const appId = '970CA35de60c44645bbae8a215061b33'
  const cert = '5CFd2fd1755d40ecb72977518be15d3b'
  const t = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER, 600)
  assert.equal(decodeToken(t).services[0].channelName, 'demo')
})

test('package.json "exports" resolves "." to index.mjs for import and index.js for require', () => {
  const pkg = require('../package.json')
  // Runtimes without Node's addon loader (workerd, Edge, browsers, web workers) get the
  // WebAssembly entry; __test__/runtimes checks it there.
  const edge = './edge.mjs'
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', workerd: edge, 'edge-light': edge, browser: edge, worker: edge, import: './index.mjs', require: './index.js' })
  assert.deepEqual(pkg.exports['./edge'], { types: './edge.d.ts', default: edge })
  // import.meta.resolve is unflagged from Node 20.6 (the release workflow also tests 18)
  if (typeof import.meta.resolve === 'function') {
    assert.equal(import.meta.resolve('agora-token-native'), new URL('../index.mjs', import.meta.url).href)
  }
  assert.equal(require.resolve('agora-token-native'), require.resolve('../index.js'))
})

test('the legacy subpath has the same exports in both formats', () => {
  const legacyCjs = require('agora-token-native/legacy')
  const named = Object.keys(esmLegacy).filter((k) => k !== 'default').sort()
  assert.deepEqual(named, Object.keys(legacyCjs).sort())
  for (const k of named) assert.equal(esmLegacy[k], legacyCjs[k], k)
})
