// `npm run bench`: every builder family, verify and decode, and how they scale with the
// token's size, side by side with the reference packages in one process, in CPU time.
//
// Each call runs in batches timed by this thread's CPU time (`process.threadCpuUsage`
// where Node has it, else the process's `process.cpuUsage`), so that other work on a
// shared machine does not count. Ours and the reference alternate batch by batch (which
// side goes first alternates too); each side's figure is the median of its rounds, with
// the spread of the rounds beside it. `buildTokenWithUid` is also compared with its floor,
// measured in the same run (see bench/floor). Prints Markdown tables and writes
// bench/results.json, from which `npm run bench:readme` and `npm run bench:chart` draw.
//
//   node bench/bench.mjs [--rounds 9] [--ms 40] [--warm-ms 300] [--only substring] [--check]
//
// --check exits 1 when a target is missed (or a call could not run, or the floor addon is
// not built: `node bench/floor/build.mjs`).
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))
const ours = require('../index.js')
const legacy = require('../legacy.js')
const ref = require('agora-token')
const { AccessToken2: RefAccessToken2, ServiceRtc: RefServiceRtc } = require('agora-token/src/AccessToken2')
const refLegacy = require('agora-access-token')

let floor = null
let floorSkip = null
try {
  floor = require('./floor/floor.node')
} catch {
  floorSkip = 'the floor addon is not built (node bench/floor/build.mjs)'
}

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    ms: { type: 'string', default: '40' },
    only: { type: 'string', default: '' },
    'warm-ms': { type: 'string', default: '300' },
    check: { type: 'boolean', default: false },
  },
})
const ROUNDS = Number(opts.rounds)
const BATCH_MS = Number(opts.ms)
const WARM_MS = Number(opts['warm-ms'])

// This thread's CPU time in ns.
const clockName = typeof process.threadCpuUsage === 'function' ? 'process.threadCpuUsage' : 'process.cpuUsage'
const cpuNow = typeof process.threadCpuUsage === 'function' ? () => process.threadCpuUsage() : () => process.cpuUsage()
function cpuNs() {
  const u = cpuNow()
  return (u.user + u.system) * 1000
}

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const channel = '7d72365eb983485397e3e3f9d460bdda'
const uid = 2882341273
const account = '2882341273'
const expire = 3600
const ts006 = Math.floor(Date.now() / 1000) + 3600
const issueTs = Math.floor(Date.now() / 1000)

function permissions(lib, names) {
  const p = new lib.Rtm2Permissions()
  p.add(lib.Rtm2Permissions.kMessageChannels, lib.Rtm2Permissions.kRead, names)
  if (names.length <= 2) p.add(lib.Rtm2Permissions.kUsers, lib.Rtm2Permissions.kWrite, ['bob'])
  return p
}
const smallNames = ['news', 'sports']
const oursPermissions = permissions(ours, smallNames)
const refPermissions = permissions(ref, smallNames)

const rtm2Args = [appId, cert, channel, uid, 1, expire, expire, expire, expire, expire, 'agent-1', expire]
const uidArgs = [appId, cert, channel, uid, 1, expire]

// A token object with one RTC service carrying `n` privileges (keys 0..n-1), built once;
// the timed call is its `build()`.
function withPrivileges(lib, Token, Rtc, n) {
  const t = new Token(appId, cert, issueTs, expire)
  const s = new Rtc(channel, uid)
  for (let k = 0; k < n; k++) (s.addPrivilege ?? s.add_privilege).call(s, k, expire)
  ;(t.addService ?? t.add_service).call(t, s)
  return t
}

