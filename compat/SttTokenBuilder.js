'use strict'
// agora-token-native/src/SttTokenBuilder: what the reference packages' module of this path
// exports (the builder), by the same names. The same objects as the package's main entry.
const m = require('../index.js')

exports.SttTokenBuilder = m.SttTokenBuilder
