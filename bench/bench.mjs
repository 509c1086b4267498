// `npm run bench`: every builder family, verify and decode, side by side with the reference
// packages in one process. Rounds alternate which side runs first; each side's time is the
// median of its rounds. Prints a Markdown table and writes bench/results.json.
//
//   node bench/bench.mjs [--rounds 7] [--ms 60] [--warm-ms 1000] [--only substring]
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
const ours = require('../index.js')
// The 006 API (agora-token-native/legacy) is measured when it is there.
let legacy = null
let legacySkip = null
if (!fs.existsSync(path.join(here, '..', 'legacy.js'))) {
  legacySkip = 'skipped: legacy not built'
} else {
  try {
    legacy = require('../legacy.js')
    if (typeof legacy.RtcTokenBuilder?.buildTokenWithUid !== 'function') throw new Error('no RtcTokenBuilder.buildTokenWithUid')
  } catch (e) {
    legacy = null
    legacySkip = `skipped: legacy not built (${e.message})`
  }
}
const ref = require('agora-token')
const { AccessToken2: RefAccessToken2 } = require('agora-token/src/AccessToken2')
const refLegacy = require('agora-access-token')

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    ms: { type: 'string', default: '60' },
    only: { type: 'string', default: '' },
    'warm-ms': { type: 'string', default: '1000' },
  },
})
const ROUNDS = Number(opts.rounds)
const BATCH_MS = Number(opts.ms)

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const channel = '7d72365eb983485397e3e3f9d460bdda'
const uid = 2882341273
const account = '2882341273'
const expire = 3600
const ts006 = Math.floor(Date.now() / 1000) + 3600

function permissions(lib) {
  const p = new lib.Rtm2Permissions()
  p.add(lib.Rtm2Permissions.kMessageChannels, lib.Rtm2Permissions.kRead, ['news', 'sports'])
  p.add(lib.Rtm2Permissions.kUsers, lib.Rtm2Permissions.kWrite, ['bob'])
  return p
}
const oursPermissions = permissions(ours)
const refPermissions = permissions(ref)

const rtm2Args = [appId, cert, channel, uid, 1, expire, expire, expire, expire, expire, 'agent-1', expire]
const sample007 = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, expire)

