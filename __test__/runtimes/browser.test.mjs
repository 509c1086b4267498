// The browser bundle (npm/wasm32-wasi/agora-token-native.browser.js, from `npm run
// build:wasm`) in headless Chromium, driven by playwright-core, and in headless Firefox: a
// page on 127.0.0.1 imports it next to its .wasm, decodes a token and builds one (with the
// browser's clock and random bytes), once with cross-origin isolation headers and once
// without. The page posts its result back; the test waits (up to 60 s) for it, not for a
// fixed time: a cold browser on a fresh machine is slow to compile the .wasm. Firefox needs
// no driver: it is started on the page's address and killed once the result is in. Skipped
// where a browser is not installed (Debian: apt-get install chromium firefox-esr), except
// under CI, where that fails.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { spawn } from 'node:child_process'
import os from 'node:os'
import { test } from 'node:test'
import { checkClockAndSalts, native, requireWasmBuild, root } from './matrix.mjs'

const { chromium: playwright } = createRequire(path.join(root, 'package.json'))('playwright-core')
const { chromiumPath, firefoxPath } = createRequire(import.meta.url)('../helpers.js')
const chromium = chromiumPath()
const firefox = firefoxPath()
const dir = path.join(root, 'npm', 'wasm32-wasi')
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

/** Serves the page and the package's files; resolves to the server and the page's result (a promise). */
function serve(token, isolated) {
  const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}
  // A test page only: a real page must never hold the App Certificate (docs/runtimes.md,
  // "Why the certificate never goes to a browser"); here it checks the browser's clock and
  // random bytes reach the tokens.
  const page = `<!doctype html><pre id="out">pending</pre><script type="module">
let out
try {
  const a = await import('./agora-token-native.browser.js')
  out = 'OK ' + JSON.stringify({
    isolated: self.crossOriginIsolated,
    target: a.__napiBindingTarget,
    decoded: a.decodeToken(${JSON.stringify(token)}),
    built: [1, 2].map(() => a.RtcTokenBuilder.buildTokenWithUid('${APP_ID}', '${CERT}', 'browser-room', 7, 1, 600, 600)),
  })
} catch (e) {
  out = 'ERR ' + e
}
document.getElementById('out').textContent = out
await fetch('/result', { method: 'POST', body: out })
</script>`
  let settle
  const result = new Promise((resolve) => (settle = resolve))
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html', ...headers })
      return res.end(page)
    }
    if (req.url === '/result' && req.method === 'POST') {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        res.end()
        settle(body)
      })
      return
    }
    const file = path.join(dir, path.basename(req.url))
    if (!/\.(js|wasm)$/.test(file) || !fs.existsSync(file)) {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', ...headers })
    res.end(fs.readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, result })))
}

/** What the page reported, checked: isolation as served, the decode, and two tokens it built. */
function check(out, token, isolated) {
  assert.match(out, /^OK /, out)
  const r = JSON.parse(out.slice(3))
  assert.equal(r.isolated, isolated)
  assert.equal(r.target, 'wasm32-wasi')
  assert.deepEqual(r.decoded, native.decodeToken(token))
  for (const built of r.built) assert.ok(native.verifyToken(built, CERT, { channelName: 'browser-room', uid: 7 }), built)
  checkClockAndSalts(r.built)
}

const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no result in ${ms / 1000} s`)), ms).unref())
const token = native.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'browser-room', 7, 1, 600, 600)

for (const isolated of [true, false]) {
  const how = isolated ? 'cross-origin isolated' : 'no isolation headers'
  test(`browser bundle in headless Chromium decodes and builds tokens (${how})`, { skip: !chromium && !process.env.CI && 'no Chromium installed', timeout: 120_000 }, async (t) => {
    requireWasmBuild()
    assert.ok(chromium, 'no Chromium installed (apt-get install chromium)')
    const { server, result } = await serve(token, isolated)
    const browser = await playwright.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] })
    t.after(async () => {
      await browser.close()
      server.close()
    })
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    check(await Promise.race([result, timeout(60_000, 'Chromium')]), token, isolated)
  })

  test(`browser bundle in headless Firefox decodes and builds tokens (${how})`, { skip: !firefox && !process.env.CI && 'no Firefox installed', timeout: 120_000 }, async (t) => {
    requireWasmBuild()
    assert.ok(firefox, 'no Firefox installed (apt-get install firefox-esr)')
    const { server, result } = await serve(token, isolated)
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-firefox-'))
    const url = `http://127.0.0.1:${server.address().port}/`
    const browser = spawn(firefox, ['--headless', '--no-remote', '--profile', profile, url], { stdio: 'ignore' })
    t.after(() => {
      browser.kill('SIGKILL')
      server.close()
      fs.rmSync(profile, { recursive: true, force: true })
    })
    check(await Promise.race([result, timeout(60_000, 'Firefox')]), token, isolated)
  })
}
