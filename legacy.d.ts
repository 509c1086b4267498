/**
 * `agora-token-native/legacy`: the API of `agora-access-token@2.0.4` — legacy "006"
 * AccessTokens and "005" DynamicKey5 keys — built in Rust.
 *
 * 006 expiries are ABSOLUTE Unix timestamps in seconds (`Math.floor(Date.now() / 1000) + 3600`),
 * not durations as in the 007 builders of the main entry point. The builders refuse a
 * value from 1 to 31535999 (a duration by mistake) with a RangeError; 0 means "no expiry".
 *
 * Every function throws a `TypeError` (code `ERR_INVALID_ARG_TYPE`) or `RangeError`
 * (code `ERR_OUT_OF_RANGE`) naming the parameter when an argument breaks its rule;
 * messages never contain the App Certificate.
 */
import type { DecodedToken, DecodedToken006, DecodedDynamicKey5 } from './index'

export type { DecodedToken, DecodedToken006, DecodedDynamicKey5 }

/** RTC roles of a 006 token. ATTENDEE, PUBLISHER and ADMIN may join and publish; SUBSCRIBER may only join. */
export declare const RtcRole: {
  /** Deprecated: same privileges as PUBLISHER. */
  readonly ATTENDEE: 0
  /** Join the channel and publish audio, video and data streams. */
  readonly PUBLISHER: 1
  /** Join only (takes effect when Agora has enabled co-host authentication for your project). */
  readonly SUBSCRIBER: 2
  /** Deprecated: same privileges as PUBLISHER. */
  readonly ADMIN: 101
}
export type RtcRole = 0 | 1 | 2 | 101

/** RTM roles of a 006 token. */
export declare const RtmRole: {
  readonly Rtm_User: 1
}
export type RtmRole = 1

/** Privilege numbers of a 006 token (agora-access-token's `priviledges`). */
export declare const Privileges: {
  readonly kJoinChannel: 1
  readonly kPublishAudioStream: 2
  readonly kPublishVideoStream: 3
  readonly kPublishDataStream: 4
  readonly kPublishAudiocdn: 5
  readonly kPublishVideoCdn: 6
  readonly kRequestPublishAudioStream: 7
  readonly kRequestPublishVideoStream: 8
  readonly kRequestPublishDataStream: 9
  readonly kInvitePublishAudioStream: 10
  readonly kInvitePublishVideoStream: 11
  readonly kInvitePublishDataStream: 12
  readonly kAdministrateChannel: 101
  readonly kRtmLogin: 1000
}

/** Builds 006 RTC tokens. Each token gets a fresh random salt from the OS CSPRNG and a `ts` of now + 24 hours. */
export declare class RtcTokenBuilder {
  /**
   * Builds a 006 RTC token for a numeric uid.
   * @param appId The App ID of your project: 32 hexadecimal characters.
   * @param appCertificate The App Certificate: 32 hexadecimal characters. A secret: keep it on your server.
   * @param channelName 1 to 64 bytes of a-z A-Z 0-9, space and `!#$%&()+-:;<=.>?@[]^_{|}~,`.
   * @param uid An integer from 0 to 4294967295 (0 lets any uid join), or a string user account of at most 255 bytes.
   * @param role `RtcRole.PUBLISHER`, `RtcRole.SUBSCRIBER` (join only), or the deprecated `ATTENDEE` / `ADMIN`.
   * @param privilegeExpiredTs When the privileges expire: an absolute Unix timestamp in seconds,
   *   e.g. `Math.floor(Date.now() / 1000) + 3600`; 0 for no expiry. Values 1..31535999 are refused (RangeError).
   * @returns The token, starting with "006".
   */
  static buildTokenWithUid(appId: string, appCertificate: string, channelName: string, uid: number | string, role: RtcRole | number, privilegeExpiredTs: number): string
  /**
   * Builds a 006 RTC token for a string user account. Arguments as in `buildTokenWithUid`.
   * @param account A user account of at most 255 bytes (a number is treated as a uid).
   */
  static buildTokenWithAccount(appId: string, appCertificate: string, channelName: string, account: string | number, role: RtcRole | number, privilegeExpiredTs: number): string
}

