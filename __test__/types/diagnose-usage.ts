// diagnoseToken's types as a TypeScript user sees them, plus misuse that must not
// type-check. Checked by `npm run test:types`; never run.
import { diagnoseToken } from 'agora-token-native'
import type { DiagnoseExpected, DiagnosisCode, DiagnosisProblem, TokenDiagnosis } from 'agora-token-native'

const expected: DiagnoseExpected = { appId: 'a', channelName: 'demo', uid: 42, service: 'rtm', role: 'publisher', sdk: 'web 4.20', now: 1 }
const d: TokenDiagnosis = diagnoseToken('007...', expected)
const ok: boolean = d.ok
const version: '007' | '006' | '005' | '001' | '002' | '003' | '004' | 'signaling' | null = d.version
const first: DiagnosisProblem | undefined = d.problems[0]
const code: DiagnosisCode | undefined = first?.code
const severity: 'error' | 'warning' | undefined = first?.severity
if (d.token && d.token.version === '007') {
  const channel: string | undefined = d.token.services[0]?.type === 1 ? d.token.services[0].channelName : undefined
  void channel
}
diagnoseToken('007...')
diagnoseToken('007...', { uid: 'alice', role: 2 })
// @ts-expect-error -- not a service name
diagnoseToken('007...', { service: 'video' })
// @ts-expect-error -- not a role
diagnoseToken('007...', { role: 'host' })
// @ts-expect-error -- the token is a string
diagnoseToken(42)
// @ts-expect-error -- codes are a closed set
const wrong: DiagnosisCode = 'TOKEN_BAD'

export { ok, version, code, severity, wrong }
