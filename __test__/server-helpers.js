'use strict'
// Shared helpers of the token service tests: start a server on 127.0.0.1 with its access log
// captured, or `node server/index.js` as a child process; HTTP helpers; and checks of served
// tokens against decodeToken / verifyToken.
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const os = require('node:os')
const path = require('node:path')
const { Writable } = require('node:stream')
const { decodeToken, verifyToken } = require('..')
const { createServer } = require('../server/app.js')

const ENTRY = path.join(__dirname, '..', 'server', 'index.js')

const APP_ID = '970ca35de60c44645bbae8a215061b33'
const APP_CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b'
const OTHER_CERTIFICATE = 'a'.repeat(32)

/** Starts createServer(options) on an ephemeral loopback port; `logs` collects the parsed access-log lines. */
async function start(options = {}) {
  const lines = []
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(l)
      cb()
    },
  })
  const server = createServer({ appId: APP_ID, appCertificate: APP_CERTIFICATE, logStream, ...options })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  return {
    server,
    base,
    lines,
    get: (p, headers) => request(base, 'GET', p, undefined, headers),
    post: (p, body, headers) => request(base, 'POST', p, body, headers),
    close: () => server.shutdown(1000),
  }
}

async function request(base, method, p, body, headers = {}) {
  const init = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    if (!('content-type' in init.headers)) init.headers['content-type'] = 'application/json'
  }
  const res = await fetch(base + p, init)
  const text = await res.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, body: json, text }
}

/** Asserts a 200 JSON answer with Cache-Control: no-store and returns the body. */
function ok(res) {
  assert.equal(res.status, 200, res.text)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  assert.match(res.headers.get('content-type'), /^application\/json/)
  return res.body
}

const PUBLISHER = (e) => ({ 1: e, 2: e, 3: e, 4: e })
const SUBSCRIBER = (e) => ({ 1: e })

function decode007(token, expire) {
  assert.equal(typeof token, 'string')
  const d = decodeToken(token)
  assert.equal(d.version, '007')
  assert.equal(d.appId, APP_ID)
  assert.equal(d.expire, expire)
  assert.ok(Math.abs(d.issueTs - Date.now() / 1000) < 60)
  assert.equal(verifyToken(token, APP_CERTIFICATE), true)
  assert.equal(verifyToken(token, OTHER_CERTIFICATE), false)
  return d
}

function checkRtc(token, { channel, uid, privileges, expire }) {
  const d = decode007(token, expire)
  assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges, channelName: channel, uid }])
  assert.equal(verifyToken(token, APP_CERTIFICATE, { channelName: channel, uid: uid === '' ? 0 : uid }), true)
  assert.equal(verifyToken(token, APP_CERTIFICATE, { channelName: channel + 'x' }), false)
}

/** An RTM token; with `stream`, also the RTC service of that stream channel (join + publish data). */
function checkRtm(token, { userId, expire, stream }) {
  const d = decode007(token, expire)
  const rtm = { type: 2, name: 'rtm', privileges: { 1: expire }, userId }
  if (stream === undefined) assert.deepEqual(d.services, [rtm])
  else assert.deepEqual(d.services, [{ type: 1, name: 'rtc', privileges: { 1: expire, 4: expire }, channelName: stream, uid: userId }, rtm])
}

/**
 * Spawns `node <entry>` (default: the repository's server/index.js) in `cwd` (default: the
 * temp directory) with PATH, HOST=127.0.0.1, PORT=0 and `env`; resolves
 * { child, port, out(), err() } once it logs the port it listens on.
 */
function spawnServer(env, cwd, entry = ENTRY) {
  const child = spawn(process.execPath, [entry], { cwd: cwd || os.tmpdir(), env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /"port":(\d+)/.exec(out)
      if (m) {
        child.stdout.off('data', onData)
        resolve({ child, port: Number(m[1]), out: () => out, err: () => err })
      }
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
  })
}

module.exports = { spawnServer, APP_ID, APP_CERTIFICATE, OTHER_CERTIFICATE, start, ok, decode007, checkRtc, checkRtm, PUBLISHER, SUBSCRIBER }
