'use strict'
// agora-token-native/src/RtmTokenBuilder: what the reference packages' module of this path
// exports (the 006 RTM builder), by the same names. The same objects as the package's `legacy`
// entry.
const m = require('../legacy.js')

exports.RtmTokenBuilder = m.RtmTokenBuilder
exports.Role = m.RtmRole
