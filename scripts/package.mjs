#!/usr/bin/env node
// `npm run package`: writes installable tarballs to dist/:
//   - the main package (`npm pack`), with "optionalDependencies" on every platform
//     package at the same version, as `napi prepublish` adds them at release time
//     (they are not in the checked-in package.json: the platform packages are not on
//     the registry before the first release, and `npm ci` would fail on them);
//   - the platform package for this machine (npm/<platform>/) with the freshly built
//     addon and the LICENSE copied into a staging copy, so no .node file lands in npm/.
//
// Options:
//   --no-build   package the addon already built in the checkout instead of running
//                `npm run build` first (the release build, then scripts/loader-message.mjs,
//                so the packed index.js is the committed one, with its missing-binary message)
//   --json       print {"main": path, "platform": path, "platformName": name} on stdout
//
// Lifecycle scripts are not run when packing (`--ignore-scripts`): `prepare` builds the
// addon from source and belongs to the git checkout only.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')
const stage = path.join(dist, '.stage')
const args = new Set(process.argv.slice(2))
for (const a of args) {
  if (!['--no-build', '--json'].includes(a)) {
    console.error(`package.mjs: unknown option ${a} (expected --no-build, --json)`)
    process.exit(2)
  }
}
const json = args.has('--json')
const log = (msg) => (json ? process.stderr : process.stdout).write(msg + '\n')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const binaryName = pkg.napi.binaryName

/** napi-rs's platformArchABI for this machine: linux-x64-gnu, darwin-arm64, win32-x64-msvc... */
function hostPlatform() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const glibc = process.report?.getReport?.().header?.glibcVersionRuntime
    // 32-bit arm is built for the hard-float ABI only (armv7-unknown-linux-gnueabihf)
    if (arch === 'arm') return glibc ? 'linux-arm-gnueabihf' : 'linux-arm-musleabihf'
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function run(cmd, argv, cwd) {
  return execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' })
}

/** `npm pack` in `dir`, into dist/; returns the tarball's absolute path. */
function pack(dir) {
  const out = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dist], dir))
  return path.join(dist, out[0].filename)
}

const platformName = hostPlatform()
const platformDir = path.join(root, 'npm', platformName)
if (!fs.existsSync(path.join(platformDir, 'package.json'))) {
  throw new Error(`no npm/${platformName}/package.json: this machine's platform is not in package.json "napi.targets"`)
}
const nodeFile = `${binaryName}.${platformName}.node`

if (!args.has('--no-build')) {
  log('building the addon (npm run build)...')
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', json ? 2 : 'inherit', 'inherit'], shell: process.platform === 'win32' })
}
const builtAddon = path.join(root, nodeFile)
if (!fs.existsSync(builtAddon)) throw new Error(`${nodeFile} not found: run \`npm run build\` first (or drop --no-build)`)

fs.mkdirSync(dist, { recursive: true })
fs.rmSync(stage, { recursive: true, force: true })
for (const f of fs.readdirSync(dist)) if (f.endsWith('.tgz')) fs.rmSync(path.join(dist, f))

// --- the main package -------------------------------------------------------
// What npm would pack from the checkout ("files" + README/LICENSE + package.json),
// copied to a staging directory where package.json gets its optionalDependencies.
const listing = JSON.parse(run(npm, ['pack', '--dry-run', '--ignore-scripts', '--json'], root))[0].files.map((f) => f.path)
const addons = listing.filter((f) => f.endsWith('.node'))
if (addons.length) throw new Error(`the main package must not contain a .node binary: ${addons.join(', ')}`)
const mainStage = path.join(stage, 'main')
for (const f of listing) {
  fs.mkdirSync(path.dirname(path.join(mainStage, f)), { recursive: true })
  fs.copyFileSync(path.join(root, f), path.join(mainStage, f))
}
const targets = fs.readdirSync(path.join(root, 'npm')).filter((d) => fs.existsSync(path.join(root, 'npm', d, 'package.json')))
const optionalDependencies = {}
for (const t of targets.sort()) {
  const sub = JSON.parse(fs.readFileSync(path.join(root, 'npm', t, 'package.json'), 'utf8'))
  if (sub.version !== pkg.version) throw new Error(`npm/${t}/package.json has version ${sub.version}, the main package ${pkg.version}: run \`npx napi version\``)
  optionalDependencies[sub.name] = pkg.version
}
// `prepare` builds from source in the git checkout; npm does not run it for registry or
// tarball installs, but npm 11 still lists it as an unapproved install script, so the
// published manifest goes without it (the release workflow does the same).
const scripts = { ...pkg.scripts }
for (const s of ['prepare', 'preinstall', 'install', 'postinstall']) delete scripts[s]
const mainManifest = { ...pkg, scripts, optionalDependencies }
fs.writeFileSync(path.join(mainStage, 'package.json'), JSON.stringify(mainManifest, null, 2) + '\n')
const mainTarball = pack(mainStage)
log(`main package:     ${path.relative(root, mainTarball)}`)

// --- this machine's platform package ----------------------------------------
const platformStage = path.join(stage, platformName)
fs.mkdirSync(platformStage, { recursive: true })
for (const f of fs.readdirSync(platformDir)) {
  if (f.endsWith('.node')) continue
  fs.copyFileSync(path.join(platformDir, f), path.join(platformStage, f))
}
fs.copyFileSync(builtAddon, path.join(platformStage, nodeFile))
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(platformStage, 'LICENSE'))
const platformTarball = pack(platformStage)
log(`platform package: ${path.relative(root, platformTarball)}`)

fs.rmSync(stage, { recursive: true, force: true })
if (json) process.stdout.write(JSON.stringify({ main: mainTarball, platform: platformTarball, platformName }) + '\n')
