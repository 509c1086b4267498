'use strict'
// The reference packages' own test suites, run against this package. Each test file in
// node_modules/agora-token/test and node_modules/agora-access-token/test (read from the
// installed devDependencies, never copied here) is run twice: once as it is, against the
// reference, and once with its `require('../src/<Module>')` pointed at
// `agora-token-native/src/<Module>` and `require('../index')` at this package's entry. Every
// test that passes against the reference must pass against this package, apart from the
// deviations listed below, each of which must still fail here (so the list stays true).
// 007 strings are compared by inflated payload (compressed bytes differ between zlib builds).
// Their sample scripts run the same two ways, at the end.
const test = require('node:test')
const assert = require('node:assert/strict')
const looseAssert = require('node:assert')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const ROOT = path.join(__dirname, '..')
const ours = { 'agora-token': require('agora-token-native'), 'agora-access-token': require('agora-token-native/legacy') }

// Where this package chooses otherwise than agora-token, on purpose (docs/api.md says so).
const DEVIATIONS = {
  'agora-token/AccessToken2Test.js AccessToken_Test_unknownServiceAfterKnownService':
    'a bare Service of a type the 007 format does not define is refused by addService (agora-token packs it)',
  'agora-token/AccessToken2Test.js AccessToken_Test_unknownServiceBeforeKnownService':
    'a bare Service of a type the 007 format does not define is refused by addService (agora-token packs it)',
  'agora-token/AccessToken2Test.js AccessToken_Test_invalidBuildAndParseInputs':
    "build() throws an error naming the problem where agora-token returns ''",
}

/** A 007 token as its inflated payload; anything else as it is. */
function comparable(v) {
  if (typeof v !== 'string' || !v.startsWith('007') || v.length < 8) return v
  try {
    return `007 payload ${zlib.inflateSync(Buffer.from(v.slice(3), 'base64')).toString('hex')}`
  } catch {
    return v
  }
}

/** nodeunit's `test` object, recording failures instead of throwing. */
function recorder() {
  const failures = []
  const check = (f) => {
    try {
      f()
    } catch (e) {
      failures.push(e.message.split('\n')[0])
    }
  }
  const t = {
    done: () => (t.finished = true),
    finished: false,
    failures,
    equal: (a, b, m) => check(() => looseAssert.equal(comparable(a), comparable(b), m)),
    strictEqual: (a, b, m) => check(() => looseAssert.strictEqual(comparable(a), comparable(b), m)),
    deepEqual: (a, b, m) => check(() => looseAssert.deepEqual(a, b, m)),
    ok: (a, m) => check(() => looseAssert.ok(a, m)),
  }
  return t
}

/** Runs a CommonJS file of the references with `load` resolving its requires; its exports. */
function evaluate(file, load) {
  const module = { exports: {} }
  new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'))(module.exports, load, module, file, path.dirname(file))
  return module.exports
}

/** Runs one test file's exported tests with `load` resolving its requires; name -> failures. */
function runFile(file, load) {
  const results = {}
  for (const [name, body] of Object.entries(evaluate(file, load))) {
    if (typeof body !== 'function') continue
    // Tests of the reference's private byte-buffer helpers compile its source file itself.
    if (/_compile\(/.test(body.toString())) continue
    const t = recorder()
    try {
      body(t)
    } catch (e) {
      t.failures.push(`threw ${e && e.message}`)
    }
    if (!t.finished && t.failures.length === 0) t.failures.push('did not call test.done()')
    results[name] = t.failures
  }
  return results
}

/** A require for the reference's own files (as the suite runs upstream). */
function referenceRequire(file) {
  const base = require('node:module').createRequire(file)
  return (request) => base(request)
}

/** A require that gives a test file this package instead of the reference. */
function oursRequire(file, pkg) {
  const base = require('node:module').createRequire(file)
  return (request) => {
    const src = /^\.\.\/src\/(\w+)(\.js)?$/.exec(request)
    if (src) return require(`agora-token-native/src/${src[1]}`)
    if (request === '../index' || request === '../index.js' || request === '..') return ours[pkg]
    return base(request)
  }
}

/** Runs a suite with console output held back (the references log the errors they catch). */
function quietly(f) {
  const saved = [console.log, console.error]
  console.log = console.error = () => {}
  try {
    return f()
  } finally {
    ;[console.log, console.error] = saved
  }
}

const outcomes = []
for (const pkg of ['agora-token', 'agora-access-token']) {
  const dir = path.join(ROOT, 'node_modules', pkg, 'test')
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const file = path.join(dir, f)
    const reference = quietly(() => runFile(file, referenceRequire(file)))
    const mine = quietly(() => runFile(file, oursRequire(file, pkg)))
    for (const name of Object.keys(reference)) {
      outcomes.push({ id: `${pkg}/${f} ${name}`, reference: reference[name], ours: mine[name] })
    }
  }
}

