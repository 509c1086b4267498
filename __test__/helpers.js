'use strict'
// Shared helpers for the differential tests: a seeded PRNG, random inputs in Agora's
// rules, inflating 007 tokens, and running the reference with a chosen salt and issue time;
// where the browser tests find Chromium; and running the command line.
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const zlib = require('node:zlib')

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH`, else the first of the usual paths
 * (Debian's `apt-get install chromium`, Ubuntu's, Google Chrome) that exists; undefined if none.
 */
function chromiumPath() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((f) => f && fs.existsSync(f))
}

/** Firefox's executable, as chromiumPath finds Chromium's (FIREFOX_PATH overrides). */
function firefoxPath() {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((f) => f && fs.existsSync(f))
}

/** mulberry32: a small seeded PRNG, so every run draws the same inputs. */
function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = (arr) => arr[int(0, arr.length - 1)]
  const CHANNEL_CHARS =
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{|}~,'
  const HEX = '0123456789abcdefABCDEF'
  const ACCOUNT_EXTRA = ['é', 'ü', '中', '文', '🙂', '/', '\\', '"', "'", '*', '\t']
  const str = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('')
  return {
    next,
    int,
    pick,
    bool: () => next() < 0.5,
    hex32: () => str(HEX, 32),
    /** A channel name: 1 to 64 characters of Agora's set, edge lengths often. */
    channel: () => str(CHANNEL_CHARS, pick([1, 64, int(1, 64), int(1, 64)])),
    /** A numeric uid, edges often. */
    uid: () => pick([0, 1, 4294967295, int(1, 4294967294), int(1, 100000)]),
    /** A string account of at most 255 bytes, with non-ASCII characters sometimes. */
    account: () => {
      let s = ''
      const n = pick([0, 1, int(1, 40), int(1, 200)])
      for (let i = 0; i < n; i++) s += next() < 0.15 ? pick(ACCOUNT_EXTRA) : pick(CHANNEL_CHARS)
      while (Buffer.byteLength(s) > 255) s = s.slice(0, -1)
      return s
    },
    u32: () => pick([0, 1, 600, 3600, 86400, 4294967295, int(0, 4294967295)]),
  }
}

/** The inflated payload of a 007 token, as hex. */
function payload(token) {
  if (typeof token !== 'string' || !token.startsWith('007')) throw new Error(`not a 007 token: ${token}`)
  return zlib.inflateSync(Buffer.from(token.slice(3), 'base64')).toString('hex')
}

/**
 * Runs `fn` (a call into agora-token) so that the token it builds has this salt and issue
 * time: agora-token draws the salt from Math.random and the time from Date.
 */
function withSaltAndTime(salt, issueTs, fn) {
  const realRandom = Math.random
  const RealDate = Date
  // floor(r * 99999999) + 1 === salt for r in the middle of the salt's interval.
  Math.random = () => (salt - 1 + 0.5) / 99999999
  global.Date = class extends RealDate {
    constructor(...args) {
      if (args.length) super(...args)
      else super(issueTs * 1000)
    }
    static now() {
      return issueTs * 1000
    }
  }
  try {
    return fn()
  } finally {
    Math.random = realRandom
    global.Date = RealDate
  }
}

/** Salt and issue time of a 007 token, read with the reference's own parser. */
function refParse(token) {
  const { AccessToken2 } = require('agora-token/src/AccessToken2')
  const t = new AccessToken2('', '', 0, 0)
  if (!t.from_string(token)) throw new Error('the reference could not parse the token')
  return t
}

/**
 * Runs the command line (`cli.js`) with `args` in the test's environment less
 * AGORA_APP_ID and AGORA_APP_CERTIFICATE, plus `env`; returns { code, stdout, stderr }.
 */
function runCli(args, env = {}) {
  const base = { ...process.env }
  delete base.AGORA_APP_ID
  delete base.AGORA_APP_CERTIFICATE
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'cli.js'), ...args], { env: { ...base, ...env }, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

module.exports = { prng, payload, withSaltAndTime, refParse, chromiumPath, firefoxPath, runCli }
