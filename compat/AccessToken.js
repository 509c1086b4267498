'use strict'
// agora-token-native/src/AccessToken: what the reference packages' module of this path exports
// (the 006 token class), by the same names. The same objects as the package's `legacy` entry.
const m = require('../legacy.js')

exports.version = m.version
exports.AccessToken = m.AccessToken
exports.priviledges = m.priviledges
