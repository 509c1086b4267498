// agora-token-native as an ES module: the same objects as index.js (the generated
// CommonJS loader), re-exported by name so that
// `import { RtcTokenBuilder } from 'agora-token-native'` works in Node and bundlers.
// __test__/esm.test.mjs checks that this list equals Object.keys(require('./index.js')).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const native = require('./index.js')

export const __napiBindingTarget = native.__napiBindingTarget
export const AccessToken2 = native.AccessToken2
export const ApaasTokenBuilder = native.ApaasTokenBuilder
export const ChatTokenBuilder = native.ChatTokenBuilder
export const ConvoAITokenBuilder = native.ConvoAITokenBuilder
export const decodeLegacyKey = native.decodeLegacyKey
export const decodeToken = native.decodeToken
export const diagnoseToken = native.diagnoseToken
export const EducationTokenBuilder = native.EducationTokenBuilder
export const FpaTokenBuilder = native.FpaTokenBuilder
export const kApaasServiceType = native.kApaasServiceType
export const kChatServiceType = native.kChatServiceType
export const kConvoAIServiceType = native.kConvoAIServiceType
export const kFCdnServiceType = native.kFCdnServiceType
export const kFpaServiceType = native.kFpaServiceType
export const kRtcServiceType = native.kRtcServiceType
export const kRtm2ServiceType = native.kRtm2ServiceType
export const kRtmServiceType = native.kRtmServiceType
export const kStreamingServiceType = native.kStreamingServiceType
export const kSttServiceType = native.kSttServiceType
export const LegacyDynamicKey1 = native.LegacyDynamicKey1
export const LegacyDynamicKey2 = native.LegacyDynamicKey2
export const LegacyDynamicKey3 = native.LegacyDynamicKey3
export const LegacyDynamicKey4 = native.LegacyDynamicKey4
export const legacyAccessTokenDefaults = native.legacyAccessTokenDefaults
export const legacyBuildAccessToken = native.legacyBuildAccessToken
export const LegacyDynamicKey5 = native.LegacyDynamicKey5
export const LegacyPrivileges = native.LegacyPrivileges
export const LegacyRtcRole = native.LegacyRtcRole
export const LegacyRtcTokenBuilder = native.LegacyRtcTokenBuilder
export const LegacyRtmRole = native.LegacyRtmRole
export const LegacyRtmTokenBuilder = native.LegacyRtmTokenBuilder
export const LegacySignalingToken = native.LegacySignalingToken
export const legacyReadAccessToken = native.legacyReadAccessToken
export const RtcRole = native.RtcRole
export const RtcTokenBuilder = native.RtcTokenBuilder
export const Rtm2Permissions = native.Rtm2Permissions
export const RtmTokenBuilder = native.RtmTokenBuilder
export const Service = native.Service
export const ServiceApaas = native.ServiceApaas
export const ServiceChat = native.ServiceChat
export const ServiceConvoAI = native.ServiceConvoAI
export const ServiceFCdn = native.ServiceFCdn
export const ServiceFpa = native.ServiceFpa
export const ServiceRtc = native.ServiceRtc
export const ServiceRtm = native.ServiceRtm
export const ServiceRtm2 = native.ServiceRtm2
export const ServiceStreaming = native.ServiceStreaming
export const ServiceStt = native.ServiceStt
export const SttTokenBuilder = native.SttTokenBuilder
export const verifyLegacyKey = native.verifyLegacyKey
export const verifyToken = native.verifyToken
export default native
