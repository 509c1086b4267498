// Adds lockfile entries for optional platform packages (darwin, win32, musl, ... builds of
// dev tools such as @napi-rs/cli's helpers) that npm could not resolve when it wrote
// package-lock.json. Without them `npm ci` refuses the lock as out of sync. Each entry
// carries its os/cpu/libc, so npm skips it on every machine it does not fit.
// Usage: node scripts/complete-lockfile.mjs [package-lock.json]
import fs from 'node:fs'

const file = process.argv[2] ?? 'package-lock.json'
const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
const pk = lock.packages

const CPUS = { arm: 'arm', eabi: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' }

function platformOf(name) {
  const m = /-(android|darwin|freebsd|linux|win32|wasm32)-(.*)$/.exec(name.split('/').pop())
  if (!m) return null
  const [, os, rest] = m
  if (os === 'wasm32') return { cpu: ['wasm32'] }
  const parts = rest.split('-')
  const out = { os: [os], cpu: [CPUS[parts[0]] ?? parts[0]] }
  if (os === 'linux') {
    if (parts.includes('musl')) out.libc = ['musl']
    else if (parts.some((p) => p.startsWith('gnu'))) out.libc = ['glibc']
  }
  return out
}

// Where npm would find `dep` from the package at `key`: the nearest node_modules upward.
function resolves(key, dep) {
  let base = key
  for (;;) {
    if (`${base ? `${base}/` : ''}node_modules/${dep}` in pk) return true
    if (!base) return false
    const i = base.lastIndexOf('/node_modules/')
    base = i >= 0 ? base.slice(0, i) : ''
  }
}

const added = []
for (const [key, meta] of Object.entries(pk)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    if (resolves(key, dep)) continue
    const platform = platformOf(dep)
    if (!platform) continue
    // keys in the order npm writes such entries (version, then the rest alphabetically), so
    // that a later `npm install` leaves the file as it is
    const entry = { dev: meta.dev ? true : undefined, optional: true, ...platform }
    pk[`node_modules/${dep}`] = {
      version: spec.replace(/^[\^~=]/, ''),
      ...Object.fromEntries(Object.keys(entry).filter((k) => entry[k] !== undefined).sort().map((k) => [k, entry[k]])),
    }
    added.push(dep)
  }
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)))
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`added ${added.length} optional platform entries${added.length ? `: ${added.join(', ')}` : ''}`)
