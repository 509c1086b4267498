'use strict'
// The request-to-token rules of the token service, in one place: parameter parsing, validation,
// building and error mapping. Plain functions over plain objects, returning { status, body }, so
// that the service (server/app.js), an Express Router (examples/express) and a Next.js route
// handler (examples/nextjs) all answer the same way. No HTTP and no dependencies here.
const native = require('../index.js')

/** Seconds a token lasts when the request does not say. */
const DEFAULT_EXPIRY = 3600
/** Agora's longest token lifetime: 24 hours. */
const MAX_EXPIRY = 86400
const MAX_UID = 4294967295
const MAX_ACCOUNT_BYTES = 255
/** Longest token /verify and /diagnose read: far above any token this service issues. */
const MAX_TOKEN_LENGTH = 4096
/** Longest JSON answer /verify sends: a decoded token above it is left out. */
const MAX_VERIFY_ANSWER = 16384
const HEX32 = /^[0-9a-fA-F]{32}$/
const UID = /^(0|[1-9][0-9]{0,9})$/
const DIGITS = /^[0-9]+$/
const EXPIRY = /^[0-9]{1,10}$/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** Errors of agora-token-native that mean "the input is wrong". */
const INPUT_ERROR_CODES = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_TOKEN'])
const ROLES = { publisher: 1, subscriber: 2, audience: 2 }
/** RTC privileges: join channel, publish audio, video and data streams. */
const PUBLISHER_PRIVILEGES = [1, 2, 3, 4]
const SUBSCRIBER_PRIVILEGES = [1]
/** The RTC privileges of an RTM stream channel: join and publish data. */
const STREAM_PRIVILEGES = [1, 4]

/** A request that breaks a rule: answered with 400 { error } (or `status`). */
class RequestError extends Error {
  constructor(message, status = 400) {
    super(message)
    this.status = status
  }
}

const shown = (value) => {
  const s = typeof value === 'string' ? value : String(value)
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s)
}

/** `expiry` from a query string or JSON body: absent (or 0 in a body, as upstream) is the default. */
function parseExpiry(value, name = 'expiry') {
  if (value === undefined || value === null || value === 0) return DEFAULT_EXPIRY
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !EXPIRY.test(text) || Number(text) < 1 || Number(text) > MAX_EXPIRY) {
    throw new RequestError(`${name} must be a whole number of seconds from 1 to ${MAX_EXPIRY} (got ${typeof value === 'string' ? shown(value) : typeof value === 'number' ? value : typeof value})`)
  }
  return Number(text)
}

/** The channel: a non-empty string; its character rules are the library's (it names the bad character). */
function parseChannel(value, name = 'channel') {
  if (typeof value !== 'string' || value.length === 0) throw new RequestError(`${name} must be a non-empty string`)
  if (value.length > 64) throw new RequestError(`${name} must be 1 to 64 characters (got ${value.length})`)
  return value
}

/** A string user account (RTM user id, chat user id, RTC userAccount). */
function parseAccount(value, name) {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) value = String(value)
  if (typeof value !== 'string' || value.length === 0) throw new RequestError(`${name} must be a non-empty string`)
  if (CONTROL.test(value)) throw new RequestError(`${name} must not contain control characters`)
  const bytes = Buffer.byteLength(value)
  if (bytes > MAX_ACCOUNT_BYTES) throw new RequestError(`${name} must be at most ${MAX_ACCOUNT_BYTES} bytes (got ${bytes})`)
  return value
}

/** A numeric uid: 0 to 4294967295 in decimal; an empty string means 0 (any uid), as upstream. */
function parseNumericUid(value, name = 'uid') {
  if (value === '' || value === undefined) return 0
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !UID.test(text) || Number(text) > MAX_UID) {
    throw new RequestError(`${name} must be a decimal integer from 0 to ${MAX_UID} (got ${shown(value)}); use tokenType userAccount for string accounts`)
  }
  return Number(text)
}

function parseRole(value, name = 'role') {
  const role = typeof value === 'string' ? ROLES[value] : undefined
  if (role === undefined || !Object.prototype.hasOwnProperty.call(ROLES, value)) {
    throw new RequestError(`${name} must be one of publisher, subscriber, audience (got ${value === undefined ? 'nothing' : shown(value)})`)
  }
  return role
}

