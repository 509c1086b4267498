'use strict'
// DynamicKey 1-4 and the Signaling token, byte for byte against two references: the PyPI
// package agoraiotools==0.3.4 (run once per generator, in the venv that
// scripts/setup-oracle.sh creates) and agora-access-token's src/SignalingToken.js.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { prng } = require('./helpers')
const legacy = require('../legacy.js')

const N = 500
const ROOT = path.join(__dirname, '..')
const PYTHON = path.join(ROOT, '.venv-oracle', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python')
const DRIVER = path.join(__dirname, 'oracle', 'keys_oracle.py')
const MISSING = `the Python oracle is not installed: ${PYTHON} does not exist. Create it with \`scripts/setup-oracle.sh\` (it installs __test__/oracle/requirements.txt, agoraiotools==0.3.4, into .venv-oracle)`

const haveOracle = fs.existsSync(PYTHON)
if (!haveOracle && !process.env.CI) {
  console.warn(`\n!!! SKIPPING the agoraiotools oracle tests: ${MISSING}\n`)
}
const skip = haveOracle || process.env.CI ? false : MISSING

/** Runs `generator` of agoraiotools on every argument list, in one Python process. */
function oracle(generator, inputs) {
  assert.ok(haveOracle, MISSING)
  const r = spawnSync(PYTHON, [DRIVER], { input: JSON.stringify({ generator, inputs }), encoding: 'utf8', maxBuffer: 64 << 20 })
  assert.equal(r.status, 0, `the oracle failed: ${r.stderr}`)
  const out = JSON.parse(r.stdout)
  assert.equal(out.length, inputs.length)
  return out
}

/** A Signaling account: 1 to 255 bytes, well-formed UTF-16 (Python cannot encode a lone surrogate). */
function account(rng) {
  let s = rng.account().replace(/[\ud800-\udfff]/g, 'x')
  return s === '' ? 'a' : s
}

/** `n` seeded argument lists for the DynamicKey generators (v1 takes the first five). */
function dynamicInputs(seed) {
  const rng = prng(seed)
  return Array.from({ length: N }, () => [rng.hex32(), rng.hex32(), rng.channel(), rng.u32(), rng.u32(), rng.uid(), rng.u32()])
}

const CASES = [
  ['DynamicKey.generate', (a) => legacy.DynamicKey1.generate(...a.slice(0, 5)), (a) => a.slice(0, 5)],
  ['DynamicKey2.generate', (a) => legacy.DynamicKey2.generate(...a), (a) => a],
  ['DynamicKey3.generate', (a) => legacy.DynamicKey3.generate(...a), (a) => a],
  ['DynamicKey4.generatePublicSharingKey', (a) => legacy.DynamicKey4.generatePublicSharingKey(...a), (a) => a],
  ['DynamicKey4.generateRecordingKey', (a) => legacy.DynamicKey4.generateRecordingKey(...a), (a) => a],
  ['DynamicKey4.generateMediaChannelKey', (a) => legacy.DynamicKey4.generateMediaChannelKey(...a), (a) => a],
]

for (const [i, [generator, ours, pyArgs]] of CASES.entries()) {
  test(`${generator}: byte-identical to agoraiotools on ${N} seeded inputs`, { skip }, () => {
    const inputs = dynamicInputs(0x18000 + i)
    const expected = oracle(generator, inputs.map(pyArgs))
    inputs.forEach((a, j) => assert.equal(ours(a), expected[j], `input ${j}: ${JSON.stringify(a)}`))
  })
}

test(`DynamicKey4.generateDynamicKey: byte-identical to agoraiotools on ${N} seeded inputs`, { skip }, () => {
  const rng = prng(0x18100)
  const inputs = dynamicInputs(0x18101).map((a) => [...a, rng.pick(['APSS', 'ARS', 'ACS'])])
  const expected = oracle('DynamicKey4.generateDynamicKey', inputs)
  inputs.forEach((a, j) => assert.equal(legacy.DynamicKey4.generateDynamicKey(...a), expected[j], `input ${j}`))
})

test(`SignalingToken: byte-identical to agoraiotools on ${N} seeded inputs`, { skip }, () => {
  const rng = prng(0x18200)
  const inputs = Array.from({ length: N }, () => [rng.hex32(), rng.hex32(), account(rng), rng.u32()])
  // agoraiotools takes (account, appID, appCertificate, expiredTsInSeconds).
  const expected = oracle('SignalingToken.generateSignalingToken', inputs.map(([id, cert, acc, exp]) => [acc, id, cert, exp]))
  inputs.forEach((a, j) => assert.equal(legacy.SignalingToken.getWithExpiredTs(...a), expected[j], `input ${j}`))
})

test(`SignalingToken: byte-identical to agora-access-token's src/SignalingToken.js on ${N} seeded inputs`, () => {
  const ref = require('agora-access-token/src/SignalingToken')
  const rng = prng(0x18300)
  const realNow = Date.prototype.getTime
  try {
    for (let j = 0; j < N; j++) {
      const [id, cert, acc] = [rng.hex32(), rng.hex32(), account(rng)]
      const now = rng.int(0, 4000000000)
      const valid = rng.pick([0, 1, 3600, 86400, rng.int(0, 4294967295 - now)])
      // The reference reads the clock through Date: run it at `now`.
      Date.prototype.getTime = () => now * 1000 + 999
      const [expected, expected1Day] = [ref.get(id, cert, acc, valid), now + 86400 <= 4294967295 && ref.get1DayToken(id, cert, acc)]
      Date.prototype.getTime = realNow
      assert.equal(legacy.SignalingToken.getWithExpiredTs(id, cert, acc, now + valid), expected, `input ${j}`)
      if (expected1Day) assert.equal(legacy.SignalingToken.getWithExpiredTs(id, cert, acc, now + 86400), expected1Day)
    }
  } finally {
    Date.prototype.getTime = realNow
  }
  // `get` and `get1DayToken` read the real clock: equal to the reference within the same second.
  for (let tries = 0; ; tries++) {
    const id = '970ca35de60c44645bbae8a215061b33'
    const cert = '5cfd2fd1755d40ecb72977518be15d3b'
    const before = Math.floor(Date.now() / 1000)
    const ours = [legacy.SignalingToken.get(id, cert, 'alice', 600), legacy.SignalingToken.get1DayToken(id, cert, 'alice')]
    const theirs = [ref.get(id, cert, 'alice', 600), ref.get1DayToken(id, cert, 'alice')]
    if (Math.floor(Date.now() / 1000) !== before && tries < 5) continue
    assert.deepEqual(ours, theirs)
    break
  }
})
