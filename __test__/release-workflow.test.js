'use strict'
// .github/workflows/release.yml parses, builds and tests exactly the targets of
// package.json "napi.targets" (one npm/<platform> package each), and publishes only
// from version tags with provenance.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const YAML = require('yaml')

const root = path.join(__dirname, '..')
const pkg = require('../package.json')
const wf = YAML.parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8'))

/** napi-rs's platformArchABI for a Rust target triple (the npm/ folder name). */
function platformArchABI(triple) {
  if (triple === 'wasm32-wasip1-threads') return 'wasm32-wasi'
  const [arch, , os, abi] = triple.split('-')
  const cpu = { x86_64: 'x64', aarch64: 'arm64', armv7: 'arm', i686: 'ia32' }[arch]
  const platform = { linux: 'linux', darwin: 'darwin', windows: 'win32' }[os]
  assert.ok(cpu && platform, `unknown triple ${triple}`)
  return abi ? `${platform}-${cpu}-${abi}` : `${platform}-${cpu}`
}

const sorted = (a) => [...a].sort()
const buildTargets = wf.jobs.build.strategy.matrix.settings.map((s) => s.target)
const npmDirs = fs.readdirSync(path.join(root, 'npm')).filter((d) => fs.existsSync(path.join(root, 'npm', d, 'package.json')))

test('the build matrix equals package.json napi.targets and the npm/ folders', () => {
  assert.equal(new Set(buildTargets).size, buildTargets.length, 'no duplicate targets')
  assert.deepEqual(sorted(buildTargets), sorted(pkg.napi.targets))
  assert.deepEqual(sorted(buildTargets.map(platformArchABI)), sorted(npmDirs))
})

test('every build entry builds its own target and uploads it', () => {
  for (const s of wf.jobs.build.strategy.matrix.settings) {
    assert.match(s.build, new RegExp(`napi build --platform --release --target ${s.target}( |$)`), s.target)
    if (s.target.includes('musl')) assert.match(s.build, / -x$/, `${s.target} links against musl with zig (-x)`)
    if (s.target.endsWith('linux-gnu')) assert.match(s.build, /--use-napi-cross/, `${s.target}: glibc 2.17 toolchain`)
  }
  const upload = wf.jobs.build.steps.find((s) => s.uses && s.uses.startsWith('actions/upload-artifact'))
  assert.equal(upload.with.name, 'bindings-${{ matrix.settings.target }}')
  assert.equal(wf.env.APP_NAME, pkg.napi.binaryName)
})

test('every target is tested on Node 18, 20 and 22', () => {
  const t = wf.jobs.test
  assert.deepEqual(t.needs, ['build'])
  assert.deepEqual(sorted(t.strategy.matrix.settings.map((s) => s.target)), sorted(pkg.napi.targets))
  assert.deepEqual(t.strategy.matrix.node, ['18', '20', '22'])
  for (const s of t.strategy.matrix.settings) {
    assert.equal(s.docker === 'alpine', s.target.includes('musl'), s.target)
    assert.equal(s.docker === 'armv7', s.target.startsWith('armv7-'), s.target)
  }
  // each docker kind has its test step
  const dockerSteps = t.steps.filter((st) => st.if && /docker ==/.test(st.if) && st.run).map((st) => /docker == '(\w+)'/.exec(st.if)[1])
  assert.deepEqual(sorted(new Set(dockerSteps)), sorted(new Set(t.strategy.matrix.settings.map((s) => s.docker).filter(Boolean))))
  for (const step of t.steps) {
    // Node 21+ runs a directory argument of --test as a module (MODULE_NOT_FOUND)
    if (step.run) assert.doesNotMatch(step.run, /node --test __test__\/?(\s|$)|npm run test:node/, step.run)
  }
  const hosts = new Set(t.strategy.matrix.settings.map((s) => s.host.split('-')[0]))
  assert.deepEqual(sorted(hosts), ['macos', 'ubuntu', 'windows'])
})