// [name, group, family, target ratio (or null), ours, reference, options]
// group: 'builders' (every public builder, small tokens) or 'scaling' (size rows).
const cases = [
  ['RtcTokenBuilder.buildTokenWithUid', 'builders', '007', 35,
    () => ours.RtcTokenBuilder.buildTokenWithUid(...uidArgs),
    () => ref.RtcTokenBuilder.buildTokenWithUid(...uidArgs), { floor: true }],
  ['RtcTokenBuilder.buildTokenWithUserAccount', 'builders', '007', 25,
    () => ours.RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, channel, account, 2, expire),
    () => ref.RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, channel, account, 2, expire)],
  ['RtcTokenBuilder.buildTokenWithUidAndPrivilege', 'builders', '007', 25,
    () => ours.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, channel, uid, expire, expire, expire, expire, expire),
    () => ref.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, channel, uid, expire, expire, expire, expire, expire)],
  ['RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege', 'builders', '007', 25,
    () => ours.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, channel, account, expire, expire, expire, expire, expire),
    () => ref.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, channel, account, expire, expire, expire, expire, expire)],
  ['RtcTokenBuilder.buildTokenWithRtm', 'builders', '007', 25,
    () => ours.RtcTokenBuilder.buildTokenWithRtm(appId, cert, channel, account, 1, expire),
    () => ref.RtcTokenBuilder.buildTokenWithRtm(appId, cert, channel, account, 1, expire)],
  ['RtcTokenBuilder.buildTokenWithRtm2', 'builders', '007', 25,
    () => ours.RtcTokenBuilder.buildTokenWithRtm2(...rtm2Args),
    () => ref.RtcTokenBuilder.buildTokenWithRtm2(...rtm2Args)],
  ['RtmTokenBuilder.buildToken', 'builders', '007', 25,
    () => ours.RtmTokenBuilder.buildToken(appId, cert, 'alice', expire),
    () => ref.RtmTokenBuilder.buildToken(appId, cert, 'alice', expire)],
  ['RtmTokenBuilder.buildTokenWithPermissions', 'builders', '007', 25,
    () => ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', oursPermissions, expire),
    () => ref.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', refPermissions, expire)],
  ['ChatTokenBuilder.buildUserToken', 'builders', '007', 25,
    () => ours.ChatTokenBuilder.buildUserToken(appId, cert, 'alice', expire),
    () => ref.ChatTokenBuilder.buildUserToken(appId, cert, 'alice', expire)],
  ['ChatTokenBuilder.buildAppToken', 'builders', '007', 25,
    () => ours.ChatTokenBuilder.buildAppToken(appId, cert, expire),
    () => ref.ChatTokenBuilder.buildAppToken(appId, cert, expire)],
  ['ApaasTokenBuilder.buildRoomUserToken', 'builders', '007', 25,
    () => ours.ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire),
    () => ref.ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire)],
  ['ApaasTokenBuilder.buildUserToken', 'builders', '007', 25,
    () => ours.ApaasTokenBuilder.buildUserToken(appId, cert, 'user-1', expire),
    () => ref.ApaasTokenBuilder.buildUserToken(appId, cert, 'user-1', expire)],
  ['ApaasTokenBuilder.buildAppToken', 'builders', '007', 25,
    () => ours.ApaasTokenBuilder.buildAppToken(appId, cert, expire),
    () => ref.ApaasTokenBuilder.buildAppToken(appId, cert, expire)],
  ['EducationTokenBuilder.buildRoomUserToken', 'builders', '007', 25,
    () => ours.EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire),
    () => ref.EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room-1', 'user-1', 2, expire)],
  ['FpaTokenBuilder.buildToken', 'builders', '007', 25,
    () => ours.FpaTokenBuilder.buildToken(appId, cert),
    () => ref.FpaTokenBuilder.buildToken(appId, cert)],
  ['ConvoAITokenBuilder.buildToken', 'builders', '007', 25,
    () => ours.ConvoAITokenBuilder.buildToken(...rtm2Args),
    () => ref.ConvoAITokenBuilder.buildToken(...rtm2Args)],
  ['SttTokenBuilder.buildToken', 'builders', '007', 25,
    () => ours.SttTokenBuilder.buildToken(...rtm2Args),
    () => ref.SttTokenBuilder.buildToken(...rtm2Args)],
  ['legacy RtcTokenBuilder.buildTokenWithUid', 'builders', '006', 10,
    () => legacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, ts006),
    () => refLegacy.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, 1, ts006)],
  ['legacy RtcTokenBuilder.buildTokenWithAccount', 'builders', '006', 10,
    () => legacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, account, 1, ts006),
    () => refLegacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, channel, account, 1, ts006)],
  ['legacy RtmTokenBuilder.buildToken', 'builders', '006', 10,
    () => legacy.RtmTokenBuilder.buildToken(appId, cert, 'alice', 1, ts006),
    () => refLegacy.RtmTokenBuilder.buildToken(appId, cert, 'alice', 1, ts006)],
]

