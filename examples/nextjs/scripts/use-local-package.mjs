// Inside this repository, package.json depends on "agora-token-native": "file:../..", which npm
// installs as a symlink to the repository root. Next.js (Turbopack) treats a symlinked package
// outside node_modules as source code and bundles it, even when it is listed in
// serverExternalPackages, and a bundler cannot pack the native addon (.node).
// So replace the symlink by a copy of the package as npm would install it from the registry:
// its package.json, the files it publishes, and the locally built addon (*.node).
//
// Not needed in your own app: `npm install agora-token-native` puts a real copy in node_modules.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..', '..')
const target = path.resolve(here, '..', 'node_modules', 'agora-token-native')

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const addons = fs.readdirSync(root).filter((f) => f.endsWith('.node'))
if (addons.length === 0) {
  console.error(`No built addon (*.node) in ${root}: run \`npm run build\` there first.`)
  process.exit(1)
}
const files = new Set(['package.json', ...(pkg.files || []), ...addons])

fs.rmSync(target, { recursive: true, force: true })
fs.mkdirSync(target, { recursive: true })
for (const f of files) {
  const from = path.join(root, f)
  if (fs.existsSync(from)) fs.cpSync(from, path.join(target, f), { recursive: true })
}
console.log(`agora-token-native: copied ${[...files].filter((f) => fs.existsSync(path.join(target, f))).join(', ')} into node_modules`)

// The WebAssembly package (npm/wasm32-wasi, laid out by `npm run build:wasm`) for the Edge
// route app/api/edge-token. An app gets it from the registry as an optional dependency.
const wasmPkg = path.join(root, 'npm', 'wasm32-wasi')
const wasmTarget = path.resolve(here, '..', 'node_modules', 'agora-token-native-wasm32-wasi')
if (!fs.existsSync(path.join(wasmPkg, 'agora-token-native.wasm32-wasi.wasm'))) {
  console.error(`No WebAssembly build in ${wasmPkg}: run \`npm run build:wasm\` in ${root} first.`)
  process.exit(1)
}
const wasmManifest = JSON.parse(fs.readFileSync(path.join(wasmPkg, 'package.json'), 'utf8'))
fs.rmSync(wasmTarget, { recursive: true, force: true })
fs.mkdirSync(wasmTarget, { recursive: true })
for (const f of ['package.json', ...wasmManifest.files]) {
  if (fs.existsSync(path.join(wasmPkg, f))) fs.cpSync(path.join(wasmPkg, f), path.join(wasmTarget, f))
}
console.log('agora-token-native-wasm32-wasi: copied into node_modules')
