'use strict'
// decodeToken builds a 007 token's object in one of two ways: from compact text through a
// function compiled at the first decode (src/compact.rs + assemble.mjs), or, where the runtime
// forbids compiling code from strings, from JSON (src/json.rs). This runs the same tokens
// through both (the second in a Node started with AGORA_TOKEN_NATIVE_DECODE_JSON=1, which
// selects the JSON path) and requires the same objects, keys in the same order.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const ours = require('..')
const { prng } = require('./helpers')

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const odd = ['', 'a', 'ü', '日本語', '😀 x', '"\\\n\u0001', 'x'.repeat(64)]

function corpus() {
  const r = prng(23)
  const text = () => (r.next() < 0.5 ? r.pick(odd) : r.channel())
  const tokens = []
  for (let round = 0; round < 60; round++) {
    const t = new ours.AccessToken2(appId, cert, r.int(0, 4294967295), r.int(0, 4294967295))
    const make = [
      () => new ours.ServiceRtc(r.channel(), r.pick([0, 1, 4294967295, text()])),
      () => new ours.ServiceRtm(text()),
      () => new ours.ServiceStreaming(r.channel(), text()),
      () => new ours.ServiceFpa(),
      () => new ours.ServiceChat(text()),
      () => new ours.ServiceFCdn(r.channel(), text()),
      () => new ours.ServiceApaas(text(), text(), r.pick([-32768, -1, 0, 2, 32767])),
      () => {
        const p = new ours.Rtm2Permissions()
        for (let k = r.int(0, 3); k > 0; k--) p.add(r.int(0, 4), r.int(0, 1), Array.from({ length: r.int(0, 5) }, text))
        return new ours.ServiceRtm2(text(), p)
      },
      () => new ours.ServiceConvoAI(),
      () => new ours.ServiceStt(),
    ]
    for (let n = r.int(1, 5); n > 0; n--) {
      const s = r.pick(make)()
      for (let k = r.int(0, 6); k > 0; k--) s.addPrivilege(r.int(0, 65535), r.pick([0, 1, 3600, 4294967295, r.int(0, 4294967295)]))
      t.addService(s)
    }
    tokens.push(t.build())
  }
  const big = new ours.AccessToken2(appId, cert, 1, 2)
  const rtc = new ours.ServiceRtc('room', 7)
  for (let k = 0; k < 3000; k++) rtc.addPrivilege(k, k * 7919)
  big.addService(rtc)
  tokens.push(big.build())
  return tokens
}

test('decodeToken: the compact path and the JSON path give the same objects, keys in the same order', () => {
  const tokens = corpus()
  const child = execFileSync(
    process.execPath,
    [
      '-e',
      `const o = require(${JSON.stringify(path.join(__dirname, '..'))}); const t = JSON.parse(require('fs').readFileSync(0, 'utf8')); process.stdout.write(JSON.stringify(t.map((x) => o.decodeToken(x))))`,
    ],
    { input: JSON.stringify(tokens), maxBuffer: 64 << 20, env: { ...process.env, AGORA_TOKEN_NATIVE_DECODE_JSON: '1' } },
  ).toString()
  const here = tokens.map((t) => ours.decodeToken(t))
  assert.equal(JSON.stringify(here), child)
  assert.deepStrictEqual(here, JSON.parse(child))
  // The corpus reaches every service type.
  assert.deepEqual([...new Set(here.flatMap((d) => d.services.map((s) => s.type)))].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
})

test('the native addon compiles assemble.mjs at its first 007 decode (so the compact path above is the one taken)', () => {
  // In a fresh process: before any decode the binding would take a function handed to it;
  // after one it has compiled its own and takes none.
  const script = `const o = require(${JSON.stringify(path.join(__dirname, '..'))})
const t = o.RtcTokenBuilder.buildTokenWithUid('${appId}', '${cert}', 'room', 42, 1, 600)
o.decodeToken(t)
process.stdout.write(JSON.stringify([Object.keys(o).includes('__provideAssembler'), o.__provideAssembler(() => null), o.decodeToken(t).services[0].channelName]))`
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script]).toString())
  assert.deepEqual(out, [false, false, 'room'])
})

test('decodeToken objects are plain, unshared and fully owned by the caller', () => {
  const token = ours.RtcTokenBuilder.buildTokenWithUid(appId, cert, 'room', 42, 1, 600, 600)
  const a = ours.decodeToken(token)
  const b = ours.decodeToken(token)
  assert.notEqual(a, b)
  assert.notEqual(a.services[0].privileges, b.services[0].privileges)
  a.services[0].privileges[1] = 0
  assert.equal(b.services[0].privileges[1] > 0, true)
  assert.equal(Object.getPrototypeOf(a), Object.prototype)
  assert.equal(Object.getPrototypeOf(a.services[0]), Object.prototype)
})
