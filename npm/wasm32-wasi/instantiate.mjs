// Instantiates the agora-token-native WebAssembly module on the calling thread, for
// runtimes without Node's module loader (Cloudflare Workers, Vercel Edge, Deno, browsers).
//
// Unlike the generated loaders (agora-token-native.wasi.cjs / .wasi-browser.js) it starts no
// Worker and reads no file: the caller hands over a compiled WebAssembly.Module. The binding
// never spawns a thread or queues async work, so none is needed.
import { getDefaultContext, instantiateNapiModuleSync, WASI } from '@napi-rs/wasm-runtime'

/**
 * The binding's exports (every function, class and constant of the native addon) from a
 * compiled `WebAssembly.Module` of agora-token-native.wasm32-wasi.wasm.
 * @param {WebAssembly.Module} wasmModule
 */
export function instantiate(wasmModule) {
  if (!(wasmModule instanceof WebAssembly.Module)) {
    throw new TypeError('wasmModule must be a WebAssembly.Module compiled from agora-token-native.wasm32-wasi.wasm')
  }
  // The module is built for wasm32-wasip1-threads, so it imports a shared memory.
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true })
  const { napiModule } = instantiateNapiModuleSync(wasmModule, {
    context: getDefaultContext(),
    asyncWorkPoolSize: 0,
    // No preopened directories, no environment, no arguments: the binding needs none.
    wasi: new WASI({ version: 'preview1' }),
    overwriteImports(imports) {
      imports.env = { ...imports.env, ...imports.napi, ...imports.emnapi, memory }
      return imports
    },
    beforeInit({ instance }) {
      for (const name of Object.keys(instance.exports)) {
        if (name.startsWith('__napi_register__')) instance.exports[name]()
      }
    },
  })
  return napiModule.exports
}
