'use strict'
// The real-app test: one Express app (realapp/app.js), written the way apps use agora-token
// and agora-access-token, served once on the reference packages and once on
// agora-token-native, over real HTTP on 127.0.0.1. Every response must decode to the same
// thing: 007 tokens read with agora-token's own parser, every field but the salt and issue
// time (which the API draws itself) and a valid signature; 006 tokens byte for byte once our
// salt and ts are given to the reference; DynamicKey5 keys and JSON answers byte for byte.
const test = require('node:test')
const assert = require('node:assert/strict')
const { makeApp } = require('./realapp/app')

const appId = '970CA35de60c44645bbae8a215061b33'
const appCertificate = '5CFd2fd1755d40ecb72977518be15d3b'
const creds = { appId, appCertificate }
const refAT = require('agora-access-token/src/AccessToken')
const ref2 = require('agora-token/src/AccessToken2')

const references = {
  agora: require('agora-token'),
  AccessToken2Module: ref2,
  legacy: require('agora-access-token'),
  AccessTokenModule: refAT,
  DynamicKey5: require('agora-access-token/src/DynamicKey5'),
  // agora-access-token 1.x's names, as that version exported them.
  AccessToken1x: { Token: refAT.AccessToken, Priviledges: refAT.priviledges },
}
const native = require('..')
const legacy = require('../legacy.js')
const ours = {
  agora: native,
  AccessToken2Module: native,
  legacy,
  AccessTokenModule: legacy,
  DynamicKey5: legacy.DynamicKey5,
  // Ours has them on the AccessToken class itself: `const { Token, Priviledges } = AccessToken`.
  AccessToken1x: legacy.AccessToken,
}

function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
}

async function call(server, [method, path, body]) {
  const { port } = server.address()
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: await res.json() }
}

/** A 007 token as agora-token's parser reads it, without salt and issue time. */
function read007(token) {
  const t = new ref2.AccessToken2()
  assert.equal(t.from_string(token), true, token)
  assert.equal(t.verifySignature(appCertificate), true)
  const text = (v) => (Buffer.isBuffer(v) ? v.toString() : v)
  return {
    appId: text(t.appId),
    expire: Number(t.expire),
    services: t.services.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v && v.details ? v.details : typeof v === 'object' && !Buffer.isBuffer(v) ? v : text(v)]))),
  }
}

/** Our 006 token rebuilt by the reference with our salt and ts must be the same string. */
function check006(token, channel, uid, refToken) {
  const p = new refAT.AccessToken('', '', '', '')
  assert.equal(p.fromString(token), true)
  const q = new refAT.AccessToken('', '', '', '')
  assert.equal(q.fromString(refToken), true)
  assert.deepEqual(Object.fromEntries(Object.entries(p.messages).map(([k, v]) => [k, Number(v)])), Object.fromEntries(Object.entries(q.messages).map(([k, v]) => [k, Number(v)])))
  const again = new refAT.AccessToken(appId, appCertificate, channel, uid)
  again.salt = p.salt
  again.ts = p.ts
  again.messages = p.messages
  assert.equal(again.build(), token)
}

const soon = String(Math.floor(Date.now() / 1000) + 3600)
const fixed007 = (() => {
  const t = new ref2.AccessToken2(appId, appCertificate, 1700000000, 600)
  const s = new ref2.ServiceRtc('1*a*2', 42)
  s.add_privilege(1, 600)
  t.add_service(s)
  return t.build()
})()

// [request, kind, channel, uid] — kind says how to compare the answers.
const requests = [
  [['GET', '/rtc/*/publisher/uid/42?expiry=3600'], '007'],
  [['GET', '/rtc/room-1/subscriber/uid/0?expiry=600&privilegeExpiry=300'], '007'],
  [['GET', '/rtc?channel=1*a*2&uid=7&role=1&expire=3600'], '007'],
  [['GET', '/rtc?channel=*&uid=7&role=2&expire=7200'], '007'],
  [['GET', '/rtc?channel=*&uid=7&expire=3600&join=3600&audio=0&video=600&data=60'], '007'],
  [['GET', '/rtc2?channel=*&account=alice&role=1&expire=3600&user=alice'], '007'],
  [['GET', '/rtm/alice?expiry=86400'], '007'],
  [['GET', '/chat/app?expiry=3600'], '007'],
  [['GET', '/fpa-custom?expire=600&channel=*&uid=5'], '007'],
  [['POST', '/inspect', { token: fixed007 }], 'json'],
  [['GET', `/legacy/rtc?channel=*&uid=42&role=1&expireTs=${soon}`], '006', '*', 42],
  [['GET', `/legacy/rtc?channel=1*a*2&uid=0&role=2&expireTs=${soon}`], '006', '1*a*2', 0],
  [['GET', `/legacy/rtm?account=alice&expireTs=${soon}`], '006', 'alice', ''],
  [['GET', `/legacy/manual?channel=*&uid=9&expireTs=${soon}`], '006', '*', 9],
  [['GET', `/legacy/1x?channel=room&uid=9&expireTs=${soon}`], '006', 'room', 9],
  [['POST', '/legacy/parse', { token: (() => { const t = new refAT.AccessToken(appId, appCertificate, 'c', 1); t.salt = 3; t.ts = 1900000000; t.addPriviledge(1, 1900000000); return t.build() })() }], 'json'],
  [['GET', '/dk5?ts=1446455472&salt=58964981&uid=2882341273&expiredTs=1446455471'], 'json'],
  [['GET', '/dk5?channel=*&ts=1446455472&salt=58964981&uid=2882341273&expiredTs=0'], 'json'],
]

test('the same Express app answers the same on the references and on agora-token-native', async () => {
  const refServer = await listen(makeApp(references, creds))
  const ourServer = await listen(makeApp(ours, creds))
  try {
    for (const [req, kind, channel, uid] of requests) {
      const label = `${req[0]} ${req[1]}`
      const a = await call(refServer, req)
      const b = await call(ourServer, req)
      assert.equal(a.status, 200, `${label}: the reference answered ${JSON.stringify(a.body)}`)
      assert.equal(b.status, 200, `${label}: ours answered ${JSON.stringify(b.body)}`)
      assert.deepEqual(Object.keys(b.body), Object.keys(a.body), label)
      for (const key of Object.keys(a.body)) {
        const [x, y] = [a.body[key], b.body[key]]
        if (kind === '007' && typeof x === 'string') assert.deepEqual(read007(y), read007(x), `${label} ${key}`)
        else if (kind === '006' && typeof x === 'string') check006(y, channel, uid, x)
        else assert.deepEqual(y, x, `${label} ${key}`)
      }
    }
  } finally {
    refServer.close()
    ourServer.close()
  }
})
