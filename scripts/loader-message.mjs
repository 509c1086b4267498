// Runs after `napi build`: makes the generated loader's "Cannot find native binding" error
// name the platform it looked for and say what to do, instead of only suggesting a
// reinstall, and makes NAPI_RS_FORCE_WASI=1 mean what NAPI_RS_FORCE_WASI=true means (load
// the WebAssembly build first; the generated loader only knows 'true' and 'error'). The rest
// of index.js stays exactly as napi-rs generates it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'index.js')
const src = fs.readFileSync(file, 'utf8')
const generated = /`Cannot find native binding\. ` \+\n\s*`npm has a bug related to optional dependencies \(https:\/\/github\.com\/npm\/cli\/issues\/4828\)\. ` \+\n\s*'Please try `npm i` again after removing both package-lock\.json and node_modules directory\.',/
const ours =
  "`Cannot find native binding. agora-token-native has no prebuilt binary installed for ${process.platform}-${process.arch}` +\n" +
  "        (process.platform === 'linux' ? ` (${isMusl() ? 'musl' : 'glibc'})` : '') +\n" +
  "        '. If your platform is listed under \"Supported platforms\" in the README, npm skipped the optional platform package: ' +\n" +
  "        'remove node_modules and package-lock.json and run `npm i` again (npm bug https://github.com/npm/cli/issues/4828), ' +\n" +
  "        'and do not install with --omit=optional. Otherwise build the addon from source: see \"Building from source\" in the README.',"
let out = src
if (out.includes('has no prebuilt binary installed for')) {
  console.log('index.js: loader message already in place')
} else if (generated.test(out)) {
  out = out.replace(generated, ours)
  console.log('index.js: loader message names the platform')
} else {
  console.error('index.js: the generated "Cannot find native binding" message was not found; update scripts/loader-message.mjs')
  process.exit(1)
}
const forceTrue = "process.env.NAPI_RS_FORCE_WASI === 'true' ||"
const forceOne = "process.env.NAPI_RS_FORCE_WASI === 'true' || process.env.NAPI_RS_FORCE_WASI === '1' ||"
if (!out.includes(forceOne)) {
  if (out.split(forceTrue).length !== 2) {
    console.error('index.js: the generated NAPI_RS_FORCE_WASI check was not found; update scripts/loader-message.mjs')
    process.exit(1)
  }
  out = out.replace(forceTrue, forceOne)
  console.log('index.js: NAPI_RS_FORCE_WASI=1 selects the WebAssembly build')
}
if (out !== src) fs.writeFileSync(file, out)
