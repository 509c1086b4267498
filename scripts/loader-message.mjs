// Runs after `napi build`: makes the generated loader's "Cannot find native binding" error
// name the platform it looked for and say what to do, instead of only suggesting a
// reinstall, puts the cause that matters first, and makes NAPI_RS_FORCE_WASI=1 mean
// NAPI_RS_FORCE_WASI=true. The rest of index.js stays exactly as napi-rs generates it.
//
// The cause chain. The generated loader tries the native binary (a file next to index.js,
// then the platform package) and then the WebAssembly build (agora-token-native.wasi.cjs,
// then the agora-token-native-wasm32-wasi package), and chains every failure with the last
// one outermost: the WebAssembly failures would be printed first. Here the chain is
// rebuilt with the platform package outermost, then the local file, and the WebAssembly
// failures after them.
//
// The WebAssembly package. Whether it is part of this release is read from the tree: an
// npm/wasm32-wasi/package.json. Without it the WebAssembly failures are left out of the
// chain (no such package can be installed) and the message does not mention it; with it,
// they are kept, last, and the message says how to install it (npm never installs it on
// its own: its "cpu" is wasm32). Run `npm run build` again after adding or removing it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const file = path.join(root, 'index.js')

const wasmPackageDir = path.join(root, 'npm', 'wasm32-wasi')
const wasm = fs.existsSync(path.join(wasmPackageDir, 'package.json'))
const wasmPackage = wasm ? JSON.parse(fs.readFileSync(path.join(wasmPackageDir, 'package.json'), 'utf8')).name : null

/** The message and cause chain of a loader with no binding, as this script writes them. */
export function loaderBlock() {
  const lines = [
    "`Cannot find native binding. agora-token-native has no prebuilt binary installed for ${process.platform}-${process.arch}` +",
    "        (process.platform === 'linux' ? ` (${isMusl() ? 'musl' : 'glibc'})` : '') +",
    "        '. If your platform is listed under \"Supported platforms\" in the README, npm skipped the optional platform package: ' +",
    "        'remove node_modules and package-lock.json and run `npm i` again (npm bug https://github.com/npm/cli/issues/4828), ' +",
    wasm
      ? `        'and do not install with --omit=optional. Otherwise install the WebAssembly build (\`npm install ${wasmPackage}\`) ' +\n        'or build the addon from source: see "Building from source" in the README.',`
      : "        'and do not install with --omit=optional. Otherwise build the addon from source: see \"Building from source\" in the README.',",
  ]
  return lines.join('\n')
}

const chain = wasm
  ? `    // the platform package first, then the local file, then the WebAssembly build
    const isWasi = (e) => /wasi/.test(String(e && e.message))
    error.cause = createLoadErrorChain([...loadErrors.filter(isWasi).reverse(), ...loadErrors.filter((e) => !isWasi(e))])`
  : `    // the platform package first, then the local file (no WebAssembly build is published)
    error.cause = createLoadErrorChain(loadErrors.filter((e) => !/wasi/.test(String(e && e.message))))`

const generatedMessage =
  /`Cannot find native binding\. ` \+\n\s*`npm has a bug related to optional dependencies \(https:\/\/github\.com\/npm\/cli\/issues\/4828\)\. ` \+\n\s*'Please try `npm i` again after removing both package-lock\.json and node_modules directory\.',/
const generatedChain = /\n {4}error\.cause = createLoadErrorChain\(loadErrors\)\n {4}throw error\n/
const ourMessage = /`Cannot find native binding\. agora-token-native has no prebuilt binary installed for [\s\S]*?README\.',/
const ourChain = /\n {4}\/\/ the platform package first, then [^\n]*\n(?: {4}const isWasi[^\n]*\n)? {4}error\.cause = createLoadErrorChain\([^\n]*\n {4}throw error\n/

if (path.resolve(process.argv[1] || '') === fileURLToPath(import.meta.url)) {
  let src = fs.readFileSync(file, 'utf8')
  const before = src
  if (ourMessage.test(src)) src = src.replace(ourMessage, () => loaderBlock())
  else if (generatedMessage.test(src)) src = src.replace(generatedMessage, () => loaderBlock())
  else fail('the generated "Cannot find native binding" message')
  if (ourChain.test(src)) src = src.replace(ourChain, () => `\n${chain}\n    throw error\n`)
  else if (generatedChain.test(src)) src = src.replace(generatedChain, () => `\n${chain}\n    throw error\n`)
  else fail('the generated `error.cause = createLoadErrorChain(loadErrors)`')
  // NAPI_RS_FORCE_WASI=1 means what NAPI_RS_FORCE_WASI=true means (the WebAssembly build
  // first); the generated loader only knows 'true' and 'error'.
  const forceTrue = "process.env.NAPI_RS_FORCE_WASI === 'true' ||"
  const forceOne = "process.env.NAPI_RS_FORCE_WASI === 'true' || process.env.NAPI_RS_FORCE_WASI === '1' ||"
  if (!src.includes(forceOne)) {
    if (src.split(forceTrue).length !== 2) fail('the generated NAPI_RS_FORCE_WASI check')
    src = src.replace(forceTrue, forceOne)
  }
  if (src !== before) fs.writeFileSync(file, src)
  console.log(`index.js: loader message names the platform${wasm ? ` and ${wasmPackage}` : ''}${src === before ? ' (already in place)' : ''}`)
}

function fail(what) {
  console.error(`index.js: ${what} was not found; update scripts/loader-message.mjs`)
  process.exit(1)
}
