'use strict'
// agora-token-native/src/AccessToken2: what the reference packages' module of this path
// exports (the 007 token class, its services and the service type numbers), by the same names.
// The same objects as the package's main entry.
const m = require('../index.js')

exports.AccessToken2 = m.AccessToken2
exports.kRtcServiceType = m.kRtcServiceType
exports.kRtmServiceType = m.kRtmServiceType
exports.kStreamingServiceType = m.kStreamingServiceType
exports.kFpaServiceType = m.kFpaServiceType
exports.kChatServiceType = m.kChatServiceType
exports.kFCdnServiceType = m.kFCdnServiceType
exports.kApaasServiceType = m.kApaasServiceType
exports.kRtm2ServiceType = m.kRtm2ServiceType
exports.kConvoAIServiceType = m.kConvoAIServiceType
exports.kSttServiceType = m.kSttServiceType
exports.Rtm2Permissions = m.Rtm2Permissions
exports.Service = m.Service
exports.ServiceRtc = m.ServiceRtc
exports.ServiceRtm = m.ServiceRtm
exports.ServiceStreaming = m.ServiceStreaming
exports.ServiceFpa = m.ServiceFpa
exports.ServiceChat = m.ServiceChat
exports.ServiceFCdn = m.ServiceFCdn
exports.ServiceApaas = m.ServiceApaas
exports.ServiceRtm2 = m.ServiceRtm2
exports.ServiceConvoAI = m.ServiceConvoAI
exports.ServiceStt = m.ServiceStt
