// The browser bundle (npm/wasm32-wasi/agora-token-native.browser.js, from `npm run
// build:wasm`) in headless Chromium, driven by playwright-core: a page on 127.0.0.1 imports
// it next to its .wasm and decodes a token, once with cross-origin isolation headers and once
// without. The test waits (up to 60 s) for the page to write its result, not for a fixed time:
// a cold Chromium on a fresh machine is slow to compile the .wasm. Skipped where no Chromium
// is installed (Debian: apt-get install chromium), except under CI, where that fails.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import { native, requireWasmBuild, root } from './matrix.mjs'

const { chromium: playwright } = createRequire(path.join(root, 'package.json'))('playwright-core')
const chromium = createRequire(import.meta.url)('../helpers.js').chromiumPath()
const dir = path.join(root, 'npm', 'wasm32-wasi')
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

function serve(token, isolated) {
  const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}
  const page = `<!doctype html><pre id="out">pending</pre><script type="module">
const out = document.getElementById('out')
try {
  const a = await import('./agora-token-native.browser.js')
  out.textContent = 'OK ' + JSON.stringify({ isolated: self.crossOriginIsolated, target: a.__napiBindingTarget, decoded: a.decodeToken(${JSON.stringify(token)}) })
} catch (e) {
  out.textContent = 'ERR ' + e
}
</script>`
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html', ...headers })
      return res.end(page)
    }
    const file = path.join(dir, path.basename(req.url))
    if (!/\.(js|wasm)$/.test(file) || !fs.existsSync(file)) {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', ...headers })
    res.end(fs.readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const skip = !chromium && !process.env.CI && 'no Chromium installed'
for (const isolated of [true, false]) {
  test(`browser bundle in headless Chromium decodes a token (${isolated ? 'cross-origin isolated' : 'no isolation headers'})`, { skip, timeout: 120_000 }, async (t) => {
    requireWasmBuild()
    assert.ok(chromium, 'no Chromium installed (apt-get install chromium)')
    const token = native.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'browser-room', 7, 1, 600, 600)
    const server = await serve(token, isolated)
    const browser = await playwright.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] })
    t.after(async () => {
      await browser.close()
      server.close()
    })
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'pending', null, { timeout: 60_000 })
    const out = await page.textContent('#out')
    assert.match(out, /^OK /, out)
    const r = JSON.parse(out.slice(3))
    assert.equal(r.isolated, isolated)
    assert.equal(r.target, 'wasm32-wasi')
    assert.deepEqual(r.decoded, native.decodeToken(token))
  })
}
