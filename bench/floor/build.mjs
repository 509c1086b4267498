// Builds the benchmark's floor addon (bench/floor) and copies it to bench/floor/floor.node.
//   node bench/floor/build.mjs
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
execFileSync('cargo', ['build', '--release', '--manifest-path', path.join(here, 'Cargo.toml')], { stdio: 'inherit' })
const name = { darwin: 'libagora_token_bench_floor.dylib', win32: 'agora_token_bench_floor.dll' }[process.platform] ?? 'libagora_token_bench_floor.so'
fs.copyFileSync(path.join(here, 'target', 'release', name), path.join(here, 'floor.node'))
console.log(`wrote ${path.join(here, 'floor.node')}`)
