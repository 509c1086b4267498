// What every runtime under test reports about one loaded entry of the package: a fixed set
// of tokens and checks, as one JSON string. The test that started the runtime compares the
// tokens with agora-token's (same salt and issue time) in Node, so no reference code runs
// in the runtime under test.

export const APP_ID = '970CA35de60c44645bbae8a215061b33'
export const APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b'

/** @param {Record<string, any>} mod the module namespace of index.js, index.mjs or edge.mjs */
export function report(mod) {
  // The default export is the whole API for every entry (module.exports for index.js).
  const a = mod.default
  const rtc = a.RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'runtime-matrix', 42, a.RtcRole.PUBLISHER, 600, 300)
  const account = a.RtcTokenBuilder.buildTokenWithUserAccount(APP_ID, APP_CERTIFICATE, 'runtime-matrix', 'alice', a.RtcRole.SUBSCRIBER, 600, 600)
  const rtm = a.RtmTokenBuilder.buildToken(APP_ID, APP_CERTIFICATE, 'bob', 600)
  let refused = null
  try {
    a.RtcTokenBuilder.buildTokenWithUid(APP_ID, 'not-a-certificate', 'c', 1, 1, 600, 600)
  } catch (e) {
    refused = { name: e.name, code: e.code, message: e.message }
  }
  // The low-level API's agora-token shape (shape.mjs, applied on every entry): the services
  // are the objects added, and a privilege added after addService is in the token.
  const low = new a.AccessToken2(APP_ID, APP_CERTIFICATE, 0, 600)
  const service = new a.ServiceRtc('runtime-matrix', 7)
  low.add_service(service)
  service.add_privilege(a.ServiceRtc.kPrivilegeJoinChannel, 600)
  const read = new a.AccessToken2()
  read.from_string(low.build())
  const lowLevel = {
    same: low.services[0] === service && low.getServices(1)[0] === service,
    inherits: service instanceof a.Service,
    privileges: read.services[0].__privileges,
    verified: read.verifySignature(APP_CERTIFICATE),
  }
  return JSON.stringify({
    target: a.__napiBindingTarget,
    named: Object.keys(mod).filter((k) => k !== 'default').sort(),
    names: Object.keys(a).sort(),
    tokens: { rtc, account, rtm },
    verified: a.verifyToken(rtc, APP_CERTIFICATE, { channelName: 'runtime-matrix', uid: 42 }),
    wrongCertificate: a.verifyToken(rtc, APP_CERTIFICATE.replace('5', '6')),
    decoded: a.decodeToken(rtc),
    refused,
    kRtcServiceType: a.kRtcServiceType,
    lowLevel,
  })
}
