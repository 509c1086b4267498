// ESM consumers: the "import" condition of "exports" (index.mjs) with the package's types.
import native, { RtcTokenBuilder, RtcRole, decodeToken, verifyToken, AccessToken2, ServiceRtc } from 'agora-token-native'
import type { DecodedToken } from 'agora-token-native'
import * as ns from 'agora-token-native'
import legacy, { RtcTokenBuilder as LegacyRtcTokenBuilder, RtcRole as LegacyRtcRole } from 'agora-token-native/legacy'

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'

const t: string = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER, 3600)
const d: DecodedToken = decodeToken(t)
const ok: boolean = verifyToken(t, cert, { channelName: 'demo', uid: 42 })
const same: typeof RtcTokenBuilder = native.RtcTokenBuilder
const viaNs: typeof RtcTokenBuilder = ns.RtcTokenBuilder
const tok = new AccessToken2(appId, cert, 0, 600)
tok.addService(new ServiceRtc('demo', 0))

const l: string = LegacyRtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 1, LegacyRtcRole.PUBLISHER, 1700000000)
const l2: string = legacy.RtcTokenBuilder.buildTokenWithAccount(appId, cert, 'demo', 'bob', legacy.RtcRole.SUBSCRIBER, 1700000000)

// @ts-expect-error -- a 007 role is not a string
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, 'publisher', 3600)
// @ts-expect-error -- no such export
import('agora-token-native').then((m) => m.NoSuchExport)

export { t, d, ok, same, viaNs, l, l2 }
