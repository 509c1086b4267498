'use strict'
// A token server for Agora: Express 5 + agora-token-native.
//
//   APP_ID=... APP_CERTIFICATE=... node examples/express/server.js      (or `npm start` at the repo root)
//
// In your own app, `require('agora-token-native')` instead of '../..' (the package root
// of this repository, so that the example runs from a fresh clone without a second install).
const express = require('express')
const native = require('../..')

/** Clearly fake credentials, used when APP_ID / APP_CERTIFICATE are not set: Agora refuses their tokens. */
const DEMO_APP_ID = '0123456789abcdef0123456789abcdef'
const DEMO_APP_CERTIFICATE = 'fedcba9876543210fedcba9876543210'

const HEX32 = /^[0-9a-fA-F]{32}$/
/** Agora's channel names: 1 to 64 characters of this set. */
const CHANNEL = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{|}~,]{1,64}$/
const UID = /^(0|[1-9][0-9]{0,9})$/
const MAX_UID = 4294967295
const MAX_ACCOUNT_BYTES = 255
const DEFAULT_EXPIRY = 3600
/** Agora's maximum token lifetime: 24 hours. */
const MAX_EXPIRY = 86400
const ROLES = ['publisher', 'subscriber']
const TOKEN_TYPES = ['uid', 'userAccount']
/** Errors of agora-token-native that mean "the input is wrong". */
const INPUT_ERROR_CODES = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_TOKEN'])

/** A 400 with a message for the client. */
class BadRequest extends Error {
  constructor(message) {
    super(message)
    this.status = 400
  }
}

function checkChannel(channel) {
  if (!CHANNEL.test(channel)) {
    throw new BadRequest(
      'channel must be 1 to 64 characters of a-z A-Z 0-9 space and !#$%&()+-:;<=.>?@[]^_{|}~, ' +
        `(got ${JSON.stringify(channel.length > 80 ? channel.slice(0, 80) + '…' : channel)}, ${channel.length} characters)`,
    )
  }
  return channel
}

function checkAccount(name, value) {
  if (typeof value !== 'string' || value.length === 0) throw new BadRequest(`${name} must be a non-empty string`)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new BadRequest(`${name} must not contain control characters`)
  const bytes = Buffer.byteLength(value)
  if (bytes > MAX_ACCOUNT_BYTES) throw new BadRequest(`${name} must be at most ${MAX_ACCOUNT_BYTES} bytes (got ${bytes})`)
  return value
}

/** The uid of the RTC route: a number for tokentype uid, a string account for userAccount. */
function checkUid(tokentype, uid) {
  if (tokentype === 'uid') {
    if (!UID.test(uid) || Number(uid) > MAX_UID) {
      throw new BadRequest(`uid must be a decimal integer from 0 to ${MAX_UID} for tokentype uid (use tokentype userAccount for string accounts)`)
    }
    return Number(uid)
  }
  return checkAccount('uid', uid)
}

function checkRole(role) {
  if (role === 'publisher') return 1
  if (role === 'subscriber') return 2
  throw new BadRequest(`role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`)
}

function checkTokenType(tokentype) {
  if (!TOKEN_TYPES.includes(tokentype)) {
    throw new BadRequest(`tokentype must be one of ${TOKEN_TYPES.join(', ')} (got ${JSON.stringify(tokentype)})`)
  }
  return tokentype
}

function checkExpiry(query) {
  const expiry = query.expiry
  if (expiry === undefined) return DEFAULT_EXPIRY
  if (typeof expiry !== 'string' || !/^[0-9]{1,10}$/.test(expiry) || Number(expiry) < 1 || Number(expiry) > MAX_EXPIRY) {
    throw new BadRequest(`expiry must be a whole number of seconds from 1 to ${MAX_EXPIRY} (got ${JSON.stringify(expiry)})`)
  }
  return Number(expiry)
}

function defaultLog(line) {
  console.log(line)
}

