// The `agora-token-native/src/<Module>` subpaths (the reference packages' module paths) as
// a TypeScript user sees them. Checked by `npm run test:types`; never run.
import { AccessToken2, ServiceRtc, ServiceRtm, kRtcServiceType, Rtm2Permissions } from 'agora-token-native/src/AccessToken2'
import { RtcTokenBuilder, Role } from 'agora-token-native/src/RtcTokenBuilder2'
import { RtmTokenBuilder } from 'agora-token-native/src/RtmTokenBuilder2'
import { RtcTokenBuilder as RtcTokenBuilder006, Role as Role006 } from 'agora-token-native/src/RtcTokenBuilder'
import { RtmTokenBuilder as RtmTokenBuilder006, Role as RtmRole006 } from 'agora-token-native/src/RtmTokenBuilder'
import { AccessToken, priviledges, version } from 'agora-token-native/src/AccessToken'
import { ChatTokenBuilder } from 'agora-token-native/src/ChatTokenBuilder.js'
import * as DynamicKey5 from 'agora-token-native/src/DynamicKey5'
import * as SignalingToken from 'agora-token-native/src/SignalingToken'

const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const t = new AccessToken2(appId, cert, 0, 600)
const rtc = new ServiceRtc('channel', 42)
t.add_service(rtc)
rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 600)
t.services.push(new ServiceRtm('alice'))
const first = t.services[0]
const rtcs = t.getServices(kRtcServiceType)
const token: string = t.build()
const p = new AccessToken2()
const read: boolean = p.from_string(token)
const signature: Uint8Array = p.__signature
const packed: Uint8Array = rtc.pack()
const Rtc: typeof ServiceRtc = AccessToken2.kServices[kRtcServiceType]
const a: string = RtcTokenBuilder.buildTokenWithUid(appId, cert, 'c', 1, Role.PUBLISHER, 600, 600)
const b: string = RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'u', new Rtm2Permissions(), 600)
const c: string = RtcTokenBuilder006.buildTokenWithUid(appId, cert, 'c', 1, Role006.PUBLISHER, 1900000000)
const d: string = RtmTokenBuilder006.buildToken(appId, cert, 'u', RtmRole006.Rtm_User, 1900000000)
const e: string = ChatTokenBuilder.buildUserToken(appId, cert, 'u', 600)
const old = new AccessToken('', '', '', '')
old.fromString(c)
const crc: number | undefined = old.crc_channel_name
const join: number = priviledges.kJoinChannel
const v: '006' = version
const f: string = DynamicKey5.generateMediaChannelKey(appId, cert, 'c', 1, 2, 3, 4)
const g: string = SignalingToken.get(appId, cert, 'acc', 1900000000)
// @ts-expect-error -- the 007 Role has no ADMIN (the 006 one has)
Role.ADMIN
// @ts-expect-error -- not a module of the references
import('agora-token-native/src/Nothing')

export { first, rtcs, read, signature, packed, Rtc, a, b, c, d, e, crc, join, v, f, g }