function parseTokenType(value) {
  if (value !== 'uid' && value !== 'userAccount') {
    throw new RequestError(`tokenType must be one of uid, userAccount (got ${shown(value)})`)
  }
  return value
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Maps what a handler threw to { status, body }; anything not an input error is rethrown. */
function fail(err, scrub) {
  if (err instanceof RequestError) return { status: err.status, body: { error: scrub(err.message) } }
  if (err && INPUT_ERROR_CODES.has(err.code)) return { status: 400, body: { error: scrub(err.message) } }
  throw err
}

/**
 * Creates the token functions for one App ID and certificate.
 *
 * @param {object} options
 * @param {string} options.appId 32 hexadecimal characters.
 * @param {string} options.appCertificate 32 hexadecimal characters; never part of an answer.
 * @param {object} [options.library] The builders: agora-token-native by default; agora-token fits too
 *   (RtcTokenBuilder, RtmTokenBuilder, ChatTokenBuilder; the RTM stream channel needs AccessToken2 and
 *   the Service classes as well). /verify and /diagnose always use agora-token-native.
 */
function createTokens({ appId, appCertificate, library = native } = {}) {
  if (typeof appId !== 'string' || !HEX32.test(appId)) throw new TypeError('appId must be 32 hexadecimal characters')
  if (typeof appCertificate !== 'string' || !HEX32.test(appCertificate)) throw new TypeError('appCertificate must be 32 hexadecimal characters')
  const { RtcTokenBuilder, RtmTokenBuilder, ChatTokenBuilder } = library
  const scrub = (message) => String(message).split(appCertificate).join('<appCertificate>')
  const run = (fn) => (input = {}) => {
    try {
      return { status: 200, body: fn(isObject(input) ? input : {}) }
    } catch (err) {
      return fail(err, scrub)
    }
  }

  const rtcToken = (channel, role, tokenType, uid, expiry) =>
    tokenType === 'uid'
      ? RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, uid, role, expiry, expiry)
      : RtcTokenBuilder.buildTokenWithUserAccount(appId, appCertificate, channel, uid, role, expiry, expiry)

  /** An RTM login token; with a channel, also the RTC service of that stream channel (`*`: all). */
  const rtmToken = (userId, expiry, streamChannel) => {
    if (!streamChannel) return RtmTokenBuilder.buildToken(appId, appCertificate, userId, expiry)
    const { AccessToken2, ServiceRtm, ServiceRtc } = library
    const token = new AccessToken2(appId, appCertificate, 0, expiry)
    const rtc = new ServiceRtc(streamChannel, userId)
    for (const p of STREAM_PRIVILEGES) rtc.add_privilege(p, expiry)
    const rtm = new ServiceRtm(userId)
    rtm.add_privilege(ServiceRtm.kPrivilegeLogin, expiry)
    token.add_service(rtc)
    token.add_service(rtm)
    return token.build()
  }

  const rtcParams = (p) => {
    const role = parseRole(p.role)
    const tokenType = parseTokenType(p.tokenType)
    const channel = parseChannel(p.channelName, 'channelName')
    const uid = tokenType === 'uid' ? parseNumericUid(p.rtcuid, 'rtcuid') : parseAccount(p.rtcuid, 'rtcuid')
    return { channel, role, tokenType, uid, expiry: parseExpiry(p.expiry) }
  }

  /** POST /getToken's body → { token }, with upstream's defaults. */
  function getToken(b) {
    const expiry = parseExpiry(b.expire, 'expire')
    if (b.tokenType === 'rtc') {
      const channel = parseChannel(b.channel)
      if (b.uid === undefined || b.uid === '') throw new RequestError('uid must be given for tokenType rtc (a number, or a string account)')
      // Upstream's defaults: no role means subscriber; a uid of decimal digits is a numeric uid.
      const role = b.role === undefined || b.role === '' ? ROLES.subscriber : parseRole(b.role)
      const numeric = typeof b.uid === 'number' || (typeof b.uid === 'string' && DIGITS.test(b.uid))
      return numeric
        ? { token: rtcToken(channel, role, 'uid', parseNumericUid(b.uid), expiry) }
        : { token: rtcToken(channel, role, 'userAccount', parseAccount(b.uid, 'uid'), expiry) }
    }
    if (b.tokenType === 'rtm') {
      const userId = parseAccount(b.uid, 'uid')
      const stream = b.channel === undefined || b.channel === '' ? undefined : parseChannel(b.channel)
      return { token: rtmToken(userId, expiry, stream) }
    }
    if (b.tokenType === 'chat') {
      if (b.uid === undefined || b.uid === '') return { token: ChatTokenBuilder.buildAppToken(appId, appCertificate, expiry) }
      return { token: ChatTokenBuilder.buildUserToken(appId, appCertificate, parseAccount(b.uid, 'uid'), expiry) }
    }
    throw new RequestError(`tokenType must be one of rtc, rtm, chat (got ${b.tokenType === undefined ? 'nothing' : shown(b.tokenType)})`)
  }

  return {
    appId,
    /** GET /rtc/:channelName/:role/:tokenType/:rtcuid/?expiry= → { rtcToken } */
    rtc: run((p) => {
      const { channel, role, tokenType, uid, expiry } = rtcParams(p)
      return { rtcToken: rtcToken(channel, role, tokenType, uid, expiry) }
    }),
    /** GET /rtm/:rtmuid/?expiry= → { rtmToken } */
    rtm: run((p) => {
      const userId = parseAccount(p.rtmuid, 'rtmuid')
      return { rtmToken: rtmToken(userId, parseExpiry(p.expiry)) }
    }),
    /** GET /rte/:channelName/:role/:tokenType/:rtcuid/[:rtmuid/] → { rtcToken, rtmToken }: the RTM user defaults to the RTC uid, the channel is also its stream channel. */
    rte: run((p) => {
      const { channel, role, tokenType, uid, expiry } = rtcParams(p)
      let rtmUser = p.rtmuid
      if (rtmUser === undefined || rtmUser === '') {
        if (uid === 0 || uid === '') throw new RequestError('rtmuid must be given when rtcuid is 0 or empty (an RTM user id cannot be 0)')
        rtmUser = String(uid)
      }
      const userId = parseAccount(rtmUser, 'rtmuid')
      return { rtcToken: rtcToken(channel, role, tokenType, uid, expiry), rtmToken: rtmToken(userId, expiry, channel) }
    }),
    /** GET /chat/app/ → { chatToken } (app privileges) */
    chatApp: run((p) => ({ chatToken: ChatTokenBuilder.buildAppToken(appId, appCertificate, parseExpiry(p.expiry)) })),
    /** GET /chat/account/:chatid/ and /chat/user/:chatid → { chatToken } (user privileges) */
    chatUser: run((p) => {
      const userId = parseAccount(p.chatid, 'chatid')
      return { chatToken: ChatTokenBuilder.buildUserToken(appId, appCertificate, userId, parseExpiry(p.expiry)) }
    }),
    /** POST /getToken { tokenType: rtc|rtm|chat, channel, role, uid, expire } → { token } */
    getToken: run((b) => {
      try {
        return getToken(b)
      } catch (err) {
        // The library names its own parameter; this body's field is `channel`.
        if (err && INPUT_ERROR_CODES.has(err.code) && /^channelName\b/.test(err.message)) throw new RequestError(err.message.replace(/^channelName/, 'channel'))
        throw err
      }
    }),
    /**
     * POST /verify { token, channelName?, uid? } → { valid } and, only for a token that verifies,
     * { decoded } (left out, with decodedOmitted, when it would make the answer too large).
     * A token whose signature is good but that has expired is { valid: false, expired: true }.
     */
    verify: run((b) => {
      const { token, expected } = tokenAndExpected(b)
      // verifyToken refuses malformed tokens before any signature work. The common case, a
      // valid token, takes one call; only a refused one is asked again, to tell an expired
      // token from a bad signature.
      if (!native.verifyToken(token, appCertificate, { ...expected, checkExpiry: true })) {
        return native.verifyToken(token, appCertificate, expected) ? { valid: false, expired: true } : { valid: false }
      }
      const decoded = native.decodeToken(token)
      const size = JSON.stringify(decoded).length
      return size > MAX_VERIFY_ANSWER ? { valid: true, decodedOmitted: `the decoded token is ${size} bytes of JSON` } : { valid: true, decoded }
    }),
    /** POST /diagnose { token, channelName?, uid? }: the package's diagnoseToken with this server's credentials. */
    diagnose: (b = {}) => {
      if (typeof native.diagnoseToken !== 'function') return { status: 501, body: { error: 'diagnose is not available in this build' } }
      try {
        const { token, expected } = tokenAndExpected(isObject(b) ? b : {})
        const result = native.diagnoseToken(token, { ...expected, appId, appCertificate })
        // Through JSON and back with the certificate scrubbed: it must never be echoed.
        return { status: 200, body: JSON.parse(scrub(JSON.stringify(result))) }
      } catch (err) {
        return fail(err, scrub)
      }
    },
  }
}