/**
 * Builds the Express app.
 *
 * @param {object} options
 * @param {string} options.appId The App ID: 32 hexadecimal characters.
 * @param {string} options.appCertificate The App Certificate: 32 hexadecimal characters. Never sent or logged.
 * @param {(line: string) => void | false} [options.log] Access log sink, one line per request (default console.log; false: none).
 * @param {object} [options.tokenLibrary] The builders (RtcTokenBuilder, RtmTokenBuilder, ChatTokenBuilder,
 *   RtcRole): agora-token-native by default; `require('agora-token')` fits too (the load benchmark compares
 *   both through this same code). /verify always uses agora-token-native's decodeToken/verifyToken.
 */
function createApp({ appId, appCertificate, log = defaultLog, tokenLibrary = native } = {}) {
  if (typeof appId !== 'string' || !HEX32.test(appId)) throw new TypeError('appId must be 32 hexadecimal characters')
  if (typeof appCertificate !== 'string' || !HEX32.test(appCertificate)) {
    throw new TypeError('appCertificate must be 32 hexadecimal characters')
  }
  const { RtcTokenBuilder, RtmTokenBuilder, ChatTokenBuilder } = tokenLibrary
  const logLine = typeof log === 'function' ? log : () => {}

  // Never let the certificate out, even inside an error message.
  const scrub = (message) => String(message).split(appCertificate).join('<appCertificate>')

  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)

  // Access log: method, path (no query string; tokens are never in paths: /verify carries its token in the body), status, ms.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint()
    let done = false
    const write = () => {
      if (done) return
      done = true
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      logLine(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`)
    }
    res.once('finish', write)
    res.once('close', write)
    next()
  })

  const sendTokens = (res, body) => {
    res.set('Cache-Control', 'no-store')
    res.json(body)
  }

  const rtcToken = (channel, role, tokentype, uid, expiry) =>
    tokentype === 'uid'
      ? RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, uid, role, expiry, expiry)
      : RtcTokenBuilder.buildTokenWithUserAccount(appId, appCertificate, channel, uid, role, expiry, expiry)

  /** Checks the four RTC path parameters and the expiry. */
  const rtcParams = (req) => {
    const { channel, role, tokentype, uid } = req.params
    const roleNumber = checkRole(role)
    checkTokenType(tokentype)
    return {
      channel: checkChannel(channel),
      role: roleNumber,
      tokentype,
      uid: checkUid(tokentype, uid),
      expiry: checkExpiry(req.query),
    }
  }

  app.get('/ping', (req, res) => {
    res.json({ message: 'pong' })
  })

  app.get('/rtc/:channel/:role/:tokentype/:uid', (req, res) => {
    const { channel, role, tokentype, uid, expiry } = rtcParams(req)
    sendTokens(res, { rtcToken: rtcToken(channel, role, tokentype, uid, expiry) })
  })

  app.get('/rtm/:uid', (req, res) => {
    const userId = checkAccount('uid', req.params.uid)
    const expiry = checkExpiry(req.query)
    sendTokens(res, { rtmToken: RtmTokenBuilder.buildToken(appId, appCertificate, userId, expiry) })
  })

  app.get('/rte/:channel/:role/:tokentype/:uid', (req, res) => {
    const { channel, role, tokentype, uid, expiry } = rtcParams(req)
    const rtmUserId = checkAccount('uid', req.params.uid)
    sendTokens(res, {
      rtcToken: rtcToken(channel, role, tokentype, uid, expiry),
      rtmToken: RtmTokenBuilder.buildToken(appId, appCertificate, rtmUserId, expiry),
    })
  })

  app.get('/chat/user/:uid', (req, res) => {
    const userId = checkAccount('uid', req.params.uid)
    const expiry = checkExpiry(req.query)
    sendTokens(res, { chatToken: ChatTokenBuilder.buildUserToken(appId, appCertificate, userId, expiry) })
  })

  app.get('/chat/app', (req, res) => {
    const expiry = checkExpiry(req.query)
    sendTokens(res, { chatToken: ChatTokenBuilder.buildAppToken(appId, appCertificate, expiry) })
  })

  app.post('/verify', express.json({ limit: '16kb' }), (req, res) => {
    const body = req.body
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequest('body must be a JSON object { token, channelName?, uid? } sent with Content-Type: application/json')
    }
    const { token, channelName, uid } = body
    if (typeof token !== 'string' || token.length === 0) throw new BadRequest('token must be a non-empty string')
    if (channelName !== undefined && typeof channelName !== 'string') throw new BadRequest('channelName must be a string')
    if (uid !== undefined && typeof uid !== 'string' && typeof uid !== 'number') {
      throw new BadRequest('uid must be a number or a string')
    }
    const expected = {}
    if (channelName !== undefined) expected.channelName = channelName
    if (uid !== undefined) expected.uid = uid
    const decoded = native.decodeToken(token)
    const valid = native.verifyToken(token, appCertificate, expected)
    res.set('Cache-Control', 'no-store')
    res.json({ valid, decoded })
  })

  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
  })

  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    let status = 500
    let error = 'internal error'
    if (err instanceof BadRequest) {
      status = 400
      error = err.message
    } else if (err && err.type === 'entity.parse.failed') {
      status = 400
      error = 'request body is not valid JSON'
    } else if (err && INPUT_ERROR_CODES.has(err.code)) {
      // agora-token-native's TypeError / RangeError / ERR_INVALID_TOKEN: the request was wrong.
      status = 400
      error = err.message
    } else if (err instanceof URIError && err.status === 400) {
      status = 400
      error = 'the path is not valid percent-encoding'
    } else if (err && Number.isInteger(err.status) && err.status >= 400 && err.status < 500) {
      // Express / body-parser client errors: undecodable path (URIError), body too large, ...
      status = err.status
      error = err.expose ? err.message : 'bad request'
    } else {
      console.error(scrub(err && err.stack ? err.stack : err))
    }
    if (res.headersSent) return
    res.status(status).json({ error: scrub(error) })
  })

  return app
}

/** Reads the environment, starts the server and returns it (an http.Server). */
function main(env = process.env) {
  let appId = env.APP_ID
  let appCertificate = env.APP_CERTIFICATE
  if (!appId && !appCertificate) {
    appId = DEMO_APP_ID
    appCertificate = DEMO_APP_CERTIFICATE
    console.warn(
      'WARNING: APP_ID and APP_CERTIFICATE are not set; using fake demo credentials. ' +
        'Agora will refuse every token this server issues. Set both to your project\'s App ID and App Certificate.',
    )
  } else if (!appId || !appCertificate) {
    console.error('Set both APP_ID and APP_CERTIFICATE (or neither, for fake demo credentials).')
    process.exit(1)
  }
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer from 0 to 65535 (got ${JSON.stringify(env.PORT)})`)
    process.exit(1)
  }
  let app
  try {
    app = createApp({ appId, appCertificate })
  } catch (e) {
    console.error(`Bad configuration: ${e.message} (check APP_ID / APP_CERTIFICATE)`)
    process.exit(1)
  }
  const host = env.HOST || undefined // undefined: all interfaces
  const server = app.listen(port, host, (err) => {
    if (err) {
      console.error(`Cannot listen on ${host || '*'}:${port}: ${err.message}`)
      process.exit(1)
    }
    const addr = server.address()
    const shown = typeof addr === 'string' ? addr : `${host || '*'}:${addr.port}`
    console.log(`Agora token server listening on ${shown} (App ID ${appId})`)
  })
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return server
}

module.exports = { createApp, main, DEMO_APP_ID, DEMO_APP_CERTIFICATE, DEFAULT_EXPIRY, MAX_EXPIRY }

if (require.main === module) main()
