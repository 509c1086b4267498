'use strict'
// Static checks of the token service's packaging: server/package.json (what the Dockerfile
// installs) pins the same versions as the repository's devDependencies, their engines allow
// Node 18, and the Dockerfile keeps its multi-stage, non-root, HEALTHCHECK shape.
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
