'use strict'
// The token inspector page (inspector/index.html) in a real browser: Debian's chromium
// driven by playwright-core. The token service serves the page and answers POST /diagnose
// with diagnoseToken (a CI run without the browser fails rather than skips); the test pastes tokens made by agora-token and checks
// what the page renders. Screenshots go to artifacts/ (UPDATE_DOCS_SCREENSHOT=1 also
// refreshes docs/inspector.png).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const http = require('node:http')
const ref = require('agora-token')
const native = require('../..')
const { withSaltAndTime, chromiumPath } = require('../helpers')

const A = '970CA35de60c44645bbae8a215061b33'
const C = '5CFd2fd1755d40ecb72977518be15d3b'

const ROOT = path.join(__dirname, '..', '..')
const ARTIFACTS = path.join(ROOT, 'artifacts')
const CHROMIUM = chromiumPath()

/** A stand-in for the WebAssembly module: answers with results the server computed. */
let stubResults = {}
function stubModule() {
  return `const results = ${JSON.stringify(stubResults)}\nexport function diagnoseToken(token) { return results[token] }\n`
}

/**
 * The real token service (server/app.js) with this test's credentials serves the page at
 * GET / and answers POST /diagnose; only the stand-in module for the in-page path is
 * served by the test itself, on the same origin (the page ignores modules from others).
 */
