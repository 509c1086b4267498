// Every export of `agora-token-native` (".") used as documented, plus misuse that must
// not type-check (`@ts-expect-error`). Checked by `npm run test:types` (tsc --noEmit);
// never run.
import {
  AccessToken2,
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  EducationTokenBuilder,
  FpaTokenBuilder,
  LegacyDynamicKey5,
  legacyBuildAccessToken,
  LegacyPrivileges,
  LegacyRtcRole,
  LegacyRtcTokenBuilder,
  LegacyRtmRole,
  LegacyRtmTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  Rtm2Permissions,
  RtmTokenBuilder,
  ServiceApaas,
  ServiceChat,
  ServiceConvoAI,
  ServiceFCdn,
  ServiceFpa,
  ServiceRtc,
  ServiceRtm,
  ServiceRtm2,
  ServiceStreaming,
  ServiceStt,
  SttTokenBuilder,
  decodeToken,
  verifyToken,
  kApaasServiceType,
  kChatServiceType,
  kConvoAIServiceType,
  kFCdnServiceType,
  kFpaServiceType,
  kRtcServiceType,
  kRtm2ServiceType,
  kRtmServiceType,
  kStreamingServiceType,
  kSttServiceType,
  Service,
  __napiBindingTarget,
} from 'agora-token-native'
import type {
  DecodedDynamicKey5,
  DecodedPrivileges,
  DecodedService,
  DecodedToken,
  DecodedToken006,
  DecodedToken007,
} from 'agora-token-native'

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const strings: string[] = []

// --- RtcTokenBuilder ---
const role: RtcRole = RtcRole.PUBLISHER
const sub: 2 = RtcRole.SUBSCRIBER
strings.push(
  RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, role, 3600),
  RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', '42', sub, 3600, 600),
  RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, 'demo', 'alice', RtcRole.PUBLISHER, 3600, 600),
  RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, 'demo', 42, 3600, 600, 600, 600, 600),
  RtcTokenBuilder.buildTokenWithUserAccountAndPrivilege(appId, cert, 'demo', 'alice', 3600, 600, 600, 600, 600),
  RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, 'demo', 'alice', 3600, 600, 600, 600, 600),
  RtcTokenBuilder.buildTokenWithRtm(appId, cert, 'demo', 'alice', RtcRole.PUBLISHER, 3600),
  RtcTokenBuilder.buildTokenWithRtm2(appId, cert, 'demo', 42, RtcRole.PUBLISHER, 3600, 600, 600, 600, 600, 'alice', 3600),
)
// @ts-expect-error -- role must be a number, not a role name
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, 'publisher', 3600)
// @ts-expect-error -- tokenExpire is missing
RtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER)
// @ts-expect-error -- channelName must be a string
RtcTokenBuilder.buildTokenWithUid(appId, cert, 42, 42, RtcRole.PUBLISHER, 3600)
// @ts-expect-error -- the builders are static: no instances needed
new RtcTokenBuilder().buildTokenWithUid(appId, cert, 'demo', 42, RtcRole.PUBLISHER, 3600)
// @ts-expect-error -- RtcRole is read-only
RtcRole.PUBLISHER = 2

