// agora-token-native/legacy as an ES module: the same objects as legacy.js.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const legacy = require('./legacy.js')

export const RtcTokenBuilder = legacy.RtcTokenBuilder
export const RtcRole = legacy.RtcRole
export const RtmTokenBuilder = legacy.RtmTokenBuilder
export const RtmRole = legacy.RtmRole
export const AccessToken = legacy.AccessToken
export const Privileges = legacy.Privileges
export const DynamicKey5 = legacy.DynamicKey5
export const decodeToken = legacy.decodeToken
export const verifyToken = legacy.verifyToken
// The keys older than DynamicKey5.
export const SignalingToken = legacy.SignalingToken
export const DynamicKey = legacy.DynamicKey
export const DynamicKey1 = legacy.DynamicKey1
export const DynamicKey2 = legacy.DynamicKey2
export const DynamicKey3 = legacy.DynamicKey3
export const DynamicKey4 = legacy.DynamicKey4
export const decodeLegacyKey = legacy.decodeLegacyKey
export const verifyLegacyKey = legacy.verifyLegacyKey
export const priviledges = legacy.priviledges
export const version = legacy.version
export const Token = legacy.Token
export const Priviledges = legacy.Priviledges
export default legacy
