'use strict'
// What a release publishes besides code: the LICENSE, repository/homepage/bugs in the main and
// every platform package, and the Node.js versions that build from source (the pinned
// @napi-rs/cli's engines) as the README and scripts/check-build-node.js state them.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const pkg = require('../package.json')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')

test('LICENSE is the MIT license the manifests name', () => {
  const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')
  assert.match(license, /^MIT License\n/)
  assert.match(license, /Permission is hereby granted, free of charge/)
  assert.equal(pkg.license, 'MIT')
  assert.match(readme, /## License\n\nMIT/)
})

test('the main and every platform package name the same repository, homepage and issue tracker', () => {
  assert.equal(pkg.repository.type, 'git')
  const m = /^git\+(https:\/\/github\.com\/([^/]+)\/([^/]+))\.git$/.exec(pkg.repository.url)
  assert.ok(m, `repository.url ${pkg.repository.url}: npm publish --provenance needs the GitHub repository`)
  assert.equal(pkg.homepage, `${m[1]}#readme`)
  assert.deepEqual(pkg.bugs, { url: `${m[1]}/issues` })
  for (const d of fs.readdirSync(path.join(root, 'npm'))) {
    const sub = require(path.join(root, 'npm', d, 'package.json'))
    assert.deepEqual([sub.repository, sub.homepage, sub.bugs, sub.license], [pkg.repository, pkg.homepage, pkg.bugs, pkg.license], d)
  }
})

test('the Node.js versions that build from source: the build tool engines, the README and the early check agree', () => {
  const cli = require('@napi-rs/cli/package.json')
  const range = cli.engines.node
  assert.equal(pkg.devDependencies['@napi-rs/cli'], cli.version, 'the installed build tool is the pinned one')
  // the README states the range in words: every lower bound appears
  for (const bound of range.split('||').map((r) => r.trim().replace(/^[\^>=\s]+/, ''))) {
    const [maj, min] = bound.split('.')
    assert.match(readme.split('### Building from source')[1], new RegExp(`Node\\.js ${maj}\\.${min} or later|${maj}\\.${min} or later|${maj}\\.${min} and later`), `README names ${bound}`)
  }
  const { satisfies, refusal } = require('../scripts/check-build-node.js')
  for (const [v, want] of [['v18.20.8', false], ['v20.16.0', false], ['v20.17.0', true], ['v21.7.0', false], ['v22.12.0', false], ['v22.13.0', true], ['v23.5.0', true], ['v24.0.0', true]]) {
    assert.equal(satisfies(v, range), want, `${v} against ${range}`)
  }
  for (const s of ['build', 'build:debug']) assert.match(pkg.scripts[s], /^node scripts\/check-build-node\.js && napi build /, s)
  // an unsupported version stops with one line that names the range
  assert.match(refusal('v18.20.8'), /^agora-token-native: building the addon from source needs Node\.js .* this is Node\.js v18\.20\.8\..*runs on Node\.js 18 and later\.$/)
  assert.equal(refusal('v22.13.0'), null)
  // run as the build runs it, on this Node.js (which may be one that only runs the package)
  const r = spawnSync(process.execPath, ['scripts/check-build-node.js'], { cwd: root, encoding: 'utf8' })
  const builds = satisfies(process.version, range)
  assert.equal(r.status, builds ? 0 : 1, r.stderr)
  assert.equal(r.stderr, builds ? '' : `${refusal(process.version)}\n`)
})

test('the runtime supports the Node.js versions the README names, older than the build tool', () => {
  assert.equal(pkg.engines.node, '>=18')
  for (const d of fs.readdirSync(path.join(root, 'npm'))) assert.deepEqual(require(path.join(root, 'npm', d, 'package.json')).engines, pkg.engines, d)
})