/** The `token` and optional `channelName` / `uid` of a /verify or /diagnose body. */
function tokenAndExpected(b) {
  const { token, channelName, uid } = b
  if (typeof token !== 'string' || token.length === 0) throw new RequestError('token must be a non-empty string')
  if (token.length > MAX_TOKEN_LENGTH) throw new RequestError(`token must be at most ${MAX_TOKEN_LENGTH} characters (got ${token.length})`)
  if (channelName !== undefined && typeof channelName !== 'string') throw new RequestError('channelName must be a string')
  if (uid !== undefined && typeof uid !== 'string' && typeof uid !== 'number') throw new RequestError('uid must be a number or a string')
  const expected = {}
  if (channelName !== undefined) expected.channelName = channelName
  if (uid !== undefined) expected.uid = uid
  return { token, expected }
}

/**
 * Parses a JSON request body (a string or Buffer) into { body }, or { error: { status, body } }.
 * Any Content-Type is read as JSON, as agora-token-service does, so that clients written for it
 * (fetch with a string body sends text/plain) work unchanged.
 */
function parseJsonBody(raw) {
  let value
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
  } catch {
    return { error: { status: 400, body: { error: 'the request body is not valid JSON' } } }
  }
  if (!isObject(value)) return { error: { status: 400, body: { error: 'the body must be a JSON object' } } }
  return { body: value }
}

module.exports = {
  createTokens,
  parseJsonBody,
  RequestError,
  DEFAULT_EXPIRY,
  MAX_EXPIRY,
  MAX_TOKEN_LENGTH,
}
