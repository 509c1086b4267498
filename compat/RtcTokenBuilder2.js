'use strict'
// agora-token-native/src/RtcTokenBuilder2: what the reference packages' module of this path
// exports (the 007 RTC builder), by the same names. The same objects as the package's main
// entry.
const m = require('../index.js')

exports.RtcTokenBuilder = m.RtcTokenBuilder
exports.Role = m.RtcRole
