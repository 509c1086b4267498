// `agora-token-native/edge` (the WebAssembly entry) has the native entry's types: the same
// values, assignable both ways. Checked by `npm run test:types`; never run.
import * as edge from 'agora-token-native/edge'
import * as native from 'agora-token-native'
import edgeDefault from 'agora-token-native/edge'
import { RtcRole, RtcTokenBuilder, decodeToken } from 'agora-token-native/edge'

const sameAsNative: typeof native.RtcTokenBuilder = edge.RtcTokenBuilder
const nativeAsEdge: typeof edge.decodeToken = native.decodeToken
const token: string = RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'c', 1, RtcRole.PUBLISHER, 600, 600)
const decoded = decodeToken(token)
const version: string = decoded.version
const viaDefault: typeof native.verifyToken = edgeDefault.verifyToken
// @ts-expect-error the edge entry has no export the native one lacks
edge.notAnExport
void [sameAsNative, nativeAsEdge, version, viaDefault]
