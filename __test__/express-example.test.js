'use strict'
// The Express example (examples/express): the token Router mounted behind the app's own
// middleware, over real HTTP. Its answers come from the same module as the service's.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { createApp } = require('../examples/express/server.js')
const { tokenRouter } = require('../examples/express/router.js')
const { APP_ID, APP_CERTIFICATE, start, checkRtc, checkRtm, PUBLISHER } = require('./server-helpers.js')

let base
let server
let service
before(async () => {
  const app = createApp({ appId: APP_ID, appCertificate: APP_CERTIFICATE, authorize: (req) => req.get('x-user') === 'alice' })
  server = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv))
  })
  base = `http://127.0.0.1:${server.address().port}`
  service = await start()
})
after(async () => {
  await new Promise((resolve) => server.close(resolve))
  await service.close()
})

const call = async (p, init = {}) => {
  const res = await fetch(base + p, { ...init, headers: { 'x-user': 'alice', 'content-type': 'application/json', ...init.headers } })
  return { status: res.status, headers: res.headers, body: await res.json() }
}

test('the app middleware runs before the token routes', async () => {
  const res = await fetch(base + '/rtc/test/publisher/uid/1')
  assert.equal(res.status, 403)
  assert.deepEqual(await res.json(), { error: 'forbidden' })
})

test('the Router issues the same tokens as the service', async () => {
  let res = await call('/rtc/test/publisher/uid/1234/?expiry=600')
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  checkRtc(res.body.rtcToken, { channel: 'test', uid: '1234', privileges: PUBLISHER(600), expire: 600 })
  res = await call('/rte/test/publisher/uid/7')
  checkRtm(res.body.rtmToken, { userId: '7', expire: 3600, stream: 'test' })
  res = await call('/getToken', { method: 'POST', body: JSON.stringify({ tokenType: 'rtm', uid: 'bob' }) })
  checkRtm(res.body.token, { userId: 'bob', expire: 3600 })
  res = await call('/verify', { method: 'POST', body: JSON.stringify({ token: res.body.token }) })
  assert.equal(res.body.valid, true)
})

test('bad input gets the same status and error as from the service', async () => {
  const gets = ['/rtc/test/admin/uid/1', '/rtc/test/publisher/uid/01', '/rtc/caf%C3%A9/publisher/uid/1', '/rtm/a%00b', '/chat/app?expiry=0', '/rte/t/publisher/uid/0']
  for (const p of gets) {
    const [a, b] = [await call(p), await service.get(p)]
    assert.equal(a.status, 400, p)
    assert.deepEqual(a.body, b.body, p)
  }
  for (const body of [{ tokenType: 'x' }, { tokenType: 'rtc', channel: 'c' }, { token: 'bad' }]) {
    const p = body.token ? '/verify' : '/getToken'
    const [a, b] = [await call(p, { method: 'POST', body: JSON.stringify(body) }), await service.post(p, body)]
    assert.equal(a.status, 400)
    assert.deepEqual(a.body, b.body)
  }
  const res = await call('/getToken', { method: 'POST', body: '{"tokenType"' })
  assert.equal(res.status, 400)
  assert.match(res.body.error, /not valid JSON/)
  assert.equal((await call('/rtc/%E0%A4%A/publisher/uid/1')).status, 400)
  assert.equal((await call('/nowhere')).status, 404)
})

test('tokenRouter refuses bad credentials', () => {
  assert.throws(() => tokenRouter({ appId: 'x', appCertificate: APP_CERTIFICATE }), { name: 'TypeError', message: /appId/ })
  assert.throws(() => tokenRouter({ appId: APP_ID, appCertificate: 'secret' }), (e) => e instanceof TypeError && !e.message.includes('secret'))
})
