// `agora-token-native/legacy` (agora-access-token@2.0.4's API): every export, and misuse
// that must not type-check. Checked by `npm run test:types`; never run.
import {
  AccessToken,
  DynamicKey5,
  Privileges,
  RtcRole,
  RtcTokenBuilder,
  RtmRole,
  RtmTokenBuilder,
  decodeToken,
  verifyToken,
} from 'agora-token-native/legacy'
import type { DecodedToken, DecodedToken006, DecodedDynamicKey5 } from 'agora-token-native/legacy'

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const expireTs = Math.floor(Date.now() / 1000) + 3600

const tokens: string[] = [
  RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER, expireTs),
  RtcTokenBuilder.buildTokenWithAccount(appId, cert, 'demo', 'bob', RtcRole.SUBSCRIBER, expireTs),
  RtmTokenBuilder.buildToken(appId, cert, 'bob', RtmRole.Rtm_User, expireTs),
  DynamicKey5.generatePublicSharingKey(appId, cert, 'demo', 1700000000, 1, 42, 0),
  DynamicKey5.generateRecordingKey(appId, cert, 'demo', 1700000000, 1, 42, 0),
  DynamicKey5.generateMediaChannelKey(appId, cert, 'demo', 1700000000, 1, 42, 0),
  DynamicKey5.generateInChannelPermissionKey(appId, cert, 'demo', 1700000000, 1, 42, 0, DynamicKey5.audioVideoUpload),
  DynamicKey5.generateDynamicKey(appId, cert, 'demo', 1700000000, 1, 42, 0, { 1: DynamicKey5.audioVideoUpload }, 4),
  DynamicKey5.generateDynamicKey(appId, cert, 'demo', 1700000000, 1, 42, 0, null, 1),
]
const at = new AccessToken(appId, cert, 'demo', 42)
at.addPrivilege(Privileges.kJoinChannel, expireTs)
at.addPriviledge(Privileges.kRtmLogin, expireTs)
tokens.push(at.build())
const readBack: boolean = new AccessToken(appId, cert, 'demo', 42).fromString(tokens[0])
const roles: (0 | 1 | 2 | 101)[] = [RtcRole.ATTENDEE, RtcRole.PUBLISHER, RtcRole.SUBSCRIBER, RtcRole.ADMIN]

const d: DecodedToken = decodeToken(tokens[0])
if (d.version === '006') {
  const d6: DecodedToken006 = d
} else if (d.version === '005') {
  const d5: DecodedDynamicKey5 = d
}
const ok: boolean = verifyToken(tokens[0], cert, { channelName: 'demo', uid: 42 })

// @ts-expect-error -- the expiry timestamp is required
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER)
// @ts-expect-error -- extra values are strings
DynamicKey5.generateDynamicKey(appId, cert, 'demo', 1700000000, 1, 42, 0, { 1: 3 }, 4)
// @ts-expect-error -- the role is a number, not a name
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, 'publisher', expireTs)
// @ts-expect-error -- AccessToken needs channel and uid
new AccessToken(appId, cert)
// @ts-expect-error -- no such privilege
Privileges.kFly

export { tokens, readBack, roles, ok }

// The keys older than DynamicKey5.
import { SignalingToken, DynamicKey, DynamicKey2, DynamicKey3, DynamicKey4, decodeLegacyKey, verifyLegacyKey } from 'agora-token-native/legacy'
import type { DecodedLegacyKey } from 'agora-token-native/legacy'
{
  const id = '970ca35de60c44645bbae8a215061b33'
  const cert = '5cfd2fd1755d40ecb72977518be15d3b'
  const s: string = SignalingToken.get(id, cert, 'alice', 3600) + SignalingToken.get1DayToken(id, cert, 'alice') + SignalingToken.getWithExpiredTs(id, cert, 1, 0)
  const k1: string = DynamicKey.generate(id, cert, 'c', 1, 2)
  const k3: string = DynamicKey3.generate(id, cert, 'c', 1, 2, 3, 4) + DynamicKey2.generate(id, cert, 'c', 1, 2, 3, 4)
  const k4: string = DynamicKey4.generateDynamicKey(id, cert, 'c', 1, 2, 3, 4, 'ARS')
  const svc: 'publicSharing' | 'recording' | 'mediaChannel' | null = DynamicKey4.serviceOf(k4, cert, 'c', 3)
  const d: DecodedLegacyKey = decodeLegacyKey(k1)
  if (d.format === 'SignalingToken') {
    const t: number = d.expiredTs
  } else {
    const u: number | null = d.uid
    const a: string | null = d.ambiguity
  }
  const ok: boolean = verifyLegacyKey(k3, cert, { channelName: 'c', uid: 3 })
  // @ts-expect-error: servicetype is one of the three codes
  DynamicKey4.generateDynamicKey(id, cert, 'c', 1, 2, 3, 4, 'XYZ')
  void [s, svc, ok]
}
{
  const versions: ['001', '003', '004'] = [DynamicKey.version, DynamicKey3.version, DynamicKey4.version]
  void versions
}
// The reference's live fields, the parse idiom and the 1.x aliases.
const live = new AccessToken('', '', '', '')
live.appID = appId
live.appCertificate = cert
live.channelName = 'demo'
live.uid = 42
live.messages[Privileges.kJoinChannel] = '1900000000'
live.salt = 1
live.ts = 1111111
const aliased: string = new AccessToken.Token(appId, cert, 'demo', 0).build() + AccessToken.Priviledges.kRtmLogin
void aliased
