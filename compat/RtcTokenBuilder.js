'use strict'
// agora-token-native/src/RtcTokenBuilder: what the reference packages' module of this path
// exports (the 006 RTC builder), by the same names. The same objects as the package's `legacy`
// entry.
const m = require('../legacy.js')

exports.RtcTokenBuilder = m.RtcTokenBuilder
exports.Role = m.RtcRole