// [name, family, target ratio, ours, reference]
const cases = [
  ['RtcTokenBuilder.buildTokenWithUid', '007', 25,
    () => ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, expire),
    () => ref.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, expire)],
  ['RtcTokenBuilder.buildTokenWithUserAccount', '007', 15,
    () => ours.RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, channel, account, 2, expire),
    () => ref.RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, channel, account, 2, expire)],
  ['RtcTokenBuilder.buildTokenWithUidAndPrivilege', '007', 15,
    () => ours.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, channel, uid, expire, expire, expire, expire, expire),
    () => ref.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, channel, uid, expire, expire, expire, expire, expire)],
  ['RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege', '007', 15,
    () => ours.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, channel, account, expire, expire, expire, expire, expire),
    () => ref.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, channel, account, expire, expire, expire, expire, expire)],
  ['RtcTokenBuilder.buildTokenWithRtm', '007', 15,
    () => ours.RtcTokenBuilder.buildTokenWithRtm(appId, cert, channel, account, 1, expire),
    () => ref.RtcTokenBuilder.buildTokenWithRtm(appId, cert, channel, account, 1, expire)],
  ['RtcTokenBuilder.buildTokenWithRtm2', '007', 15,
    () => ours.RtcTokenBuilder.buildTokenWithRtm2(...rtm2Args),
    () => ref.RtcTokenBuilder.buildTokenWithRtm2(...rtm2Args)],
  ['RtmTokenBuilder.buildToken', '007', 15,
    () => ours.RtmTokenBuilder.buildToken(appId, cert, 'alice', expire),
    () => ref.RtmTokenBuilder.buildToken(appId, cert, 'alice', expire)],
  ['RtmTokenBuilder.buildTokenWithPermissions', '007', 15,
    () => ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', oursPermissions, expire),
    () => ref.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', refPermissions, expire)],
  ['ChatTokenBuilder.buildUserToken', '007', 15,
    () => ours.ChatTokenBuilder.buildUserToken(appId, cert, 'alice', expire),
    () => ref.ChatTokenBuilder.buildUserToken(appId, cert, 'alice', expire)],
  ['ChatTokenBuilder.buildAppToken', '007', 15,
    () => ours.ChatTokenBuilder.buildAppToken(appId, cert, expire),
    () => ref.ChatTokenBuilder.buildAppToken(appId, cert, expire)],
  ['ApaasTokenBuilder.buildRoomUserToken', '007', 15,
    () => ours.ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire),
    () => ref.ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire)],
  ['ApaasTokenBuilder.buildUserToken', '007', 15,
    () => ours.ApaasTokenBuilder.buildUserToken(appId, cert, 'user-1', expire),
    () => ref.ApaasTokenBuilder.buildUserToken(appId, cert, 'user-1', expire)],
  ['ApaasTokenBuilder.buildAppToken', '007', 15,
    () => ours.ApaasTokenBuilder.buildAppToken(appId, cert, expire),
    () => ref.ApaasTokenBuilder.buildAppToken(appId, cert, expire)],
  ['EducationTokenBuilder.buildRoomUserToken', '007', 15,
    () => ours.EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire),
    () => ref.EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire)],
  ['FpaTokenBuilder.buildToken', '007', 15,
    () => ours.FpaTokenBuilder.buildToken(appId, cert),
    () => ref.FpaTokenBuilder.buildToken(appId, cert)],
  ['ConvoAITokenBuilder.buildToken', '007', 15,
    () => ours.ConvoAITokenBuilder.buildToken(...rtm2Args),
    () => ref.ConvoAITokenBuilder.buildToken(...rtm2Args)],
  ['SttTokenBuilder.buildToken', '007', 15,
    () => ours.SttTokenBuilder.buildToken(...rtm2Args),
    () => ref.SttTokenBuilder.buildToken(...rtm2Args)],
  ['legacy RtcTokenBuilder.buildTokenWithUid', '006', 10,
    () => legacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, ts006),
    () => refLegacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, ts006)],
  ['legacy RtcTokenBuilder.buildTokenWithAccount', '006', 10,
    () => legacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, account, 1, ts006),
    () => refLegacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, account, 1, ts006)],
  ['legacy RtmTokenBuilder.buildToken', '006', 10,
    () => legacy.RtmTokenBuilder.buildToken(appId, cert, 'alice', 1, ts006),
    () => refLegacy.RtmTokenBuilder.buildToken(appId, cert, 'alice', 1, ts006)],
  ['verifyToken (007)', 'verify', 5,
    () => ours.verifyToken(sample007, cert),
    () => {
      const t = new RefAccessToken2()
      return t.from_string(sample007) && t.verifySignature(cert)
    }],
  ['decodeToken (007)', 'decode', null,
    () => ours.decodeToken(sample007),
    () => new RefAccessToken2().from_string(sample007)],
].filter(([name, family]) => name.includes(opts.only) && (family !== '006' || legacy))
if (legacySkip) console.error(`006 builders ${legacySkip}`)

// No forced GC between batches: a full GC makes the reference (zlib, Buffers) about 3x
// slower for its next thousands of calls, which would flatter the ratios.

// Runs fn `n` times; returns ns per call.
function time(fn, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  return Number(process.hrtime.bigint() - start) / n
}

// How many calls fill about BATCH_MS.
function calibrate(fn) {
  let n = 16
  for (;;) {
    const ns = time(fn, n) * n
    if (ns > BATCH_MS * 1e6 / 4 || n > 1e7) return Math.max(16, Math.round((n * BATCH_MS * 1e6) / ns))
    n *= 4
  }
}

