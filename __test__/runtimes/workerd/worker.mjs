// A Cloudflare Worker that issues Agora RTC tokens, as a user would write one: the App ID and
// App Certificate come from env bindings (in production: `wrangler secret put`), the package
// is imported by name and the `workerd` export condition picks the WebAssembly entry.
//
// GET /token?channel=NAME&uid=N -> { token }
// GET /bench?impl=native|reference&n=N -> builds N tokens (bench/wasm.mjs only); the
// reference implementation (agora-token) is bundled only into the benchmark's build.
// GET /bench-decode?n=N -> decodes one token N times with decodeToken (bench/wasm.mjs only).
import { RtcRole, RtcTokenBuilder, __napiBindingTarget, decodeToken } from 'agora-token-native'
import * as reference from './reference.mjs'

export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    if (url.pathname === '/token') {
      const channel = url.searchParams.get('channel') || ''
      const uid = Number(url.searchParams.get('uid') || 0)
      try {
        const token = RtcTokenBuilder.buildTokenWithUid(env.AGORA_APP_ID, env.AGORA_APP_CERTIFICATE, channel, uid, RtcRole.PUBLISHER, 600, 600)
        return Response.json({ token, target: __napiBindingTarget })
      } catch (e) {
        return Response.json({ error: e.message, code: e.code }, { status: 400 })
      }
    }
    if (url.pathname === '/bench') {
      const n = Number(url.searchParams.get('n') || 0)
      const impl = url.searchParams.get('impl') === 'reference' ? reference.RtcTokenBuilder : RtcTokenBuilder
      if (!impl) return Response.json({ error: 'the reference is not bundled in this build' }, { status: 404 })
      let last = ''
      for (let i = 0; i < n; i++) last = impl.buildTokenWithUid(env.AGORA_APP_ID, env.AGORA_APP_CERTIFICATE, 'bench', i, 1, 600, 600)
      return Response.json({ n, last })
    }
    if (url.pathname === '/bench-decode') {
      const n = Number(url.searchParams.get('n') || 0)
      const token = RtcTokenBuilder.buildTokenWithUid(env.AGORA_APP_ID, env.AGORA_APP_CERTIFICATE, 'bench', 42, 1, 600, 600)
      let last = null
      for (let i = 0; i < n; i++) last = decodeToken(token)
      return Response.json({ n, last })
    }
    return new Response('not found', { status: 404 })
  },
}
