// The binding from the .wasm fetched next to this file (browsers, Deno): one fetch, no
// Worker. In Deno the fetch of a file: URL needs read permission for this package only.
import { instantiate } from './instantiate.mjs'

const url = new URL('./agora-token-native.wasm32-wasi.wasm', import.meta.url)
const response = await fetch(url)
if (!response.ok) throw new Error(`agora-token-native: fetching ${url} failed with HTTP ${response.status}`)
const wasmModule = await WebAssembly.compile(await response.arrayBuffer())

export default instantiate(wasmModule)
