// Run by wasm-node.test.mjs in a Node started with --disallow-code-generation-from-strings,
// where the WebAssembly binding cannot compile decodeToken's object builder itself (as in
// workerd): prints what `__provideAssembler` did, as JSON. With the argument `edge`, the
// agora-token-native/edge entry is imported first, which hands the builder over at load.
import binding from 'agora-token-native-wasm32-wasi/instance'
import assemble007 from '../../assemble.mjs'

const viaEdge = process.argv[2] === 'edge'
if (viaEdge) await import('../../edge.mjs')
const token = binding.RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'demo', 42, 1, 3600)
let calls = 0
const spy = (text) => {
  calls++
  return assemble007(text)
}
const out = { enumerable: Object.keys(binding).includes('__provideAssembler'), before: binding.decodeToken(token) }
out.notAFunction = binding.__provideAssembler(42)
out.first = binding.__provideAssembler(spy)
out.second = binding.__provideAssembler(spy)
out.after = binding.decodeToken(token)
out.calls = calls
process.stdout.write(JSON.stringify(out))
