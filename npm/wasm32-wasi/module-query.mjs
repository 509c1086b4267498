// The binding from the .wasm imported with the `?module` suffix, which is how Next.js and
// Vercel Edge Functions hand a WebAssembly.Module to an edge route.
import wasmModule from './agora-token-native.wasm32-wasi.wasm?module'
import { instantiate } from './instantiate.mjs'

export default instantiate(wasmModule)