// --- RTM, Chat, APaaS / Education, FPA, ConvoAI, STT ---
const perms = new Rtm2Permissions()
perms.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, ['chan-*'])
strings.push(
  RtmTokenBuilder.buildToken(appId, cert, 'bob', 3600),
  RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'bob', perms, 3600),
  ChatTokenBuilder.buildUserToken(appId, cert, 'bob', 3600),
  ChatTokenBuilder.buildAppToken(appId, cert, 3600),
  ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room', 'user', 1, 3600),
  ApaasTokenBuilder.buildUserToken(appId, cert, 'user', 3600),
  ApaasTokenBuilder.buildAppToken(appId, cert, 3600),
  EducationTokenBuilder.buildRoomUserToken(appId, cert, 'room', 'user', 2, 3600),
  EducationTokenBuilder.buildUserToken(appId, cert, 'user', 3600),
  EducationTokenBuilder.buildAppToken(appId, cert, 3600),
  FpaTokenBuilder.buildToken(appId, cert),
  ConvoAITokenBuilder.buildToken(appId, cert, 'demo', 'agent', RtcRole.PUBLISHER, 3600, 600, 600, 600, 600, 'agent', 3600),
  SttTokenBuilder.buildToken(appId, cert, 'demo', 7, RtcRole.SUBSCRIBER, 3600, 600, 600, 600, 600, 'stt', 3600),
)
// @ts-expect-error -- expire is missing
RtmTokenBuilder.buildToken(appId, cert, 'bob')
// @ts-expect-error -- permissions must be an Rtm2Permissions
RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'bob', { 0: ['x'] }, 3600)
// @ts-expect-error -- the APaaS role is a number
ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'room', 'user', 'teacher', 3600)
// @ts-expect-error -- FPA takes only the credentials
FpaTokenBuilder.buildToken(appId)
// @ts-expect-error -- ConvoAI needs all twelve arguments
ConvoAITokenBuilder.buildToken(appId, cert, 'demo', 'agent', RtcRole.PUBLISHER, 3600)

// --- AccessToken2 and the service classes ---
const token = new AccessToken2(appId, cert, 0, 3600)
const rtc = new ServiceRtc('demo', 42)
rtc.addPrivilege(ServiceRtc.kPrivilegeJoinChannel, 3600)
rtc.add_privilege(ServiceRtc.kPrivilegePublishAudioStream, 3600)
const rtm = new ServiceRtm('bob')
rtm.addPrivilege(ServiceRtm.kPrivilegeLogin, 3600)
const stream = new ServiceStreaming('demo', 'bob')
stream.addPrivilege(ServiceStreaming.kPrivilegePublishMixStream, 3600)
const fpa = new ServiceFpa()
fpa.addPrivilege(ServiceFpa.kPrivilegeLogin, 0)
const chat = new ServiceChat('bob')
chat.addPrivilege(ServiceChat.kPrivilegeUser, 3600)
const fcdn = new ServiceFCdn('demo', 'bob')
fcdn.addPrivilege(ServiceFCdn.kPrivilegePlay, 3600)
const apaas = new ServiceApaas('room', 'user', 1)
apaas.addPrivilege(ServiceApaas.PRIVILEGE_ROOM_USER, 3600)
const rtm2 = new ServiceRtm2('bob', perms)
rtm2.addPrivilege(ServiceRtm2.kPrivilegeLogin, 3600)
const services: Service[] = [rtc, rtm, stream, fpa, chat, fcdn, apaas, rtm2, new ServiceConvoAI(), new ServiceStt()]
for (const s of services) token.addService(s)
token.add_service(new ServiceRtm('carol'))
const n: number = rtc.service_type()
const plain: DecodedService = rtc.toJSON()
const built: string = token.build()
const read = new AccessToken2()
const parsed: boolean = read.fromString(built) && read.from_string(built)
const signed: boolean = read.verifySignature(cert)
const rtcs: Service[] = read.getServices(kRtcServiceType)
const all: Service[] = read.services
const issued: number = read.issueTs + read.expire + read.salt
read.appId = appId
const json: { appId: string; services: DecodedService[] } = token.toJSON()
// @ts-expect-error -- ServiceRtc needs a channel name and uid
new ServiceRtc()
// @ts-expect-error -- addService takes a service, not a service type number
token.addService(kRtcServiceType)
// @ts-expect-error -- build() takes no arguments
token.build(cert)
// services is a plain array, as agora-token's, and can be replaced
token.services = [...token.services]
// @ts-expect-error -- services holds service objects
token.services = [kRtcServiceType]

// --- service type numbers ---
const types: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] = [
  kRtcServiceType,
  kRtmServiceType,
  kStreamingServiceType,
  kFpaServiceType,
  kChatServiceType,
  kFCdnServiceType,
  kApaasServiceType,
  kRtm2ServiceType,
  kConvoAIServiceType,
  kSttServiceType,
]

