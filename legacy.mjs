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
export const priviledges = legacy.priviledges
export const version = legacy.version
export const Token = legacy.Token
export const Priviledges = legacy.Priviledges
export default legacy