/** Builds 006 RTM tokens. */
export declare class RtmTokenBuilder {
  /**
   * Builds a 006 RTM login token.
   * @param appId The App ID: 32 hexadecimal characters.
   * @param appCertificate The App Certificate: 32 hexadecimal characters.
   * @param account The RTM user id: a non-empty string of at most 255 bytes (a number is written in decimal).
   * @param role Ignored, as agora-access-token ignores it (`RtmRole.Rtm_User` by convention).
   * @param privilegeExpiredTs An absolute Unix timestamp in seconds, or 0 for no expiry.
   * @returns The token, starting with "006".
   */
  static buildToken(appId: string, appCertificate: string, account: string | number, role: unknown, privilegeExpiredTs: number | string): string
}

/**
 * The low-level 006 token (agora-access-token's `src/AccessToken`). Its fields are plain
 * properties, read by `build()` when it is called (so `token.messages[k] = ts` takes effect),
 * and nothing is checked before `build()`: `new AccessToken('', '', '', '')` then
 * `fromString(token)` reads a token. The certificate is not enumerable and is redacted in
 * `util.inspect` and `JSON.stringify`.
 */
export declare class AccessToken {
  /**
   * @param appId The App ID: 32 hexadecimal characters (checked by `build()`).
   * @param appCertificate The App Certificate: 32 hexadecimal characters (checked by `build()`).
   * @param channelName The channel name, or for an RTM token the user account: a string of at most 255 bytes.
   * @param uid 0 to 4294967295 (0 means any uid and is stored as ''), or a string account of at most 255 bytes ('' for RTM tokens).
   */
  constructor(appId: string, appCertificate: string, channelName: string, uid: number | string)
  /** agora-access-token 1.x's name of this class (`const { Token } = AccessToken`). */
  static readonly Token: typeof AccessToken
  /** agora-access-token 1.x's name of `Privileges`. */
  static readonly Priviledges: typeof Privileges
  static readonly version: '006'
  appID: string
  appCertificate: string
  channelName: string
  /** '' for uid 0, the digits of an integer uid, or the account as given. */
  uid: string | number
  /** The salt, 0..4294967295: a fresh CSPRNG value in 1..4294967295 for each new object. */
  salt: number | string
  /** The token's own expiry, Unix seconds, 0..4294967295: now + 24 hours for a new object. */
  ts: number | string
  /** The privileges: privilege number -> expire timestamp (numbers or decimal strings). A live object: changes take effect at `build()`. */
  messages: { [privilege: number]: number | string }
  /**
   * Grants `privilege` until `expireTimestamp` (an absolute Unix timestamp, 0 = no expiry),
   * replacing an earlier value. Unlike the builders, any value 0..4294967295 is accepted.
   */
  addPrivilege(privilege: number, expireTimestamp: number | string): void
  /** Alias of `addPrivilege`, with agora-access-token's spelling. */
  addPriviledge(privilege: number, expireTimestamp: number | string): void
  /** Builds the token: "006" + App ID + base64. Throws a TypeError or RangeError naming the field that breaks its rule. */
  build(): string
  /** The signature read by `fromString` (a Buffer of 32 bytes). Not read by `build()`. */
  signature?: Uint8Array
  /** The CRC32 of the channel name, read by `fromString`. Not read by `build()`. */
  crc_channel_name?: number
  /** The CRC32 of the uid string ('' for uid 0), read by `fromString`. Not read by `build()`. */
  crc_uid?: number
  /** The message bytes (salt, ts, privileges; a Buffer) read by `fromString`. Not read by `build()`. */
  m?: Uint8Array
  /**
   * Reads a 006 token into this object: its `appID` (as agora-token's 006 `AccessToken`
   * does), `salt`, `ts`, `messages`, `signature`, `crc_channel_name`, `crc_uid` and `m`;
   * false, and nothing changed, if it cannot be read. Does not check the signature.
   */
  fromString(token: string): boolean
  /** A plain view with the certificate redacted. */
  toJSON(): { appID: string; appCertificate: string; channelName: string; uid: string | number; salt: number | string; ts: number | string; messages: { [privilege: number]: number | string } }
}

