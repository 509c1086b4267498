// The binding from the .wasm imported as a module (a WebAssembly.Module): what Cloudflare
// Workers (workerd, wrangler) and bundlers configured for WebAssembly modules provide.
import wasmModule from './agora-token-native.wasm32-wasi.wasm'
import { instantiate } from './instantiate.mjs'

export default instantiate(wasmModule)
