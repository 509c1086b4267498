'use strict'
// agora-token-native/src/DynamicKey5: what the reference packages' module of this path exports
// (DynamicKey5 (the functions and constants of the module)), by the same names. The same
// functions as `DynamicKey5` of the package's `legacy` entry.
const { DynamicKey5 } = require('../legacy.js')

exports.version = DynamicKey5.version
exports.noUpload = DynamicKey5.noUpload
exports.audioVideoUpload = DynamicKey5.audioVideoUpload
exports.generatePublicSharingKey = DynamicKey5.generatePublicSharingKey
exports.generateRecordingKey = DynamicKey5.generateRecordingKey
exports.generateMediaChannelKey = DynamicKey5.generateMediaChannelKey
exports.generateInChannelPermissionKey = DynamicKey5.generateInChannelPermissionKey
exports.generateDynamicKey = DynamicKey5.generateDynamicKey
