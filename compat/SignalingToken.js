'use strict'
// agora-token-native/src/SignalingToken: what the reference packages' module of this path
// exports (the Signaling SDK token), by the same names. The same functions as `SignalingToken`
// of the package's `legacy` entry.
const { SignalingToken } = require('../legacy.js')

exports.get = SignalingToken.get
exports.get1DayToken = SignalingToken.get1DayToken
