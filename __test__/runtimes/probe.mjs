// Runs inside the runtime under test (Node 18-24, Bun): loads one entry of the package and
// prints report(entry) (probe-lib.mjs) as one JSON line.
//
// Usage: <runtime> probe.mjs <entry>, where <entry> is a path relative to this file, e.g.
// ../../index.js (the generated loader: native, or WebAssembly with NAPI_RS_FORCE_WASI) or
// ../../edge.mjs (the WebAssembly entry).
import { report } from './probe-lib.mjs'

const mod = await import(new URL(process.argv[2], import.meta.url).href)
console.log(report(mod))
