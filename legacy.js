'use strict'
// agora-token-native/legacy: the API of agora-access-token@2.0.4 (legacy "006" tokens
// and DynamicKey5), backed by the Rust addon. The natives carry a `Legacy` prefix
// because the 007 API already exports RtcTokenBuilder, RtmTokenBuilder and RtcRole.
const native = require('./index.js')

exports.RtcTokenBuilder = native.LegacyRtcTokenBuilder
exports.RtcRole = native.LegacyRtcRole
exports.RtmTokenBuilder = native.LegacyRtmTokenBuilder
exports.RtmRole = native.LegacyRtmRole
exports.AccessToken = native.LegacyAccessToken
exports.Privileges = native.LegacyPrivileges
exports.DynamicKey5 = native.LegacyDynamicKey5
exports.decodeToken = native.decodeToken
exports.verifyToken = native.verifyToken
// The keys older than DynamicKey5: the Signaling SDK's token and DynamicKey (v1) to DynamicKey4.
exports.SignalingToken = native.LegacySignalingToken
exports.DynamicKey = native.LegacyDynamicKey1
exports.DynamicKey1 = native.LegacyDynamicKey1
exports.DynamicKey2 = native.LegacyDynamicKey2
exports.DynamicKey3 = native.LegacyDynamicKey3
exports.DynamicKey4 = native.LegacyDynamicKey4
exports.decodeLegacyKey = native.decodeLegacyKey
exports.verifyLegacyKey = native.verifyLegacyKey