// The scaling rows: build, decode and verify of one RTC service with 1, 10, 100 and 1000
// privileges, and of an RTM2 token with 10, 100 and 1000 channel names. Targets from the
// project's speed goals: large builds >= 10x; decode >= 5x small, faster at every size,
// >= 1.5x at 1000; verify >= 15x small, >= 10x at 1000.
const sizes = []
for (const n of [1, 10, 100, 1000]) {
  const o = withPrivileges(ours, ours.AccessToken2, ours.ServiceRtc, n)
  const r = withPrivileges(ref, RefAccessToken2, RefServiceRtc, n)
  // Token lengths come from fresh token objects (each with its own random salt): the timed
  // objects' salts are drawn once, and one draw moves a 10-privilege token by up to ~3%.
  const fresh = [
    () => withPrivileges(ours, ours.AccessToken2, ours.ServiceRtc, n).build(),
    () => withPrivileges(ref, RefAccessToken2, RefServiceRtc, n).build(),
  ]
  sizes.push({ label: `${n} privilege${n === 1 ? '' : 's'}`, n, build: [() => o.build(), () => r.build()], fresh, token: o.build(), buildTarget: n >= 100 ? 10 : null })
}
for (const n of [10, 100, 1000]) {
  const names = Array.from({ length: n }, (_, i) => `channel-${i}`)
  const op = permissions(ours, names)
  const rp = permissions(ref, names)
  const build = [
    () => ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', op, expire),
    () => ref.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'alice', rp, expire),
  ]
  sizes.push({ label: `RTM2, ${n} names`, n, build, token: build[0](), buildTarget: n >= 1000 ? 10 : null })
}
for (const s of sizes) {
  const small = s.label === '1 privilege'
  const large = s.n >= 1000
  cases.push([`build, ${s.label}`, 'scaling', '007', s.buildTarget, ...s.build, { size: s.label, op: 'build', fresh: s.fresh }])
  cases.push([`decodeToken, ${s.label}`, 'scaling', 'decode', small ? 5 : large ? 1.5 : 1,
    () => ours.decodeToken(s.token),
    () => new RefAccessToken2().from_string(s.token), { size: s.label, op: 'decode' }])
  cases.push([`verifyToken, ${s.label}`, 'scaling', 'verify', small ? 15 : large ? 10 : null,
    () => ours.verifyToken(s.token, cert),
    () => {
      const t = new RefAccessToken2()
      return t.from_string(s.token) && t.verifySignature(cert)
    }, { size: s.label, op: 'verify' }])
}

const selected = cases.filter(([name]) => name.includes(opts.only))

// No forced GC between batches: a full GC makes the reference (zlib, Buffers) about 3x
// slower for its next thousands of calls, which would flatter the ratios.

// Runs fn `n` times; returns CPU ns per call.
function time(fn, n) {
  const start = cpuNs()
  for (let i = 0; i < n; i++) fn()
  return (cpuNs() - start) / n
}

// How many calls fill about BATCH_MS of CPU time.
function calibrate(fn) {
  let n = 4
  for (;;) {
    const ns = time(fn, n) * n
    if (ns > (BATCH_MS * 1e6) / 4 || n > 1e7) return Math.max(4, Math.round((n * BATCH_MS * 1e6) / Math.max(ns, 1)))
    n *= 4
  }
}

