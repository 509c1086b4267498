// The browser bundle (npm/wasm32-wasi/agora-token-native.browser.js, from `npm run
// build:wasm`) in headless Chromium: a page on 127.0.0.1 imports it next to its .wasm and
// decodes a token, once with cross-origin isolation headers and once without. Skipped, with
// the reason, where no Chromium is installed (Debian: apt-get install chromium).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { test } from 'node:test'
import { native, requireWasmBuild, root } from './matrix.mjs'

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((f) => fs.existsSync(f))
const dir = path.join(root, 'npm', 'wasm32-wasi')
const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

function serve(token, isolated) {
  const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}
  const page = `<!doctype html><pre id="out">pending</pre><script type="module">
try {
  const a = await import('./agora-token-native.browser.js')
  document.getElementById('out').textContent = 'OK ' + JSON.stringify({ isolated: self.crossOriginIsolated, target: a.__napiBindingTarget, decoded: a.decodeToken(${JSON.stringify(token)}) })
} catch (e) {
  document.getElementById('out').textContent = 'ERR ' + e
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

for (const isolated of [true, false]) {
  test(`browser bundle in headless Chromium decodes a token (${isolated ? 'cross-origin isolated' : 'no isolation headers'})`, { skip: !chromium && 'no Chromium installed' }, async () => {
    requireWasmBuild()
    const token = native.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'browser-room', 7, 1, 600, 600)
    const server = await serve(token, isolated)
    try {
      const url = `http://127.0.0.1:${server.address().port}/`
      // Asynchronously: a blocking spawn would stall this process's HTTP server.
      const child = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=10000', '--dump-dom', url], { stdio: ['ignore', 'pipe', 'ignore'] })
      let dom = ''
      child.stdout.on('data', (d) => (dom += d))
      await new Promise((resolve) => child.once('exit', resolve))
      const out = (dom.match(/<pre id="out">([^<]*)/) || [])[1] || dom
      assert.match(out, /^OK /, out)
      const r = JSON.parse(out.slice(3).replaceAll('&quot;', '"'))
      assert.equal(r.isolated, isolated)
      assert.equal(r.target, 'wasm32-wasi')
      assert.deepEqual(r.decoded, native.decodeToken(token))
    } finally {
      server.close()
    }
  })
}