const WARM_CALLS = 5000
const WARM_MS = Number(opts['warm-ms'])
function warmUp(fn, batch) {
  const start = process.hrtime.bigint()
  let calls = 0
  while (calls < WARM_CALLS || Number(process.hrtime.bigint() - start) < WARM_MS * 1e6) {
    time(fn, batch)
    calls += batch
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const results = []
const failed = []
for (const [name, family, target, oursFn, refFn] of cases) {
  // Both must work before they are timed.
  try {
    oursFn()
    refFn()
  } catch (e) {
    failed.push(`${name}: ${e.message}`)
    process.stderr.write(`${name}: FAILED to run: ${e.message}\n`)
    continue
  }
  const nOurs = calibrate(oursFn)
  const nRef = calibrate(refFn)
  // Warm up both sides (JIT, caches) before the timed rounds: the reference needs a few
  // thousand calls before its optimised code runs, so at least WARM_CALLS and WARM_MS each.
  warmUp(oursFn, nOurs)
  warmUp(refFn, nRef)
  const a = []
  const b = []
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2) {
      b.push(time(refFn, nRef))
      a.push(time(oursFn, nOurs))
    } else {
      a.push(time(oursFn, nOurs))
      b.push(time(refFn, nRef))
    }
  }
  const oursNs = median(a)
  const refNs = median(b)
  const ratio = refNs / oursNs
  let lengthRatio = null
  if (family === '007') {
    let sumOurs = 0
    let sumRef = 0
    for (let i = 0; i < 200; i++) {
      sumOurs += oursFn().length
      sumRef += refFn().length
    }
    lengthRatio = sumOurs / sumRef
  }
  results.push({ name, family, target, oursNs, refNs, ratio, pass: target == null ? null : ratio >= target, lengthRatio })
  process.stderr.write(`${name}: ${fmt(oursNs)} vs ${fmt(refNs)} (${ratio.toFixed(1)}x)\n`)
}

function fmt(ns) {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`
}

const machine = {
  cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  date: new Date().toISOString().slice(0, 10),
  rounds: ROUNDS,
}

const lines = [
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, ${machine.date}; median of ${ROUNDS} interleaved rounds.`,
  '',
  '| call | agora-token-native | reference | ratio | target | |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...results.map((r) => `| ${r.name} | ${fmt(r.oursNs)} | ${fmt(r.refNs)} | ${r.ratio.toFixed(1)}x | ${r.target == null ? '—' : `≥ ${r.target}x`} | ${r.pass == null ? '' : r.pass ? 'pass' : '**FAIL**'} |`),
]
if (legacySkip) lines.push('', `006 builders: ${legacySkip}.`)
for (const f of failed) lines.push('', `**could not run** ${f}`)
const misses = results.filter((r) => r.pass === false)
lines.push('', misses.length ? `**${misses.length} of ${results.filter((r) => r.pass != null).length} speed targets missed**: ${misses.map((r) => r.name).join(', ')}.` : `All ${results.filter((r) => r.pass != null).length} speed targets met.`)
const lengths = results.filter((r) => r.lengthRatio != null)
if (lengths.length) {
  const avg = lengths.reduce((s, r) => s + r.lengthRatio, 0) / lengths.length
  lines.push('', `Token length, ours / agora-token's, averaged over the 007 builders: ${avg.toFixed(4)} (target at most 1.02).`)
  machine.lengthRatio = avg
  lines.push(`Token length target (≤ 1.02): ${avg <= 1.02 ? 'pass' : '**FAIL**'}.`)
}
lines.push('', 'References: agora-token@2.0.6 for 007, verify and decode (from_string + verifySignature); agora-access-token@2.0.4 for 006.')
console.log(lines.join('\n'))

if (!opts.only) {
  fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ machine, results, legacySkip, failed }, null, 2)}\n`)
}
