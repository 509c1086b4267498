// `npm run build:wasm`: builds the binding for wasm32-wasip1-threads and lays out the
// WebAssembly package npm/wasm32-wasi as the release publishes it.
//
// 1. `rustup target add wasm32-wasip1-threads`, then `napi build --platform --release --target wasm32-wasip1-threads` writes the .wasm and
//    napi-rs's generated loaders (agora-token-native.wasi.cjs, .wasi-browser.js,
//    wasi-worker*.mjs) into the repository root; it also regenerates index.js, so
//    scripts/loader-message.mjs runs again.
// 2. Those files are copied into npm/wasm32-wasi (none of them is committed).
// 3. node_modules/agora-token-native-wasm32-wasi becomes a link to npm/wasm32-wasi, so that
//    this checkout resolves the package as an install from the registry would: the generated
//    index.js falls back to it, and edge.mjs imports it. (npm does not install it here by
//    itself: its package.json says cpu "wasm32"; `npm install`/`npm ci` remove the link, and
//    this script puts it back.)
// 4. esbuild bundles edge.mjs for browsers into npm/wasm32-wasi/agora-token-native.browser.js
//    (one ES module with the napi-rs runtime inside; it fetches the .wasm next to itself).
//
// --no-build skips step 1 (the release workflow builds in its own step).
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const pkgDir = path.join(root, 'npm', 'wasm32-wasi')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

if (!process.argv.includes('--no-build')) {
  // The Rust standard library for the target (a no-op once installed; CI starts without it).
  const rustup = spawnSync('rustup', ['target', 'add', 'wasm32-wasip1-threads'], { stdio: 'inherit' })
  if (rustup.error) console.warn(`build:wasm: rustup not found (${rustup.error.code}); assuming the wasm32-wasip1-threads target is installed`)
  else if (rustup.status !== 0) process.exit(rustup.status)
  execFileSync(npx, ['napi', 'build', '--platform', '--release', '--target', 'wasm32-wasip1-threads'], {
    cwd: root,
    // Optimised for size: the WebAssembly build must stay under its 300 kB gzipped budget
    // (opt-level 3 made 322 kB; "s" 272 kB, and measured as fast in Node: bench/wasm.mjs).
    env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: 's' },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  execFileSync(process.execPath, [path.join(root, 'scripts', 'loader-message.mjs')], { cwd: root, stdio: 'inherit' })
}

export const GENERATED = [
  'agora-token-native.wasm32-wasi.wasm',
  'agora-token-native.wasi.cjs',
  'agora-token-native.wasi.d.cts',
  'agora-token-native.wasi-browser.js',
  'wasi-worker.mjs',
  'wasi-worker-browser.mjs',
]
for (const f of GENERATED) {
  const from = path.join(root, f)
  if (!fs.existsSync(from)) {
    console.error(`build:wasm: ${f} is missing in ${root}; run \`npm run build:wasm\``)
    process.exit(1)
  }
  fs.copyFileSync(from, path.join(pkgDir, f))
}

const link = path.join(root, 'node_modules', 'agora-token-native-wasm32-wasi')
fs.rmSync(link, { recursive: true, force: true })
fs.symlinkSync(path.relative(path.dirname(link), pkgDir), link, 'junction')

const esbuild = await import('esbuild')
await esbuild.build({
  entryPoints: [path.join(root, 'edge.mjs')],
  outfile: path.join(pkgDir, 'agora-token-native.browser.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['browser'],
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
})

const wasm = fs.readFileSync(path.join(pkgDir, GENERATED[0]))
const { gzipSync } = await import('node:zlib')
console.log(`build:wasm: npm/wasm32-wasi ready (${GENERATED[0]}: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped)`)