test('publish runs only on version tags, after the tests, with provenance', () => {
  const p = wf.jobs.publish
  assert.match(p.if, /startsWith\(github\.ref, 'refs\/tags\/v'\)/)
  assert.deepEqual(p.needs, ['test'])
  assert.equal(p.permissions['id-token'], 'write')
  const run = p.steps.map((s) => s.run || '').join('\n')
  assert.match(run, /napi artifacts/)
  assert.match(run, /napi prepublish -t npm/)
  assert.match(run, /npm publish --provenance --access public --ignore-scripts/)
  assert.ok(wf.on.push.tags.includes('v*'))
})

test('no job runs `prepare` (a source build) by accident', () => {
  for (const [name, job] of Object.entries(wf.jobs)) {
    for (const step of job.steps) {
      if (step.run && /npm (ci|install)\b/.test(step.run)) assert.match(step.run, /--ignore-scripts/, `${name}: ${step.run}`)
    }
  }
})

test('npm/ packages: names, versions, os/cpu/libc and main', () => {
  for (const d of npmDirs) {
    const sub = require(path.join(root, 'npm', d, 'package.json'))
    const triple = pkg.napi.targets.find((t) => platformArchABI(t) === d)
    assert.equal(sub.name, `${pkg.name}-${d}`)
    assert.equal(sub.version, pkg.version, `${d} version`)
    if (d === 'wasm32-wasi') {
      // The WebAssembly package: napi-rs's generated loaders, the .wasm, the edge loaders.
      assert.equal(sub.main, `${pkg.napi.binaryName}.wasi.cjs`)
      assert.deepEqual(sub.cpu, ['wasm32'])
      assert.equal(sub.os, undefined)
      for (const f of [`${pkg.napi.binaryName}.wasm32-wasi.wasm`, sub.main, ...Object.values(sub.exports['./instance'])]) {
        assert.ok(sub.files.includes(f.replace(/^\.\//, '')), `${d} publishes ${f}`)
      }
      for (const f of Object.values(sub.exports['./instance'])) assert.ok(fs.existsSync(path.join(root, 'npm', d, f)), f)
      for (const dep of ['@napi-rs/wasm-runtime', '@emnapi/core', '@emnapi/runtime']) {
        assert.equal(sub.dependencies[dep], pkg.devDependencies[dep], `${dep}: the version the build was made with`)
      }
      assert.match(fs.readFileSync(path.join(root, 'npm', d, 'README.md'), 'utf8'), /wasm32-wasip1-threads/)
      continue
    }
    assert.equal(sub.main, `${pkg.napi.binaryName}.${d}.node`)
    assert.deepEqual(sub.files, [sub.main])
    assert.deepEqual(sub.os, [d.split('-')[0]])
    assert.deepEqual(sub.cpu, [d.split('-')[1]])
    if (d.startsWith('linux')) assert.deepEqual(sub.libc, [d.endsWith('musl') ? 'musl' : 'glibc'])
    else assert.equal(sub.libc, undefined)
    assert.ok(triple, `${d} has a target`)
    assert.match(fs.readFileSync(path.join(root, 'npm', d, 'README.md'), 'utf8'), new RegExp(triple))
  }
})

test("the README's platform table and tested Node versions agree with the workflow", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  const section = readme.split('### Supported platforms')[1].split('\n## ')[0]
  const rows = [...section.matchAll(/^\|[^|\n]*\|[^|\n]*\| `([^`]+)` \| `([^`]+)` \|$/gm)].map((m) => ({ pkg: m[1], triple: m[2] }))
  assert.deepEqual(sorted(rows.map((r) => r.triple)), sorted(pkg.napi.targets), 'one README row per target')
  for (const r of rows) assert.equal(r.pkg, `${pkg.name}-${platformArchABI(r.triple)}`, r.triple)
  const count = { 8: 'eight', 9: 'nine', 10: 'ten', 11: 'eleven', 12: 'twelve' }
  assert.match(readme, new RegExp(`lists all ${count[rows.length]} platform packages`), 'the Install section counts the platform packages')
  const versions = wf.jobs.test.strategy.matrix.node
  const said = /Node\.js ([\d, and]+) are tested/.exec(readme)[1].split(/, | and /)
  assert.deepEqual(said, versions, 'README names the Node versions the workflow tests')
  assert.equal(pkg.engines.node, `>=${versions[0]}`)
})
