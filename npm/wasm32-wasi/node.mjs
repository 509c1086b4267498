// The binding from the .wasm read from disk (Node, Bun), on the calling thread.
import { webcrypto } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { instantiate } from './instantiate.mjs'

const wasmModule = new WebAssembly.Module(readFileSync(new URL('./agora-token-native.wasm32-wasi.wasm', import.meta.url)))

export default instantiate(wasmModule, { getRandomValues: (bytes) => webcrypto.getRandomValues(bytes) })
