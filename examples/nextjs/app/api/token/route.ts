// GET /api/token?channel=NAME&uid=1234&role=publisher|subscriber&expiry=3600
// -> { rtcToken, channel, uid, role, expiry }
//
// agora-token-native is a native addon: it runs in the Node.js runtime only (not Edge),
// and next.config.mjs lists it in serverExternalPackages so that it is not bundled.
import { RtcRole, RtcTokenBuilder } from 'agora-token-native'

export const runtime = 'nodejs'
// A token is new on every request: never prerender or cache this route.
export const dynamic = 'force-dynamic'

const HEX32 = /^[0-9a-fA-F]{32}$/
const CHANNEL = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{|}~,]{1,64}$/
const UID = /^(0|[1-9][0-9]{0,9})$/
const MAX_EXPIRY = 86400

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
  const roleParam = params.get('role') ?? 'publisher'
  const expiryParam = params.get('expiry') ?? '3600'

  if (!CHANNEL.test(channel)) {
    return json({ error: 'channel must be 1 to 64 characters of a-z A-Z 0-9 space and !#$%&()+-:;<=.>?@[]^_{|}~,' }, 400)
  }
  if (!UID.test(uidParam) || Number(uidParam) > 4294967295) {
    return json({ error: 'uid must be a decimal integer from 0 to 4294967295' }, 400)
  }
  if (roleParam !== 'publisher' && roleParam !== 'subscriber') {
    return json({ error: 'role must be publisher or subscriber' }, 400)
  }
  if (!/^[0-9]{1,6}$/.test(expiryParam) || Number(expiryParam) < 1 || Number(expiryParam) > MAX_EXPIRY) {
    return json({ error: `expiry must be a whole number of seconds from 1 to ${MAX_EXPIRY}` }, 400)
  }
  const uid = Number(uidParam)
  const expiry = Number(expiryParam)
  const role = roleParam === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER

  try {
    const rtcToken = RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, uid, role, expiry, expiry)
    return json({ rtcToken, channel, uid, role: roleParam, expiry })
  } catch (e) {
    // agora-token-native throws TypeError / RangeError (code ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE) for bad input.
    const err = e as Error & { code?: string }
    if (err.code === 'ERR_INVALID_ARG_TYPE' || err.code === 'ERR_OUT_OF_RANGE') return json({ error: err.message }, 400)
    throw e
  }
}
