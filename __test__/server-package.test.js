'use strict'
// The token service's packaging: server/package.json (what the Dockerfile installs) pins the
// same versions as the repository's devDependencies, their engines allow Node 18, the
// Dockerfile keeps its multi-stage, non-root, HEALTHCHECK shape, and the files its image
// holds run the service.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const root = require('../package.json')
const server = require('../server/package.json')

test('server/package.json pins the devDependencies versions, and its lockfile matches', () => {
  const lock = require('../server/package-lock.json')
  for (const [name, version] of Object.entries(server.dependencies)) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned`)
    assert.equal(root.devDependencies[name], version, `${name}: root devDependencies`)
    assert.equal(lock.packages[`node_modules/${name}`].version, version, `${name}: server/package-lock.json`)
    assert.equal(require(`${name}/package.json`).version, version, `${name}: installed`)
  }
})

test("the service's runtime dependencies allow Node 18", () => {
  const lock = require('../server/package-lock.json')
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key || !entry.engines || !entry.engines.node) continue
    const range = entry.engines.node
    // Every range in the tree is a lower bound (>=N, ">= N.x") or lists ^18.
    const floor = /^>=?\s*(\d+)/.exec(range)
    assert.ok((floor && Number(floor[1]) <= 18) || /\^18/.test(range), `${key}: engines.node ${range}`)
  }
})

test('the Dockerfile is multi-stage, runs as a non-root user and has a HEALTHCHECK', () => {
  const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
  assert.ok((text.match(/^FROM /gm) || []).length >= 3)
  assert.match(text, /^USER node$/m)
  assert.match(text, /^HEALTHCHECK .*\n.*\/healthz/m)
  assert.match(text, /^CMD \["node", "server\/index\.js"\]$/m)
  const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n')
  for (const p of ['node_modules', 'target', '*.node', '.env']) assert.ok(ignore.includes(p), p)
})

test('agora-token-native/service is exported and published', () => {
  assert.equal(root.exports['./service'].default, './server/tokens.js')
  assert.ok(root.files.includes('server/tokens.js') && root.files.includes('server/tokens.d.ts'))
  assert.equal(require('agora-token-native/service').createTokens, require('../server/tokens.js').createTokens)
  assert.equal(root.scripts.start, 'node server/index.js')
})

// The image itself is not built here (no container daemon or image registry on this
// machine); this runs what its last stage holds. The files are the ones the Dockerfile's
// build stage copies into /out/, and the service's dependencies only the packages
// server/package-lock.json lists (what `npm ci --omit=dev` in server/ installs), reached
// through NODE_PATH from the repository's install. A file the service loads that the
// Dockerfile does not copy, or a dependency server/package.json does not list, fails it.
test("the image's files (the Dockerfile's copy into /out/) run the service on their own", async () => {
  const os = require('node:os')
  const native = require('..')
  const { APP_ID, APP_CERTIFICATE, spawnServer } = require('./server-helpers.js')
  const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
  const copy = /\bcp -r ((?:[^\s\\]+ )+)\/out\/\s*$/m.exec(text)
  assert.ok(copy, 'the Dockerfile copies the image files into /out/')
  const items = copy[1].trim().split(/\s+/)
  const image = fs.mkdtempSync(path.join(os.tmpdir(), 'image-app-'))
  const deps = fs.mkdtempSync(path.join(os.tmpdir(), 'image-deps-'))
  let child
  try {
    for (const item of items) {
      const re = new RegExp('^' + item.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*') + '$')
      const names = item.includes('*') ? fs.readdirSync(ROOT).filter((n) => re.test(n)) : [item]
      assert.ok(names.length > 0 && names.every((n) => fs.existsSync(path.join(ROOT, n))), `${item} is in the repository after the build`)
      for (const n of names) {
        fs.cpSync(path.join(ROOT, n), path.join(image, n), { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') })
      }
    }
    const lock = require('../server/package-lock.json')
    for (const key of Object.keys(lock.packages)) {
      const name = key.replace(/^node_modules\//, '')
      if (!key || name.includes('node_modules/')) continue
      fs.mkdirSync(path.dirname(path.join(deps, name)), { recursive: true })
      fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(deps, name), 'dir')
    }
    const server = await spawnServer({ NODE_ENV: 'production', NODE_PATH: deps, APP_ID, APP_CERTIFICATE }, image, 'server/index.js')
    child = server.child
    const base = `http://127.0.0.1:${server.port}`
    const health = await fetch(base + '/healthz')
    assert.equal(health.status, 200)
    assert.equal((await health.json()).version, root.version)
    const { rtcToken } = await (await fetch(base + '/rtc/room/publisher/uid/42')).json()
    assert.equal(native.verifyToken(rtcToken, APP_CERTIFICATE, { channelName: 'room', uid: 42 }), true)
    const diagnosis = await (await fetch(base + '/diagnose', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: rtcToken }) })).json()
    assert.equal(diagnosis.ok, true, JSON.stringify(diagnosis))
    const page = await fetch(base + '/')
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-type'), /text\/html/)
    assert.equal(server.err(), '')
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    fs.rmSync(image, { recursive: true, force: true })
    fs.rmSync(deps, { recursive: true, force: true })
  }
})
