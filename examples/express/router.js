'use strict'
// An Express Router with the token service's routes, for an app to mount behind its own
// middleware (sessions, authentication, rate limits...). The rules of each route are the
// service's own (agora-token-native/service), so the answers are the same as `npm start`'s.
//
// In your own app: require('agora-token-native/service') instead of '../../server/tokens.js'.
const express = require('express')
const { createTokens } = require('../../server/tokens.js')

/**
 * @param {object} options
 * @param {string} options.appId The App ID: 32 hexadecimal characters.
 * @param {string} options.appCertificate The App Certificate: 32 hexadecimal characters. Never sent.
 * @param {object} [options.library] The token builders (agora-token-native by default).
 * @param {string} [options.bodyLimit] Largest JSON body of the POST routes (default '16kb').
 * @returns {import('express').Router}
 */
function tokenRouter({ appId, appCertificate, library, bodyLimit = '16kb' } = {}) {
  const tokens = createTokens({ appId, appCertificate, library })
  const router = express.Router()
  const json = express.json({ limit: bodyLimit, type: () => true })
  const reply = (fn, fromBody) => (req, res) => {
    const input = fromBody ? req.body : { ...req.params, ...(req.query.expiry !== undefined ? { expiry: req.query.expiry } : {}) }
    const { status, body } = fn(input)
    res.set('Cache-Control', 'no-store').status(status).json(body)
  }
  router.get('/ping', (req, res) => res.json({ message: 'pong' }))
  router.get('/rtc/:channelName/:role/:tokenType/:rtcuid', reply(tokens.rtc))
  router.get('/rtm/:rtmuid', reply(tokens.rtm))
  router.get('/rte/:channelName/:role/:tokenType/:rtcuid', reply(tokens.rte))
  router.get('/rte/:channelName/:role/:tokenType/:rtcuid/:rtmuid', reply(tokens.rte))
  router.get('/chat/app', reply(tokens.chatApp))
  router.get('/chat/account/:chatid', reply(tokens.chatUser))
  router.get('/chat/user/:chatid', reply(tokens.chatUser))
  router.post('/getToken', json, reply(tokens.getToken, true))
  router.post('/verify', json, reply(tokens.verify, true))
  router.post('/diagnose', json, reply(tokens.diagnose, true))
  // Bad JSON, a body too large, a bad percent-encoding: 4xx { error }, never a 5xx.
  // eslint-disable-next-line no-unused-vars
  router.use((err, req, res, next) => {
    const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 500
    const error = status === 500 ? 'internal error' : err.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : err.expose ? err.message : 'bad request'
    if (status === 500) console.error(String(err && err.stack).split(appCertificate).join('<appCertificate>'))
    res.status(status).json({ error })
  })
  return router
}

module.exports = { tokenRouter }