// Warm-up (JIT, caches): the reference needs a few thousand calls before its optimised
// code runs, so at least WARM_CALLS calls and WARM_MS of CPU time each.
const WARM_CALLS = 3000
function warmUp(fn, batch) {
  const start = cpuNs()
  let calls = 0
  while (calls < WARM_CALLS || cpuNs() - start < WARM_MS * 1e6) {
    time(fn, batch)
    calls += batch
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
// Spread of the rounds: (max - min) / median.
const spread = (xs) => (Math.max(...xs) - Math.min(...xs)) / median(xs)

// Interleaved rounds of several functions; returns each one's per-round CPU ns. Each round
// starts one function later than the round before, so none is always timed first.
function interleaved(...fns) {
  const ns = fns.map(calibrate)
  fns.forEach((f, i) => warmUp(f, ns[i]))
  const rounds = fns.map(() => [])
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (r + k) % fns.length
      rounds[i].push(time(fns[i], ns[i]))
    }
  }
  return rounds
}

// The floor of `buildTokenWithUid`: the no-op napi call with the same seven arguments,
// plus the core's work for one token (a loop in Rust), both timed in the same interleaved
// rounds as our call, so that all three see the same machine.
const FLOOR_TARGET = 1.3
function measureFloor() {
  const noop7 = floor.noop7()
  const noop = () => noop7(...uidArgs, 0)
  const oursFn = () => ours.RtcTokenBuilder.buildTokenWithUid(...uidArgs, 0)
  const perLoop = 100
  const core = () => floor.coreLoop(perLoop)
  const [a, b, c] = interleaved(oursFn, noop, core)
  const noopNs = median(b)
  const coreNs = median(c) / perLoop
  const floorNs = noopNs + coreNs
  const oursNs = median(a)
  return { oursNs, noopNs, coreNs, floorNs, overFloor: oursNs / floorNs, target: FLOOR_TARGET, pass: oursNs / floorNs <= FLOOR_TARGET }
}

