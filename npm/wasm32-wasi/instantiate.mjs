// Instantiates the agora-token-native WebAssembly module on the calling thread, for
// runtimes without Node's module loader (Cloudflare Workers, Vercel Edge, Deno, browsers).
//
// Unlike the generated loaders (agora-token-native.wasi.cjs / .wasi-browser.js) it starts no
// Worker and reads no file: the caller hands over a compiled WebAssembly.Module. The binding
// never spawns a thread or queues async work, so none is needed.
import { createContext } from '@emnapi/runtime'
import { instantiateNapiModuleSync, WASI } from '@napi-rs/wasm-runtime'

/**
 * emnapi's context. Where a global `process` with `once` exists, emnapi also makes a
 * MessageChannel port to keep Node's event loop alive while async work is pending; the
 * binding has no async work, and Next.js's Edge sandbox has a `process` object but a
 * MessageChannel that throws when constructed. There the context is made with the global
 * `process` hidden for that one synchronous call.
 */
function makeContext() {
  try {
    return createContext()
  } catch (error) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')
    if (!descriptor || !descriptor.configurable) throw error
    try {
      Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true })
      return createContext()
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor)
    }
  }
}

/**
 * The binding's exports (every function, class and constant of the native addon) from a
 * compiled `WebAssembly.Module` of agora-token-native.wasm32-wasi.wasm.
 * @param {WebAssembly.Module} wasmModule
 */
export function instantiate(wasmModule) {
  // Not `instanceof`: an edge sandbox (Next.js, Vercel) may hand over a Module of another realm.
  if (Object.prototype.toString.call(wasmModule) !== '[object WebAssembly.Module]') {
    throw new TypeError(
      `wasmModule must be a WebAssembly.Module compiled from agora-token-native.wasm32-wasi.wasm, got ${Object.prototype.toString.call(wasmModule)}`,
    )
  }
  if (!(wasmModule instanceof WebAssembly.Module)) {
    // A Module of another realm (Next.js compiles the .wasm outside the Edge sandbox): emnapi
    // tests `instanceof`, so give it this realm's prototype. The engine itself accepts any
    // realm's Module when instantiating.
    Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype)
  }
  // The module is built for wasm32-wasip1-threads, so it imports a shared memory.
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true })
  const { napiModule } = instantiateNapiModuleSync(wasmModule, {
    context: makeContext(),
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
