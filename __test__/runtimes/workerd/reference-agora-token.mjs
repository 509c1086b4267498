// agora-token's RTC builder for the benchmark build of the Worker (needs nodejs_compat).
import agoraToken from 'agora-token'

export const RtcTokenBuilder = agoraToken.RtcTokenBuilder
