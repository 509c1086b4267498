// Deno, the native addon through the package's ES module entry (index.mjs -> index.js).
import * as mod from '../../index.mjs'
import { report } from './probe-lib.mjs'

console.log(report(mod))
