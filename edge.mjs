// agora-token-native for runtimes without Node's addon loader: Cloudflare Workers (workerd),
// Vercel / Next.js Edge, Deno, browsers. The binding is the WebAssembly build (package
// agora-token-native-wasm32-wasi), instantiated on this thread from a WebAssembly.Module: no
// Worker, no file system. Which loader the `./instance` import picks follows the runtime's
// export conditions (see that package's package.json). Same names and types as index.mjs.
import binding from 'agora-token-native-wasm32-wasi/instance'
import { createApi } from './api.mjs'

const api = createApi(binding, 'wasm32-wasi')

export const __napiBindingTarget = api.__napiBindingTarget
export const AccessToken2 = api.AccessToken2
export const ApaasTokenBuilder = api.ApaasTokenBuilder
export const ChatTokenBuilder = api.ChatTokenBuilder
export const ConvoAITokenBuilder = api.ConvoAITokenBuilder
export const decodeLegacyKey = api.decodeLegacyKey
export const decodeToken = api.decodeToken
export const diagnoseToken = api.diagnoseToken
export const EducationTokenBuilder = api.EducationTokenBuilder
export const FpaTokenBuilder = api.FpaTokenBuilder
export const kApaasServiceType = api.kApaasServiceType
export const kChatServiceType = api.kChatServiceType
export const kConvoAIServiceType = api.kConvoAIServiceType
export const kFCdnServiceType = api.kFCdnServiceType
export const kFpaServiceType = api.kFpaServiceType
export const kRtcServiceType = api.kRtcServiceType
export const kRtm2ServiceType = api.kRtm2ServiceType
export const kRtmServiceType = api.kRtmServiceType
export const kStreamingServiceType = api.kStreamingServiceType
export const kSttServiceType = api.kSttServiceType
export const LegacyDynamicKey1 = api.LegacyDynamicKey1
export const LegacyDynamicKey2 = api.LegacyDynamicKey2
export const LegacyDynamicKey3 = api.LegacyDynamicKey3
export const LegacyDynamicKey4 = api.LegacyDynamicKey4
export const legacyAccessTokenDefaults = api.legacyAccessTokenDefaults
export const legacyBuildAccessToken = api.legacyBuildAccessToken
export const LegacyDynamicKey5 = api.LegacyDynamicKey5
export const LegacyPrivileges = api.LegacyPrivileges
export const LegacyRtcRole = api.LegacyRtcRole
export const LegacyRtcTokenBuilder = api.LegacyRtcTokenBuilder
export const LegacyRtmRole = api.LegacyRtmRole
export const LegacyRtmTokenBuilder = api.LegacyRtmTokenBuilder
export const LegacySignalingToken = api.LegacySignalingToken
export const legacyReadAccessToken = api.legacyReadAccessToken
export const RtcRole = api.RtcRole
export const RtcTokenBuilder = api.RtcTokenBuilder
export const Rtm2Permissions = api.Rtm2Permissions
export const RtmTokenBuilder = api.RtmTokenBuilder
export const Service = api.Service
export const ServiceApaas = api.ServiceApaas
export const ServiceChat = api.ServiceChat
export const ServiceConvoAI = api.ServiceConvoAI
export const ServiceFCdn = api.ServiceFCdn
export const ServiceFpa = api.ServiceFpa
export const ServiceRtc = api.ServiceRtc
export const ServiceRtm = api.ServiceRtm
export const ServiceRtm2 = api.ServiceRtm2
export const ServiceStreaming = api.ServiceStreaming
export const ServiceStt = api.ServiceStt
export const SttTokenBuilder = api.SttTokenBuilder
export const verifyLegacyKey = api.verifyLegacyKey
export const verifyToken = api.verifyToken
export default api
