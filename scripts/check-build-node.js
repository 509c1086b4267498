// Runs before `napi build` (npm run build, build:debug, prepare): building from source needs
// the Node.js versions that the pinned @napi-rs/cli runs on, which are newer than the ones the
// installed package runs on (engines: >=18). On an older Node this stops with one clear line
// instead of a stack trace from inside the CLI's dependencies.
// Written in plain CommonJS so that any Node version can run it.
'use strict'
const path = require('path')

let cli
try {
  cli = require(path.join(__dirname, '..', 'node_modules', '@napi-rs', 'cli', 'package.json'))
} catch (e) {
  console.error('agora-token-native: @napi-rs/cli is not installed: run `npm install` (or `npm ci`) first')
  process.exit(1)
}
const range = (cli.engines && cli.engines.node) || ''

function parse(v) {
  return v.replace(/^v/, '').split('.').map((n) => parseInt(n, 10) || 0)
}
function cmp(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0)
  return 0
}
/** A node-semver subset: "^a.b.c || >=d.e.f || a.b.c". */
function satisfies(version, spec) {
  const v = parse(version)
  return spec.split('||').some((part) => {
    const p = part.trim()
    if (!p) return false
    if (p.startsWith('>=')) return cmp(v, parse(p.slice(2))) >= 0
    if (p.startsWith('^')) {
      const min = parse(p.slice(1))
      return v[0] === min[0] && cmp(v, min) >= 0
    }
    return cmp(v, parse(p)) === 0
  })
}

/** The one-line refusal for `version`, or null when that Node.js runs the build. */
function refusal(version) {
  if (!range || satisfies(version, range)) return null
  return (
    `agora-token-native: building the addon from source needs Node.js ${range.replace(/ \|\| /g, ' or ')} ` +
    `(the range of @napi-rs/cli ${cli.version}, which runs the build); this is Node.js ${version}. ` +
    'Build with a newer Node.js; the built or installed package itself runs on Node.js 18 and later.'
  )
}

if (require.main === module) {
  const message = refusal(process.version)
  if (message) {
    console.error(message)
    process.exit(1)
  }
}
module.exports = { satisfies, refusal, range }
