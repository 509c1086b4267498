// Type-level drop-in: a TypeScript app typed against the references compiles unchanged
// after its import line is switched. Each module's type must be assignable to the
// reference's (every export there is here, every function accepts what the reference's
// declares, every class has the reference's members), checked by `npm run test:types`.
import * as agoraToken from 'agora-token'
import * as agoraAccessToken from 'agora-access-token'
import * as root from 'agora-token-native'
import * as legacy from 'agora-token-native/legacy'
import * as edge from 'agora-token-native/edge'

export const forAgoraToken: typeof agoraToken = root
// The edge entry (WebAssembly) has the same face, for edge functions that used agora-token.
export const forAgoraTokenOnTheEdge: typeof agoraToken = edge
export const forAgoraAccessToken: typeof agoraAccessToken = legacy

// The one class agora-token types, where an app annotates its own variables with it.
export const permissions: agoraToken.Rtm2Permissions = new root.Rtm2Permissions()
