// GET /api/token?channel=NAME&uid=1234&role=publisher|subscriber&expiry=3600
// -> { rtcToken, channel, uid, role, expiry }
//
// agora-token-native is a native addon: it runs in the Node.js runtime only (not Edge),
// and next.config.mjs lists it in serverExternalPackages so that it is not bundled.
// The parameter rules and error messages are the token service's own
// (agora-token-native/service), the same as `npm start` and the Express example.
import { createTokens, type TokenFunctions } from 'agora-token-native/service'

export const runtime = 'nodejs'
// A token is new on every request: never prerender or cache this route.
export const dynamic = 'force-dynamic'

let tokens: TokenFunctions | undefined

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export function GET(request: Request): Response {
  if (!tokens) {
    try {
      tokens = createTokens({ appId: process.env.APP_ID ?? '', appCertificate: process.env.APP_CERTIFICATE ?? '' })
    } catch {
      return json({ error: 'the server is not configured: set APP_ID and APP_CERTIFICATE (32 hexadecimal characters each)' }, 500)
    }
  }
  const params = new URL(request.url).searchParams
  const channel = params.get('channel') ?? ''
  const uid = params.get('uid') ?? '0'
  const role = params.get('role') ?? 'publisher'
  const expiry = params.get('expiry') ?? '3600'
  const answer = tokens.rtc({ channelName: channel, role, tokenType: 'uid', rtcuid: uid, expiry })
  if (answer.status !== 200 || !('rtcToken' in answer.body)) return json(answer.body, answer.status)
  return json({ rtcToken: answer.body.rtcToken, channel, uid: Number(uid), role, expiry: Number(expiry) })
}
