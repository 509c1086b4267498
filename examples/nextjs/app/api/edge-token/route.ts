// GET /api/edge-token?channel=NAME&uid=1234 -> { rtcToken, channel, uid, target }
//
// The same token as /api/token, from the Edge runtime. There the package's `edge-light`
// export condition selects its WebAssembly build (agora-token-native-wasm32-wasi, which the
// app installs as an optional dependency with `cpu=wasm32` in .npmrc: see the README's
// "Runtimes" section); the native addon cannot load in an Edge route.
import { RtcRole, RtcTokenBuilder, __napiBindingTarget } from 'agora-token-native'

export const runtime = 'edge'
// A token is new on every request: never prerender or cache this route.
export const dynamic = 'force-dynamic'

const HEX32 = /^[0-9a-fA-F]{32}$/
const UID = /^(0|[1-9][0-9]{0,9})$/

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export function GET(request: Request): Response {
  const appId = process.env.APP_ID ?? ''
  const appCertificate = process.env.APP_CERTIFICATE ?? ''
  if (!HEX32.test(appId) || !HEX32.test(appCertificate)) {
    return json({ error: 'the server is not configured: set APP_ID and APP_CERTIFICATE (32 hexadecimal characters each)' }, 500)
  }
  const params = new URL(request.url).searchParams
  const channel = params.get('channel') ?? ''
  const uidParam = params.get('uid') ?? '0'
  if (!UID.test(uidParam) || Number(uidParam) > 4294967295) {
    return json({ error: 'uid must be a decimal integer from 0 to 4294967295' }, 400)
  }
  const uid = Number(uidParam)
  try {
    const rtcToken = RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, uid, RtcRole.PUBLISHER, 3600, 3600)
    return json({ rtcToken, channel, uid, target: __napiBindingTarget })
  } catch (e) {
    // The package's own rule for the channel name (and every other input) answers here.
    const err = e as Error & { code?: string }
    if (err.code === 'ERR_INVALID_ARG_TYPE' || err.code === 'ERR_OUT_OF_RANGE') return json({ error: err.message }, 400)
    throw e
  }
}
