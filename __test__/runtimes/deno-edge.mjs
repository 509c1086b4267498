// Deno, the WebAssembly entry, imported statically (a static import needs no permission; the
// .wasm fetched next to the loader needs read access to that one folder).
import * as mod from '../../edge.mjs'
import { report } from './probe-lib.mjs'

console.log(report(mod))
