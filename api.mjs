// The public API built from a loaded binding: the one place where every exported name of
// agora-token-native is taken from the binding's exports object. The WebAssembly entry
// (edge.mjs) goes through it; JavaScript wrappers that must apply to every build belong here.
//
import shapeServices from './shape.mjs'
import assemble007 from './assemble.mjs'

// __test__/runtimes/wasm-node.test.mjs checks that NAMES equals Object.keys(require('./index.js')).

/** Every name the package exports, in the order of index.mjs. */
export const NAMES = Object.freeze([
  '__napiBindingTarget',
  'AccessToken2',
  'ApaasTokenBuilder',
  'ChatTokenBuilder',
  'ConvoAITokenBuilder',
  'decodeLegacyKey',
  'decodeToken',
  'diagnoseToken',
  'EducationTokenBuilder',
  'FpaTokenBuilder',
  'kApaasServiceType',
  'kChatServiceType',
  'kConvoAIServiceType',
  'kFCdnServiceType',
  'kFpaServiceType',
  'kRtcServiceType',
  'kRtm2ServiceType',
  'kRtmServiceType',
  'kStreamingServiceType',
  'kSttServiceType',
  'LegacyDynamicKey1',
  'LegacyDynamicKey2',
  'LegacyDynamicKey3',
  'LegacyDynamicKey4',
  'legacyAccessTokenDefaults',
  'legacyBuildAccessToken',
  'LegacyDynamicKey5',
  'LegacyPrivileges',
  'LegacyRtcRole',
  'LegacyRtcTokenBuilder',
  'LegacyRtmRole',
  'LegacyRtmTokenBuilder',
  'LegacySignalingToken',
  'legacyReadAccessToken',
  'RtcRole',
  'RtcTokenBuilder',
  'Rtm2Permissions',
  'RtmTokenBuilder',
  'Service',
  'ServiceApaas',
  'ServiceChat',
  'ServiceConvoAI',
  'ServiceFCdn',
  'ServiceFpa',
  'ServiceRtc',
  'ServiceRtm',
  'ServiceRtm2',
  'ServiceStreaming',
  'ServiceStt',
  'SttTokenBuilder',
  'verifyLegacyKey',
  'verifyToken',
])

/**
 * The package's exports from a binding's exports object (the native addon's or the
 * WebAssembly instance's).
 * @param {Record<string, unknown>} binding
 * @param {string} target what `__napiBindingTarget` reports, e.g. 'wasm32-wasi'
 */
export function createApi(binding, target) {
  // agora-token's class shape, where the binding could not give it itself (no eval).
  shapeServices(binding)
  // decodeToken's object builder, which such a binding could not compile either.
  if (typeof binding.__provideAssembler === 'function') binding.__provideAssembler(assemble007)
  const api = {}
  for (const name of NAMES) {
    if (name === '__napiBindingTarget') {
      api[name] = target
      continue
    }
    if (!(name in binding)) throw new Error(`agora-token-native: the loaded binding has no export ${name}; rebuild it`)
    api[name] = binding[name]
  }
  return Object.freeze(api)
}