function serve(browserBuildDir = null) {
  const { createServer } = require('../../server/app.js')
  const service = createServer({ appId: A, appCertificate: C, browserBuildDir, logStream: new (require('node:stream').PassThrough)().resume() })
  const handler = service.listeners('request')[0]
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stub-module.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(stubModule())
    } else {
      handler(req, res)
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const available = CHROMIUM !== undefined
const WASM_DIR = path.join(ROOT, 'npm', 'wasm32-wasi')
const WASM = fs.existsSync(path.join(WASM_DIR, 'agora-token-native.browser.js')) ? WASM_DIR : null

test('inspector page in Chromium', { skip: !available && !process.env.CI && 'no Chromium installed (apt-get install -y chromium, or set CHROMIUM_PATH)', timeout: 120_000 }, async (t) => {
  const { chromium } = require('playwright-core')
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const server = await serve()
  const base = `http://127.0.0.1:${server.address().port}/`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.after(async () => {
    await browser.close()
    server.close()
  })
  const now = Math.floor(Date.now() / 1000)
  const good = ref.RtcTokenBuilder.buildTokenWithUid(A, C, 'room-42', 42, ref.RtcRole.PUBLISHER, 3600, 1800)
  const expired = withSaltAndTime(777, now - 7200, () =>
    ref.RtcTokenBuilder.buildTokenWithUid(A, C, 'room-42', 42, ref.RtcRole.PUBLISHER, 3600, 3600),
  )

  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } })
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))

  await t.test('a valid token: channel, uid and privileges, decoded by the server', async () => {
    await page.goto(base)
    await page.getByLabel('Token', { exact: true }).fill(good)
    await page.getByLabel('Channel the client joins (optional)').fill('room-42')
    await page.getByLabel('Uid or user account (optional)').fill('42')
    await page.getByRole('button', { name: 'Inspect' }).click()
    await page.locator('#result:not([hidden])').waitFor()
    assert.match(await page.locator('#mode').textContent(), /Decoded by the token service \(POST \/diagnose\)/)
    assert.equal(await page.locator('#verdict').textContent(), 'No error found (1 warning).')
    const rows = await page.locator('#services tbody tr').allTextContents()
    assert.equal(rows.length, 4)
    assert.ok(rows.every((r) => r.includes('channel "room-42", uid "42"')), rows.join('\n'))
    const cells = await page.locator('#services tbody tr td:nth-child(3)').allTextContents()
    assert.deepEqual(cells, ['join channel (1)', 'publish audio (2)', 'publish video (3)', 'publish data (4)'])
    // The privileges expire 30 min before the token: a warning, and one bar each on the timeline.
    assert.deepEqual(await page.locator('#problems li').evaluateAll((l) => l.map((e) => e.dataset.code)), ['PRIVILEGE_EXPIRED'])
    assert.equal(await page.locator('#timeline .item').count(), 5)
  })

  await t.test('an expired token shows EXPIRED with its hint', async () => {
    await page.getByLabel('Token', { exact: true }).fill(expired)
    await page.getByRole('button', { name: 'Inspect' }).click()
    const li = page.locator('#problems li[data-code="EXPIRED"]')
    await li.waitFor()
    assert.match(await li.textContent(), /the token expired at .*Hint: build a new token/)
    assert.match(await page.locator('#verdict').textContent(), /^1 error: Agora would refuse this token\./)
    assert.match(await page.locator('#fields').textContent(), /Expires.*ago/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector.png'), fullPage: true })
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') fs.copyFileSync(path.join(ARTIFACTS, 'inspector.png'), path.join(ROOT, 'docs', 'inspector.png'))
  })

  await t.test('keyboard only, and a phone-sized screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await phone.goto(base)
    await phone.keyboard.press('Tab')
    assert.equal(await phone.evaluate(() => document.activeElement.id), 'token')
    await phone.keyboard.insertText(expired)
    for (let i = 0; i < 6; i++) await phone.keyboard.press('Tab')
    assert.equal(await phone.evaluate(() => document.activeElement.textContent), 'Inspect')
    await phone.keyboard.press('Enter')
    await phone.locator('#problems li[data-code="EXPIRED"]').waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    await phone.screenshot({ path: path.join(ARTIFACTS, 'inspector-phone.png'), fullPage: true })
    await phone.close()
  })

  await t.test('with a module at the configured URL, it decodes in the page and says so', async () => {
    stubResults = { [good]: native.diagnoseToken(good, {}) }
    let posted = 0
    page.on('request', (r) => {
      if (r.method() === 'POST') posted++
    })
    await page.goto(base + '?module=./stub-module.js')
    await page.getByLabel('Token', { exact: true }).fill(good)
    await page.getByRole('button', { name: 'Inspect' }).click()
    await page.locator('#result:not([hidden])').waitFor()
    assert.match(await page.locator('#mode').textContent(), /^Decoded in this browser \(WebAssembly\): the token never left the page\./)
    assert.equal(posted, 0, 'nothing was sent to the server')
  })

  await t.test('with the WebAssembly build served next to it, it decodes in the page', { skip: !WASM && !process.env.CI && 'no WebAssembly build (npm run build:wasm)' }, async () => {
    assert.ok(WASM, 'npm run build:wasm must run before this test in CI')
    const wasmServer = await serve(WASM)
    t.after(() => wasmServer.close())
    let posted = 0
    const p = await browser.newPage()
    p.on('request', (r) => {
      if (r.method() === 'POST') posted++
    })
    await p.goto(`http://127.0.0.1:${wasmServer.address().port}/`)
    await p.getByLabel('Token', { exact: true }).fill(expired)
    await p.getByLabel('Channel the client joins (optional)').fill('room-42')
    await p.getByRole('button', { name: 'Inspect' }).click()
    await p.locator('#result:not([hidden])').waitFor()
    assert.match(await p.locator('#mode').textContent(), /^Decoded in this browser \(WebAssembly\): the token never left the page\./)
    await p.locator('#problems li[data-code="EXPIRED"]').waitFor()
    assert.match(await p.locator('#services tbody').textContent(), /channel "room-42", uid "42"/)
    assert.equal(posted, 0, 'nothing was sent to the server')
    await p.close()
  })

  await t.test('?module= on another origin is ignored', async () => {
    await page.goto(base + '?module=' + encodeURIComponent(`http://localhost:${server.address().port}/stub-module.js`))
    await page.getByLabel('Token', { exact: true }).fill(good)
    await page.getByRole('button', { name: 'Inspect' }).click()
    await page.locator('#result:not([hidden])').waitFor()
    assert.match(await page.locator('#mode').textContent(), /^Decoded by the token service/)
  })

  await t.test('hostile values are shown as text', async () => {
    const evil = ref.RtcTokenBuilder.buildTokenWithUserAccount(A, C, 'room', '<img src=x onerror=alert(1)>', ref.RtcRole.PUBLISHER, 3600, 3600)
    await page.goto(base)
    await page.getByLabel('Token', { exact: true }).fill(evil)
    await page.getByRole('button', { name: 'Inspect' }).click()
    await page.locator('#result:not([hidden])').waitFor()
    assert.equal(await page.locator('#result img').count(), 0)
    assert.match(await page.locator('#services tbody').textContent(), /<img src=x onerror=alert\(1\)>/)
  })

  assert.deepEqual(errors, [], 'no script error on the page')
})
