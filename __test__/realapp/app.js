'use strict'
// A token server written the way real apps are written against agora-token and
// agora-access-token: query strings passed straight through, wildcard channels, the legacy
// `messages` idiom, the parse idioms, agora-token's `__` fields, the 1.x `Token`/`Priviledges`
// names and a custom-privilege `Service`. It never names a package: `makeApp(libs)` gets the
// modules an app would `require`, so the same file runs on the references and on
// agora-token-native (see realapp.test.js).
const express = require('express')

/**
 * @param {object} libs
 * @param {object} libs.agora `require('agora-token')`
 * @param {object} libs.AccessToken2Module `require('agora-token/src/AccessToken2')`
 * @param {object} libs.legacy `require('agora-access-token')`
 * @param {object} libs.AccessTokenModule `require('agora-access-token/src/AccessToken')`
 * @param {object} libs.DynamicKey5 `require('agora-access-token/src/DynamicKey5')`
 * @param {object} libs.AccessToken1x agora-access-token 1.x's `AccessToken` namespace (`{ Token, Priviledges }`)
 */
function makeApp({ agora, AccessToken2Module, legacy, AccessTokenModule, DynamicKey5, AccessToken1x }, { appId, appCertificate }) {
  const { RtcTokenBuilder, RtmTokenBuilder, ChatTokenBuilder, RtcRole } = agora
  const { AccessToken2, Service, ServiceRtc, kFpaServiceType } = AccessToken2Module
  const { AccessToken, priviledges } = AccessTokenModule
  const { Token, Priviledges } = AccessToken1x
  const app = express()
  app.use(express.json())

  // /rtc/:channel/:role/uid/:uid?expiry=3600 (the Agora token-server tutorial's route)
  app.get('/rtc/:channel/:role/uid/:uid', (req, res) => {
    const role = req.params.role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER
    const expire = req.query.expiry || 3600
    const token = RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, req.params.channel, req.params.uid, role, expire, req.query.privilegeExpiry)
    res.json({ rtcToken: token })
  })
  // Everything from the query string, role included ('1').
  app.get('/rtc', (req, res) => {
    const { channel, uid, role, expire, join, audio, video, data } = req.query
    const token = join
      ? RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, appCertificate, channel, Number(uid), expire, join, audio, video, data)
      : RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, Number(uid), role, expire)
    res.json({ token })
  })
  app.get('/rtc2', (req, res) => {
    const q = req.query
    res.json({ token: RtcTokenBuilder.buildTokenWithRtm2(appId, appCertificate, q.channel, q.account, q.role, q.expire, q.expire, q.expire, q.expire, q.expire, q.user, q.expire) })
  })
  app.get('/rtm/:user', (req, res) => {
    res.json({ rtmToken: RtmTokenBuilder.buildToken(appId, appCertificate, req.params.user, req.query.expiry) })
  })
  app.get('/chat/app', (req, res) => res.json({ token: ChatTokenBuilder.buildAppToken(appId, appCertificate, req.query.expiry) }))

  // A custom-privilege Service, and instanceof across the services.
  app.get('/fpa-custom', (req, res) => {
    const token = new AccessToken2(appId, appCertificate, 0, req.query.expire)
    const fpa = new Service(kFpaServiceType)
    fpa.add_privilege(1, req.query.expire)
    token.add_service(fpa)
    const rtc = new ServiceRtc(req.query.channel, req.query.uid)
    rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, req.query.expire)
    token.add_service(rtc)
    res.json({ token: token.build(), allServices: [fpa, rtc].every((s) => s instanceof Service) })
  })

  // Reading a token the only way agora-token allows: from_string and the __ fields.
  app.post('/inspect', (req, res) => {
    const t = new AccessToken2()
    if (!t.from_string(req.body.token)) return res.status(400).json({ error: 'unreadable' })
    const rtc = t.services.find((s) => s.service_type() === 1)
    res.json({
      appId: `${t.appId}`,
      expire: t.expire,
      services: t.services.map((s) => s.service_type()),
      channel: rtc && `${rtc.__channel_name}`,
      uid: rtc && `${rtc.__uid}`,
      privileges: rtc && rtc.__privileges,
      valid: t.verifySignature(appCertificate),
    })
  })

  // Legacy 006: numeric strings, wildcards, the RTM role slot given an RtcRole.
  app.get('/legacy/rtc', (req, res) => {
    const { channel, uid, role, expireTs } = req.query
    res.json({ token: legacy.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, uid === '0' ? 0 : Number(uid), role, expireTs) })
  })
  app.get('/legacy/rtm', (req, res) => {
    res.json({ token: legacy.RtmTokenBuilder.buildToken(appId, appCertificate, req.query.account, legacy.RtcRole.SUBSCRIBER, req.query.expireTs) })
  })
  // The low-level AccessToken, as sample servers use it.
  app.get('/legacy/manual', (req, res) => {
    const key = new AccessToken(appId, appCertificate, req.query.channel, Number(req.query.uid))
    key.messages[priviledges.kJoinChannel] = req.query.expireTs
    key.messages[priviledges.kPublishAudioStream] = req.query.expireTs
    res.json({ token: key.build() })
  })
  app.get('/legacy/1x', (req, res) => {
    const key = new Token(appId, appCertificate, req.query.channel, Number(req.query.uid))
    key.addPriviledge(Priviledges.kJoinChannel, req.query.expireTs)
    res.json({ token: key.build() })
  })
  app.post('/legacy/parse', (req, res) => {
    const t = new AccessToken('', '', '', '')
    if (!t.fromString(req.body.token)) return res.status(400).json({ error: 'unreadable' })
    res.json({ ts: t.ts, messages: t.messages })
  })
  app.get('/dk5', (req, res) => {
    const q = req.query
    res.json({ key: DynamicKey5.generateMediaChannelKey(appId, appCertificate, q.channel || '', q.ts, q.salt, q.uid, q.expiredTs) })
  })

  // Errors as JSON, so that a test sees the message.
  app.use((err, req, res, next) => {
    void next
    res.status(500).json({ error: `${err.name}: ${err.message}` })
  })
  return app
}

module.exports = { makeApp }
