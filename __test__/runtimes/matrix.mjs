// Shared by the runtime matrix tests: the pinned runtimes (installed by `npm ci` into
// __test__/runtimes/node_modules on first use), running a probe in one of them, and checking
// what it reports against agora-token (the oracle) and the native addon in this Node.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
export const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '..', '..')
const bin = path.join(here, 'node_modules')
const { payload, withSaltAndTime, refParse } = require('../helpers.js')
const native = require('../../index.js')
const reference = require('agora-token')

// The binaries inside the Linux x64 platform packages (the matrix runs on Linux x64): the
// wrapper packages' own launchers need their postinstall scripts, which `npm ci` skips here.
export const RUNTIMES = {
  node18: path.join(bin, 'node18', 'bin', 'node'),
  node20: path.join(bin, 'node20', 'bin', 'node'),
  node22: path.join(bin, 'node22', 'bin', 'node'),
  node24: path.join(bin, 'node24', 'bin', 'node'),
  bun: path.join(bin, '@oven', 'bun-linux-x64', 'bin', 'bun'),
  deno: path.join(bin, '@deno', 'linux-x64-glibc', 'deno'),
  workerd: path.join(bin, '@cloudflare', 'workerd-linux-64', 'bin', 'workerd'),
}

/** Installs the pinned runtimes (package-lock.json beside this file) unless they are there. */
export function installRuntimes() {
  if (Object.values(RUNTIMES).every((f) => fs.existsSync(f))) return
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  // --ignore-scripts: every runtime package ships its binary in a platform package.
  const r = spawnSync(npm, ['ci', '--prefix', here, '--ignore-scripts', '--no-audit', '--no-fund'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.status !== 0) throw new Error(`npm ci --prefix ${here} failed:\n${r.stdout}\n${r.stderr}`)
}

/** The WebAssembly package must have been laid out by `npm run build:wasm`. */
export function requireWasmBuild() {
  const wasm = path.join(root, 'node_modules', 'agora-token-native-wasm32-wasi', 'agora-token-native.wasm32-wasi.wasm')
  if (!fs.existsSync(wasm)) throw new Error(`${wasm} is missing: run \`npm run build:wasm\` first (npm run test:runtimes does)`)
}

/** Runs a probe and returns its parsed report. */
export function probe(exe, args, env = {}) {
  const r = spawnSync(exe, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...env },
    timeout: 60_000,
  })
  assert.equal(r.status, 0, `${path.basename(exe)} ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`)
  const line = r.stdout.trim().split('\n').pop()
  return JSON.parse(line)
}

/** The reference token for the same inputs, salt and issue time as `ours`. */
function referenceFor(ours, build) {
  const t = refParse(ours)
  return withSaltAndTime(t.salt, t.issueTs, build)
}

const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

/**
 * The runtime's clock and random bytes reached these tokens (the WebAssembly entries hand the
 * module a WASI of their own, npm/wasm32-wasi/instantiate.mjs): each was issued in the last
 * two minutes by this machine's clock, with a salt of its own.
 */
export function checkClockAndSalts(tokens) {
  const parsed = tokens.map(refParse)
  for (const t of parsed) assert.ok(Math.abs(t.issueTs - Date.now() / 1000) < 120, `issued at ${t.issueTs}, now is ${Date.now() / 1000}`)
  assert.equal(new Set(parsed.map((t) => t.salt)).size, parsed.length, `${parsed.length} tokens, ${parsed.length} salts`)
}

/** Checks a probe-lib.mjs report: names, tokens against agora-token, verify, decode, errors. */
export function checkReport(rep, { target, entry }) {
  const expectedNames = Object.keys(native).sort()
  assert.equal(rep.target, target)
  assert.deepEqual(rep.names, expectedNames, 'the same names as the native package')
  if (entry === 'esm') assert.deepEqual(rep.named, expectedNames, 'every name is a named export')
  const R = reference.RtcRole
  const cases = {
    rtc: () => reference.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'runtime-matrix', 42, R.PUBLISHER, 600, 300),
    account: () => reference.RtcTokenBuilder.buildTokenWithUserAccount(APP_ID, CERT, 'runtime-matrix', 'alice', R.SUBSCRIBER, 600, 600),
    rtm: () => reference.RtmTokenBuilder.buildToken(APP_ID, CERT, 'bob', 600),
  }
  for (const [name, build] of Object.entries(cases)) {
    const ours = rep.tokens[name]
    assert.equal(payload(ours), payload(referenceFor(ours, build)), `${name}: the payload agora-token builds with the same salt and time`)
    assert.ok(native.verifyToken(ours, CERT), `${name}: the native verifyToken accepts it`)
  }
  checkClockAndSalts(Object.values(rep.tokens))
  assert.equal(rep.verified, true)
  assert.equal(rep.wrongCertificate, false)
  assert.deepEqual(rep.decoded, native.decodeToken(rep.tokens.rtc), 'decodeToken gives what the native one gives')
  let nativeError
  try {
    native.RtcTokenBuilder.buildTokenWithUid(APP_ID, 'not-a-certificate', 'c', 1, 1, 600, 600)
  } catch (e) {
    nativeError = { name: e.name, code: e.code, message: e.message }
  }
  assert.deepEqual(rep.refused, nativeError, 'the same error as the native addon')
  assert.equal(rep.kRtcServiceType, native.kRtcServiceType)
  assert.deepEqual(rep.lowLevel, { same: true, inherits: true, privileges: { 1: 600 }, verified: true }, "AccessToken2 has agora-token's shape")
}

export { APP_ID, CERT, native, reference, payload, withSaltAndTime, refParse }
