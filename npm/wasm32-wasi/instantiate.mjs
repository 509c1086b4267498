// Instantiates the agora-token-native WebAssembly module on the calling thread, for
// runtimes without Node's module loader (Cloudflare Workers, Vercel Edge, Deno, browsers).
//
// Unlike the generated loaders (agora-token-native.wasi.cjs / .wasi-browser.js) it starts no
// Worker and reads no file: the caller hands over a compiled WebAssembly.Module. The binding
// never spawns a thread or queues async work, so none is needed. It imports emnapi (the
// Node-API in JavaScript) and nothing else: the seven WASI functions the module calls are
// below, which spares loading a whole WASI implementation at every cold start.
import { instantiateNapiModuleSync } from '@emnapi/core'
import { createContext } from '@emnapi/runtime'

/**
 * The WASI preview1 functions the module imports (`WebAssembly.Module.imports`): random
 * bytes for salts, the clock for issue times, stdout and stderr (a panic's message), and
 * an empty environment. Any other WASI call would fail to link, at instantiation.
 * @param {WebAssembly.Memory} memory
 * @param {(bytes: Uint8Array) => void} getRandomValues
 */
function wasi(memory, getRandomValues) {
  const SUCCESS = 0
  const BADF = 8
  const INVAL = 28
  const view = () => new DataView(memory.buffer)
  const decoder = new TextDecoder()
  const pending = { 1: '', 2: '' }
  const wasiImport = {
    random_get(ptr, len) {
      // getRandomValues takes at most 65536 bytes, and no view of shared memory.
      for (let done = 0; done < len; done += 65536) {
        const chunk = new Uint8Array(Math.min(65536, len - done))
        getRandomValues(chunk)
        new Uint8Array(memory.buffer).set(chunk, ptr + done)
      }
      return SUCCESS
    },
    clock_time_get(id, _precision, out) {
      // Nanoseconds: 0 is the wall clock, 1 a monotonic one.
      let ns
      if (id === 0) ns = BigInt(Date.now()) * 1000000n
      else if (id === 1) ns = BigInt(Math.round(performance.now() * 1e6))
      else return INVAL
      view().setBigUint64(out, ns, true)
      return SUCCESS
    },
    fd_write(fd, iovs, count, written) {
      if (fd !== 1 && fd !== 2) return BADF
      const v = view()
      let total = 0
      for (let i = 0; i < count; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true)
        const len = v.getUint32(iovs + 8 * i + 4, true)
        // A copy: TextDecoder takes no view of shared memory either.
        pending[fd] += decoder.decode(new Uint8Array(memory.buffer).slice(ptr, ptr + len))
        total += len
      }
      // Whole lines, as the console prints them.
      const end = pending[fd].lastIndexOf('\n')
      if (end >= 0) {
        ;(fd === 1 ? console.log : console.error)(pending[fd].slice(0, end))
        pending[fd] = pending[fd].slice(end + 1)
      }
      v.setUint32(written, total, true)
      return SUCCESS
    },
    environ_sizes_get(count, size) {
      const v = view()
      v.setUint32(count, 0, true)
      v.setUint32(size, 0, true)
      return SUCCESS
    },
    environ_get() {
      return SUCCESS
    },
    sched_yield() {
      return SUCCESS
    },
    proc_exit(code) {
      throw new Error(`agora-token-native: the WebAssembly module exited with code ${code}`)
    },
  }
  return {
    wasiImport,
    initialize(instance) {
      instance.exports._initialize()
    },
  }
}

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
 * @param {{ getRandomValues?: (bytes: Uint8Array) => void }} [options] where random bytes
 *   come from: the global `crypto.getRandomValues` unless given (Node.js 18 has no global
 *   `crypto`; node.mjs passes `node:crypto`'s)
 */
export function instantiate(wasmModule, { getRandomValues = (bytes) => crypto.getRandomValues(bytes) } = {}) {
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
    wasi: wasi(memory, getRandomValues),
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