/** DynamicKey5 ("005"), the key of Agora SDKs older than 2.1 (HMAC-SHA1). */
export declare class DynamicKey5 {
  static readonly version: '005'
  /** In-channel permission: no upload. */
  static readonly noUpload: '0'
  /** In-channel permission: upload audio and video. */
  static readonly audioVideoUpload: '3'
  /**
   * @param appId 32 hexadecimal characters.
   * @param appCertificate 32 hexadecimal characters.
   * @param channelName The channel name.
   * @param unixTs The issue time, Unix seconds (0..4294967295).
   * @param randomInt A random salt (0..4294967295).
   * @param uid The uid (0..4294967295).
   * @param expiredTs The expiry, Unix seconds (0: none).
   */
  static generatePublicSharingKey(appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number): string
  /** A recording key; arguments as in `generatePublicSharingKey`. */
  static generateRecordingKey(appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number): string
  /** A media channel key; arguments as in `generatePublicSharingKey`. */
  static generateMediaChannelKey(appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number): string
  /** An in-channel permission key. @param permission `DynamicKey5.noUpload` or `DynamicKey5.audioVideoUpload`. */
  static generateInChannelPermissionKey(appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, permission: string): string
  /**
   * A key of any service type with any `extra` (agora-access-token's raw `generateDynamicKey`,
   * which the four functions above call). Arguments before `extra` as in `generatePublicSharingKey`.
   * @param extra `null`/`undefined` (none) or an object whose keys are integers 0..65535 and whose
   *   values are strings of at most 65535 bytes, packed in ascending key order
   *   (`{ 1: DynamicKey5.audioVideoUpload }` is an in-channel permission).
   * @param serviceType 0..65535: 1 media channel, 2 recording, 3 public sharing, 4 in-channel permission.
   * @returns The key, starting with "005".
   */
  static generateDynamicKey(appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, extra: { [key: number]: string } | null | undefined, serviceType: number): string
}

/**
 * Reads a 007, 006 or 005 token without checking its signature (for debugging).
 * @throws {Error} code `ERR_INVALID_TOKEN` when the token is malformed.
 */
export declare function decodeToken(token: string): DecodedToken

/**
 * Checks a token's signature in constant time. For 006 tokens and DynamicKey5 keys,
 * `channelName` and `uid` are required (the signature covers them; a 006 token keeps
 * only their CRC32s): a `TypeError` if either is missing. For a 006 RTM token, pass the
 * account as `channelName` and `uid: 0`.
 * @returns true only if the signature and the channel name and uid match.
 */
export declare function verifyToken(token: string, appCertificate: string, expected?: { channelName?: string; uid?: number | string }): boolean

// The keys older than DynamicKey5: the Signaling SDK's token and DynamicKey (v1) to
// DynamicKey4 (documented in index.d.ts and docs/legacy-keys.md).
import type {
  LegacySignalingToken,
  LegacyDynamicKey1,
  LegacyDynamicKey2,
  LegacyDynamicKey3,
  LegacyDynamicKey4,
  DecodedLegacyKey,
  DecodedDynamicKey,
  DecodedSignalingToken,
} from './index'
export type { DecodedLegacyKey, DecodedDynamicKey, DecodedSignalingToken }
/** The Signaling SDK's token, "1:appId:expiredTs:md5" (agora-access-token's `SignalingToken`). */
export declare const SignalingToken: typeof LegacySignalingToken
/** DynamicKey (v1): the official name of `DynamicKey1`. */
export declare const DynamicKey: typeof LegacyDynamicKey1
/** DynamicKey (v1): 90 characters, channel-wide, no expiry. */
export declare const DynamicKey1: typeof LegacyDynamicKey1
/** DynamicKey2: 110 characters, with uid and expiry. */
export declare const DynamicKey2: typeof LegacyDynamicKey2
/** DynamicKey3: "003" + a DynamicKey2. */
export declare const DynamicKey3: typeof LegacyDynamicKey3
/** DynamicKey4: "004" keys for public sharing, recording and media channel. */
export declare const DynamicKey4: typeof LegacyDynamicKey4
export { decodeLegacyKey, verifyLegacyKey } from './index'
/** agora-access-token's `src/AccessToken` spelling of `Privileges`. */
export declare const priviledges: typeof Privileges
/** The 006 version prefix, as `src/AccessToken` exports it. */
export declare const version: '006'
/** agora-access-token 1.x's name of `AccessToken`. */
export declare const Token: typeof AccessToken
/** agora-access-token 1.x's name of `Privileges`. */
export declare const Priviledges: typeof Privileges