test('the reference packages ship their test suites, and most of the tests pass against them', () => {
  const passing = outcomes.filter((o) => o.reference.length === 0)
  assert.ok(outcomes.length >= 60, `only ${outcomes.length} reference tests found`)
  assert.ok(passing.length >= 55, `only ${passing.length} reference tests pass against the reference`)
  assert.ok(outcomes.some((o) => o.id.startsWith('agora-access-token/')))
})

test("every reference test that passes against the reference passes against this package's subpaths", () => {
  const broken = outcomes
    .filter((o) => o.reference.length === 0 && o.ours.length > 0 && !(o.id in DEVIATIONS))
    .map((o) => `${o.id}: ${o.ours.join('; ')}`)
  assert.deepEqual(broken, [])
})

test('each listed deviation is a test that passes against the reference and fails here', () => {
  for (const [id, why] of Object.entries(DEVIATIONS)) {
    const o = outcomes.find((x) => x.id === id)
    assert.ok(o, `${id} is not in the reference suites any more`)
    assert.deepEqual(o.reference, [], `${id} fails against the reference too`)
    assert.notDeepEqual(o.ours, [], `${id} passes now (${why}): drop it from DEVIATIONS`)
  }
})

test('the subpaths are the package entries themselves', () => {
  const main = require('agora-token-native')
  const legacy = require('agora-token-native/legacy')
  assert.equal(require('agora-token-native/src/AccessToken2').AccessToken2, main.AccessToken2)
  assert.equal(require('agora-token-native/src/AccessToken2.js').ServiceRtc, main.ServiceRtc)
  assert.equal(require('agora-token-native/src/RtcTokenBuilder2').RtcTokenBuilder, main.RtcTokenBuilder)
  assert.equal(require('agora-token-native/src/RtcTokenBuilder').RtcTokenBuilder, legacy.RtcTokenBuilder)
  assert.equal(require('agora-token-native/src/AccessToken').AccessToken, legacy.AccessToken)
})

test("each subpath exports every name of the references' module of that path, with the same constants", () => {
  for (const pkg of ['agora-token', 'agora-access-token']) {
    const dir = path.join(ROOT, 'node_modules', pkg, 'src')
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const theirs = require(path.join(dir, f))
      const mine = require(`agora-token-native/src/${f}`)
      for (const [name, value] of Object.entries(theirs)) {
        assert.ok(name in mine, `agora-token-native/src/${f} lacks ${name} (${pkg})`)
        assert.equal(typeof mine[name], typeof value, `${f} ${name}`)
        if (typeof value !== 'function' && typeof value !== 'object') assert.equal(mine[name], value, `${f} ${name}`)
        if (typeof value === 'object' && !['priviledges'].includes(name)) assert.deepEqual({ ...mine[name] }, { ...value }, `${f} ${name}`)
      }
    }
  }
  // agora-token's 006 `priviledges` names 5 of the 14 agora-access-token's does, with the same numbers.
  const five = require(path.join(ROOT, 'node_modules/agora-token/src/AccessToken.js')).priviledges
  const all = require(path.join(ROOT, 'node_modules/agora-access-token/src/AccessToken.js')).priviledges
  assert.deepEqual({ ...require('agora-token-native/src/AccessToken').priviledges }, { ...all })
  for (const [k, v] of Object.entries(five)) assert.equal(all[k], v)
})

// The references' sample scripts, the way their READMEs run them (AGORA_APP_ID and
// AGORA_APP_CERTIFICATE set), once on the reference and once on this package: the same lines,
// and each token the same apart from its random salt and issue time.
test("the references' sample scripts print the same tokens through this package's subpaths", () => {
  const env = { AGORA_APP_ID: '970CA35de60c44645bbae8a215061b33', AGORA_APP_CERTIFICATE: '5CFd2fd1755d40ecb72977518be15d3b' }
  const saved = { ...process.env }
  Object.assign(process.env, env)
  const { decodeToken } = ours['agora-token']
  const tokenView = (line) => {
    const m = /(00[1-7]\S{20,})$/.exec(line)
    if (!m) return line
    const d = decodeToken(m[1])
    // The salt and issue time are random or the clock's; the rest must agree.
    for (const k of ['salt', 'issueTs', 'ts']) delete d[k]
    return `${line.slice(0, m.index)}${JSON.stringify(d)}`
  }
  const run = (file, load) => {
    const lines = []
    const saved = console.log
    console.log = (...a) => lines.push(a.join(' '))
    try {
      evaluate(file, load)
    } finally {
      console.log = saved
    }
    return lines.map(tokenView)
  }
  let tokens = 0
  try {
    for (const pkg of ['agora-token', 'agora-access-token']) {
      const dir = path.join(ROOT, 'node_modules', pkg, 'sample')
      for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
        const file = path.join(dir, f)
        const theirs = run(file, referenceRequire(file))
        const mine = run(file, oursRequire(file, pkg))
        assert.deepEqual(mine, theirs, `${pkg}/sample/${f}`)
        tokens += mine.filter((l) => l.includes('"version"')).length
      }
    }
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
  assert.ok(tokens >= 25, `only ${tokens} sample tokens compared`)
})