function fmt(ns) {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`
}
const pct = (x) => `±${((x * 100) / 2).toFixed(0)}%`

const results = []
const failed = []
for (const [name, group, family, target, oursFn, refFn, extra = {}] of selected) {
  // Both must work before they are timed.
  try {
    oursFn()
    refFn()
  } catch (e) {
    failed.push(`${name}: ${e.message}`)
    process.stderr.write(`${name}: FAILED to run: ${e.message}\n`)
    continue
  }
  const [a, b] = interleaved(oursFn, refFn)
  const oursNs = median(a)
  const refNs = median(b)
  const ratio = refNs / oursNs
  let lengthRatio = null
  if (family === '007') {
    let sumOurs = 0
    let sumRef = 0
    const n = extra.size ? 50 : 200
    const [oursToken, refToken] = extra.fresh ?? [oursFn, refFn]
    for (let i = 0; i < n; i++) {
      sumOurs += oursToken().length
      sumRef += refToken().length
    }
    lengthRatio = sumOurs / sumRef
  }
  const row = {
    name, group, family, target, oursNs, refNs, ratio,
    spreadOurs: spread(a), spreadRef: spread(b),
    pass: target == null ? null : ratio >= target,
    lengthRatio, size: extra.size ?? null, op: extra.op ?? null,
  }
  if (extra.floor && floor) row.floor = measureFloor()
  results.push(row)
  process.stderr.write(`${name}: ${fmt(oursNs)} vs ${fmt(refNs)} (${ratio.toFixed(1)}x)${row.floor ? `, floor ${fmt(row.floor.floorNs)} (${row.floor.overFloor.toFixed(2)}x)` : ''}\n`)
}

const machine = {
  cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  date: new Date().toISOString().slice(0, 10),
  rounds: ROUNDS,
  clock: clockName,
}

const LENGTH_TARGET = 1.02
const lengthRows = results.filter((r) => r.lengthRatio != null)
const misses = [
  ...results.filter((r) => r.pass === false).map((r) => `${r.name} (${r.ratio.toFixed(1)}x, target ${r.target}x)`),
  ...results.filter((r) => r.floor && !r.floor.pass).map((r) => `${r.name} over its floor (${r.floor.overFloor.toFixed(2)}x, target ≤ ${FLOOR_TARGET}x)`),
  ...lengthRows.filter((r) => r.lengthRatio > LENGTH_TARGET).map((r) => `${r.name} token length (${r.lengthRatio.toFixed(4)}x, target ≤ ${LENGTH_TARGET})`),
]
const targets = results.filter((r) => r.pass != null).length + results.filter((r) => r.floor).length + lengthRows.length

const mark = (r) => (r.pass == null ? '' : r.pass ? 'met' : '**missed**')
const row = (r) => `| ${r.name} | ${fmt(r.oursNs)} ${pct(r.spreadOurs)} | ${fmt(r.refNs)} ${pct(r.spreadRef)} | ${r.ratio.toFixed(1)}x | ${r.target == null ? '—' : `≥ ${r.target}x`} | ${mark(r)} |`
const lines = [
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, ${machine.date}; CPU time (${clockName}), median of ${ROUNDS} interleaved rounds, ± half the spread of the rounds.`,
  '',
  '| call | agora-token-native | reference | ratio | target | |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...results.filter((r) => r.group === 'builders').map(row),
]
const scaling = results.filter((r) => r.group === 'scaling')
if (scaling.length) {
  lines.push('', '| size | build | decodeToken | verifyToken |', '| --- | ---: | ---: | ---: |')
  for (const size of [...new Set(scaling.map((r) => r.size))]) {
    const cell = (op) => {
      const r = scaling.find((x) => x.size === size && x.op === op)
      return r ? `${r.ratio.toFixed(1)}x (${fmt(r.oursNs)} vs ${fmt(r.refNs)})${r.pass === false ? ' **missed**' : ''}` : '—'
    }
    lines.push(`| ${size} | ${cell('build')} | ${cell('decode')} | ${cell('verify')} |`)
  }
}
const floored = results.find((r) => r.floor)
if (floored) {
  const f = floored.floor
  lines.push('', `Floor of ${floored.name}: the no-op napi call with the same 7 arguments ${fmt(f.noopNs)} + the core's work ${fmt(f.coreNs)} = ${fmt(f.floorNs)}; ours ${fmt(f.oursNs)}, ${f.overFloor.toFixed(2)}x the floor (target ≤ ${FLOOR_TARGET}x): ${f.pass ? 'met' : '**missed**'}.`)
} else if (floorSkip && selected.some((c) => c[6]?.floor)) {
  lines.push('', `Floor: not measured, ${floorSkip}.`)
}
if (lengthRows.length) {
  const worst = lengthRows.reduce((w, r) => (r.lengthRatio > w.lengthRatio ? r : w))
  const avg = lengthRows.reduce((s, r) => s + r.lengthRatio, 0) / lengthRows.length
  machine.lengthRatio = avg
  lines.push('', `Token length, ours / agora-token's: ${avg.toFixed(4)} on average over the 007 rows, at most ${worst.lengthRatio.toFixed(4)} (${worst.name}); target ≤ ${LENGTH_TARGET}.`)
}
for (const f of failed) lines.push('', `**could not run** ${f}`)
lines.push('', misses.length ? `**${misses.length} of ${targets} targets missed**: ${misses.join('; ')}.` : `All ${targets} targets met.`)
lines.push('', 'References: agora-token@2.0.6 for 007, verify and decode (from_string + verifySignature); agora-access-token@2.0.4 for 006.')
console.log(lines.join('\n'))

if (!opts.only) {
  fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ machine, results, misses, failed, floorSkip }, null, 2)}\n`)
}
if (opts.check && (misses.length || failed.length || (floorSkip && selected.some((c) => c[6]?.floor)))) {
  if (floorSkip) console.error(`--check: ${floorSkip}`)
  process.exit(1)
}