// --- decodeToken / verifyToken ---
const decoded: DecodedToken = decodeToken(built)
if (decoded.version === '007') {
  const d7: DecodedToken007 = decoded
  for (const s of d7.services) {
    const p: DecodedPrivileges = s.privileges
    if (s.name === 'rtc') strings.push(s.channelName, s.uid)
    if (s.name === 'apaas') strings.push(s.roomUuid, s.userUuid, String(s.role))
    if (s.type === 8) strings.push(...Object.values(s.permissions).flatMap((x) => Object.values(x).flat()))
    // @ts-expect-error -- an FPA service has no channel
    if (s.name === 'fpa') strings.push(s.channelName)
  }
} else if (decoded.version === '006') {
  const d6: DecodedToken006 = decoded
  const crc: number = d6.crcChannelName + d6.crcUid + d6.ts
} else if (decoded.version === '005') {
  const d5: DecodedDynamicKey5 = decoded
  const svc: string | null = d5.service
} else {
  // DynamicKey (v1) to DynamicKey4 and the Signaling token
  const format: 'DynamicKey' | 'DynamicKey2' | 'DynamicKey3' | 'DynamicKey4' | 'SignalingToken' = decoded.format
  const ambiguity: string | null = decoded.ambiguity
}
// @ts-expect-error -- a 007 token has no ts; narrow on version first
decoded.ts
const valid: boolean =
  verifyToken(built, cert) &&
  verifyToken(built, cert, { channelName: 'demo' }) &&
  verifyToken(built, cert, { channelName: 'demo', uid: 42 }) &&
  verifyToken(built, cert, { uid: 'alice' }) &&
  verifyToken(built, cert, { checkExpiry: true }) &&
  verifyToken(built, cert, { channelName: 'demo', now: 1700000000 })
// @ts-expect-error -- now is Unix seconds, a number
verifyToken(built, cert, { now: new Date() })
// @ts-expect-error -- checkExpiry is a boolean
verifyToken(built, cert, { checkExpiry: 'yes' })
// @ts-expect-error -- the certificate is required
verifyToken(built)
// @ts-expect-error -- the expected channel is called channelName
verifyToken(built, cert, { channel: 'demo' })
// @ts-expect-error -- decodeToken takes a string
decodeToken(42)

// --- the legacy natives (documented names in agora-token-native/legacy) ---
strings.push(
  legacyBuildAccessToken(appId, cert, 'demo', 42, 1, 1700000000, { [LegacyPrivileges.kJoinChannel]: 1700000000 }),
  LegacyRtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, LegacyRtcRole.PUBLISHER, 1700000000),
  LegacyRtcTokenBuilder.buildTokenWithAccount(appId, cert, 'demo', 'bob', LegacyRtcRole.ADMIN, 1700000000),
  LegacyRtmTokenBuilder.buildToken(appId, cert, 'bob', LegacyRtmRole.Rtm_User, 1700000000),
  LegacyDynamicKey5.generateMediaChannelKey(appId, cert, 'demo', 1700000000, 1, 42, 0),
)
// @ts-expect-error -- the privilege expiry is required
LegacyRtcTokenBuilder.buildTokenWithUid(appId, cert, 'demo', 42, LegacyRtcRole.PUBLISHER)

// --- which artifact the loader picked ---
const target: 'native' | 'wasm32-wasi' | 'wasm32-wasip1' = __napiBindingTarget
// @ts-expect-error -- not one of the flavors
const wrongTarget: 'wasm' = __napiBindingTarget

export { strings, n, plain, parsed, signed, rtcs, all, issued, json, types, valid, target }

// --- agora-token's parsed-object fields and the Service base class ---
{
  const parsed = new AccessToken2()
  parsed.fromString(built)
  const first = parsed.services[0]
  const isService: boolean = first instanceof Service
  const rtc = new ServiceRtc('*', 42)
  const fields: string = rtc.__channel_name + rtc.__uid + String(rtc.__type) + JSON.stringify(rtc.__privileges)
  const bare = new Service(kFpaServiceType)
  bare.add_privilege(1, 600)
  parsed.addService(bare)
  void [isService, fields, parsed.__parsed, parsed.__signature.length]
  // @ts-expect-error -- the __ fields are read-only
  rtc.__channel_name = 'x'
}
