'use strict'
// agora-token-native/legacy: the API of agora-access-token@2.0.4 (legacy "006" tokens
// and DynamicKey5), backed by the Rust addon. The natives carry a `Legacy` prefix
// because the 007 API already exports RtcTokenBuilder, RtmTokenBuilder and RtcRole.
const native = require('./index.js')

const REDACTED = '[redacted]'

/**
 * The low-level 006 token, as agora-access-token's `src/AccessToken` has it: its fields are
 * plain properties (`appID`, `appCertificate`, `channelName`, `uid`, `salt`, `ts`,
 * `messages`), readable and writable, and `build()` reads them when it is called, so
 * `token.messages[privilege] = expire` takes effect. Nothing is checked before `build()`:
 * `new AccessToken('', '', '', '')` followed by `fromString(token)` is the reference's way to
 * read a token. `build()` checks every field (a TypeError or RangeError naming it). The
 * certificate is not enumerable, and `util.inspect` and `JSON.stringify` show it redacted.
 */
class AccessToken {
  constructor(appID, appCertificate, channelName, uid) {
    const { salt, ts } = native.legacyAccessTokenDefaults()
    this.appID = appID
    Object.defineProperty(this, 'appCertificate', { value: appCertificate, writable: true, enumerable: false, configurable: true })
    this.channelName = channelName
    // As the reference: the uid 0 is '' ("any uid"), a uid 1..4294967295 its digits;
    // anything else is kept as given, for build() to check.
    this.uid = uid === 0 ? '' : Number.isInteger(uid) && uid > 0 && uid <= 0xffffffff ? `${uid}` : uid
    this.messages = {}
    this.salt = salt
    this.ts = ts
  }

  /** Grants `privilege` until `expireTimestamp` (absolute Unix seconds, 0 = no expiry). */
  addPrivilege(privilege, expireTimestamp) {
    this.messages[privilege] = expireTimestamp
  }

  /** agora-access-token's spelling of `addPrivilege`. */
  addPriviledge(privilege, expireTimestamp) {
    this.messages[privilege] = expireTimestamp
  }

  /** The token: "006" + App ID + base64. Checks every field first. */
  build() {
    return native.legacyBuildAccessToken(this.appID, this.appCertificate, this.channelName, this.uid, this.salt, this.ts, this.messages)
  }

  /**
   * Reads a 006 token into this object, as the references do: its `appID` (as agora-token's
   * 006 `AccessToken` does; agora-access-token's leaves `appID` as it was), `salt`, `ts`,
   * privileges (`messages`), and the raw fields `signature` and `m` (Buffers) and
   * `crc_channel_name` and `crc_uid` (numbers). The channel name and uid stay as they are:
   * the token holds only their CRCs. False, and nothing changed, when it cannot be read. The
   * signature is not checked: use `verifyToken` for that.
   */
  fromString(token) {
    const read = native.legacyReadAccessToken(token)
    if (read === null) return false
    this.appID = read.appId
    this.salt = read.salt
    this.ts = read.ts
    this.messages = read.messages
    this.signature = Buffer.from(read.signature)
    this.crc_channel_name = read.crcChannelName
    this.crc_uid = read.crcUid
    this.m = Buffer.from(read.m)
    return true
  }

  toJSON() {
    const { appID, channelName, uid, salt, ts, messages } = this
    return { appID, appCertificate: this.appCertificate ? REDACTED : this.appCertificate, channelName, uid, salt, ts, messages }
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    const view = this.toJSON()
    return typeof inspect === 'function' ? `AccessToken ${inspect(view, options)}` : view
  }
}

// agora-access-token 1.x names (`const { Token, Priviledges } = AccessToken`).
AccessToken.Token = AccessToken
AccessToken.Priviledges = native.LegacyPrivileges
AccessToken.version = '006'

exports.RtcTokenBuilder = native.LegacyRtcTokenBuilder
exports.RtcRole = native.LegacyRtcRole
exports.RtmTokenBuilder = native.LegacyRtmTokenBuilder
exports.RtmRole = native.LegacyRtmRole
exports.AccessToken = AccessToken
exports.Privileges = native.LegacyPrivileges
exports.DynamicKey5 = native.LegacyDynamicKey5
exports.decodeToken = native.decodeToken
exports.verifyToken = native.verifyToken
// The keys older than DynamicKey5: the Signaling SDK's token and DynamicKey (v1) to DynamicKey4.
exports.SignalingToken = native.LegacySignalingToken
exports.DynamicKey = native.LegacyDynamicKey1
exports.DynamicKey1 = native.LegacyDynamicKey1
exports.DynamicKey2 = native.LegacyDynamicKey2
exports.DynamicKey3 = native.LegacyDynamicKey3
exports.DynamicKey4 = native.LegacyDynamicKey4
exports.decodeLegacyKey = native.decodeLegacyKey
exports.verifyLegacyKey = native.verifyLegacyKey
// agora-access-token/src/AccessToken's names, and the 1.x aliases.
exports.priviledges = native.LegacyPrivileges
exports.version = '006'
exports.Token = AccessToken
exports.Priviledges = native.LegacyPrivileges
