'use strict'
// The addon in worker_threads: several workers load it at once and build, decode and verify
// thousands of tokens each; the main thread checks what they send back.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const path = require('node:path')

const WORKERS = 4
const TOKENS_PER_WORKER = 3000

// Runs in each worker: `workerData` = { root, index, count }.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { root, index, count } = workerData
const atn = require(root)
const cert = index.toString(16).padStart(2, '0').repeat(16)
const appId = '970ca35de60c44645bbae8a215061b' + index.toString(16).padStart(2, '0')
const failures = []
const samples = []
let built = 0
for (let i = 0; i < count; i++) {
  const channel = 'w' + index + '-c' + (i % 97)
  const uid = (index * 1000003 + i * 7919) % 4294967296
  const role = i % 2 === 0 ? atn.RtcRole.PUBLISHER : atn.RtcRole.SUBSCRIBER
  const expire = 60 + (i % 3600)
  let token
  switch (i % 4) {
    case 0:
    case 1:
      token = atn.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, uid, role, expire, expire)
      break
    case 2:
      token = atn.RtmTokenBuilder.buildToken(appId, cert, 'user-' + index + '-' + i, expire)
      break
    default:
      token = atn.ChatTokenBuilder.buildUserToken(appId, cert, 'chat-' + index + '-' + i, expire)
  }
  built++
  const d = atn.decodeToken(token)
  const s = d.services[0]
  let ok = d.version === '007' && d.appId === appId && d.expire === expire && d.services.length === 1
  if (i % 4 < 2) {
    const privileges = role === 1 ? { 1: expire, 2: expire, 3: expire, 4: expire } : { 1: expire }
    ok = ok && s.type === 1 && s.channelName === channel && s.uid === (uid === 0 ? '' : String(uid)) &&
      JSON.stringify(s.privileges) === JSON.stringify(privileges) &&
      atn.verifyToken(token, cert, { channelName: channel, uid })
  } else if (i % 4 === 2) {
    ok = ok && s.type === 2 && s.userId === 'user-' + index + '-' + i && atn.verifyToken(token, cert)
  } else {
    ok = ok && s.type === 5 && s.userId === 'chat-' + index + '-' + i && atn.verifyToken(token, cert)
  }
  // Another worker's certificate must not verify it.
  const other = ((index + 1) % 256).toString(16).padStart(2, '0').repeat(16)
  ok = ok && !atn.verifyToken(token, other)
  if (!ok) failures.push({ i, token })
  if (i < 8) samples.push({ i, token, channel, uid, role, expire })
}
parentPort.postMessage({ index, built, failures, samples, cert, appId, threadId: require('node:worker_threads').threadId })
`

test(`the addon builds, decodes and verifies tokens in ${WORKERS} worker threads at once`, { timeout: 120_000 }, async () => {
  const root = path.join(__dirname, '..')
  const atn = require(root) // also loaded on the main thread, at the same time as the workers
  const results = await Promise.all(
    Array.from({ length: WORKERS }, (_, index) => {
      return new Promise((resolve, reject) => {
        const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, index: index + 1, count: TOKENS_PER_WORKER } })
        let result
        w.once('message', (m) => (result = m))
        w.once('error', reject)
        w.once('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`worker ${index + 1} exited with ${code}`))))
      })
    }),
  )
  // Meanwhile the main thread keeps working with the addon too.
  const mainToken = atn.RtcTokenBuilder.buildTokenWithUid('970ca35de60c44645bbae8a215061b33', 'f'.repeat(32), 'main', 1, 1, 600, 600)
  assert.equal(atn.verifyToken(mainToken, 'f'.repeat(32), { channelName: 'main', uid: 1 }), true)

  assert.equal(new Set(results.map((r) => r.threadId)).size, WORKERS)
  for (const r of results) {
    assert.equal(r.built, TOKENS_PER_WORKER, `worker ${r.index}`)
    assert.deepEqual(r.failures, [], `worker ${r.index}`)
    // The main thread re-checks the worker's first tokens independently.
    for (const s of r.samples) {
      const d = atn.decodeToken(s.token)
      assert.equal(d.appId, r.appId)
      assert.equal(d.expire, s.expire)
      assert.equal(atn.verifyToken(s.token, r.cert), true)
      if (s.i % 4 < 2) {
        assert.equal(d.services[0].channelName, s.channel)
        assert.equal(d.services[0].uid, s.uid === 0 ? '' : String(s.uid))
        assert.equal(atn.verifyToken(s.token, r.cert, { channelName: s.channel, uid: s.uid }), true)
      }
    }
  }
  // Salts are drawn independently per thread: no two sampled tokens are identical.
  const all = results.flatMap((r) => r.samples.map((s) => s.token))
  assert.equal(new Set(all).size, all.length)
})

test('a worker that loads the addon can exit and a new one load it again', { timeout: 60_000 }, async () => {
  const root = path.join(__dirname, '..')
  for (let round = 0; round < 3; round++) {
    const result = await new Promise((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, index: 10 + round, count: 50 } })
      let m
      w.once('message', (x) => (m = x))
      w.once('error', reject)
      w.once('exit', (code) => (code === 0 && m ? resolve(m) : reject(new Error(`exit ${code}`))))
    })
    assert.equal(result.built, 50)
    assert.deepEqual(result.failures, [])
  }
})
