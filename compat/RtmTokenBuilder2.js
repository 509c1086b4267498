'use strict'
// agora-token-native/src/RtmTokenBuilder2: what the reference packages' module of this path
// exports (the 007 RTM builder), by the same names. The same objects as the package's main
// entry.
const m = require('../index.js')

exports.RtmTokenBuilder = m.RtmTokenBuilder
