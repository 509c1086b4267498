'use strict'
// The salt of a 007 token comes from the OS CSPRNG, uniform over 1..99999999.
// A million salts are drawn through `new AccessToken2()` (which draws its salt at
// construction from the same generator the builders use: core/src/salt.rs salt_007),
// and a smaller sample through RtcTokenBuilder + decodeToken checks the builder path.
// The bounds are ones a correct generator fails with probability around 1e-9.
const test = require('node:test')
const assert = require('node:assert/strict')
const { AccessToken2, RtcTokenBuilder, decodeToken } = require('..')

const N = 99999999
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

/** Chi-square statistic of `counts` against equal expected counts. */
function chiSquare(counts, total) {
  const e = total / counts.length
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0)
}

/**
 * Two-sided bounds of chi-square with `k` degrees of freedom at z standard deviations
 * (Wilson-Hilferty approximation; z = 6 is p ~ 1e-9 per side).
 */
function chiBounds(k, z = 6) {
  const a = 2 / (9 * k)
  const q = (zz) => k * Math.max(0, 1 - a + zz * Math.sqrt(a)) ** 3
  return [q(-z), q(z)]
}

function check(salts, label, t) {
  const n = salts.length
  // Range.
  for (let i = 0; i < n; i++) {
    const s = salts[i]
    if (!(Number.isInteger(s) && s >= 1 && s <= N)) assert.fail(`${label}: salt ${s} at ${i} is outside 1..${N}`)
  }
  // Collisions: a bitmap of all 1e8 values (12.5 MB).
  const seen = new Uint8Array(Math.ceil((N + 1) / 8))
  let collisions = 0
  for (let i = 0; i < n; i++) {
    const s = salts[i]
    const bit = 1 << (s & 7)
    if (seen[s >>> 3] & bit) collisions++
    else seen[s >>> 3] |= bit
  }
  // Expected n(n-1)/2N; Poisson-like, so sd ~ sqrt(expected). 10 sd either way.
  const expected = (n * (n - 1)) / (2 * N)
  const slack = 10 * Math.sqrt(expected) + 3
  assert.ok(Math.abs(collisions - expected) <= slack, `${label}: ${collisions} collisions, expected ${expected.toFixed(0)} ± ${slack.toFixed(0)}`)
  // 100 equal buckets over the range (high digits).
  const buckets = new Array(100).fill(0)
  // The last decimal digit (low digits).
  const digits = new Array(10).fill(0)
  // The lowest bit.
  let odd = 0
  for (let i = 0; i < n; i++) {
    const s = salts[i]
    buckets[Math.floor(((s - 1) * 100) / N)]++
    digits[s % 10]++
    odd += s & 1
  }
  const chiB = chiSquare(buckets, n)
  const chiD = chiSquare(digits, n)
  const [loB, hiB] = chiBounds(99)
  const [, hiD] = chiBounds(9)
  assert.ok(chiB > loB && chiB < hiB, `${label}: bucket chi-square ${chiB.toFixed(1)} outside (${loB.toFixed(1)}, ${hiB.toFixed(1)})`)
  assert.ok(chiD < hiD, `${label}: last-digit chi-square ${chiD.toFixed(1)} above ${hiD.toFixed(1)}`)
  assert.ok(Math.abs(odd - n / 2) <= 6 * Math.sqrt(n / 4), `${label}: ${odd} odd salts of ${n}`)
  t.diagnostic(`${label}: n=${n} collisions=${collisions} (expected ${expected.toFixed(1)}) bucket chi2(99)=${chiB.toFixed(1)} digit chi2(9)=${chiD.toFixed(1)} odd=${odd}`)
}

test('a million salts: in range, as few collisions as chance gives, evenly spread', (t) => {
  const n = 1_000_000
  const salts = new Uint32Array(n)
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) salts[i] = new AccessToken2().salt
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  t.diagnostic(`drew ${n} salts via new AccessToken2() in ${ms.toFixed(0)} ms`)
  check(salts, 'AccessToken2', t)
})

test('builder tokens carry salts from the same generator', (t) => {
  const n = 20_000
  const salts = new Uint32Array(n)
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) salts[i] = decodeToken(RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'c', 1, 1, 600)).salt
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  t.diagnostic(`built and decoded ${n} tokens in ${ms.toFixed(0)} ms (${((ms / n) * 1e3).toFixed(1)} µs each)`)
  check(salts, 'RtcTokenBuilder', t)
})

test('the statistics would catch a bad generator', (t) => {
  // Self-test of the checks: Math.random with a narrow range, and a counter, both fail.
  const n = 200_000
  const narrow = new Uint32Array(n).map(() => 1 + Math.floor(Math.random() * 1_000_000))
  assert.throws(() => check(narrow, 'narrow', t))
  const counter = new Uint32Array(n).map((_, i) => 1 + ((i * 499) % N))
  assert.throws(() => check(counter, 'counter', t))
  const lowDigits = new Uint32Array(n).map(() => 10 * (1 + Math.floor(Math.random() * 9_999_999)))
  assert.throws(() => check(lowDigits, 'multiples of 10', t))
})
