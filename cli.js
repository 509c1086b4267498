#!/usr/bin/env node
'use strict'
// agora-token-native command line: build, decode and verify Agora tokens.
// Plain CommonJS over the package's own API; exit codes: 0 ok / valid,
// 1 invalid or undecodable token, 2 usage error.

const { parseArgs } = require('node:util')
const native = require('./index.js')

const PROG = 'agora-token-native'

class UsageError extends Error {}

const HELP = {
  main: `Usage: ${PROG} <command> [options]

Commands:
  build <kind>      Build a 007 token; kind is one of:
                    rtc, rtm, chat, apaas, education, fpa, convoai, stt
  decode <token>    Print what a 007, 006 or 005 token contains (no signature check)
  verify <token>    Check a token's signature with the App Certificate
  diagnose <token>  Tell why Agora would refuse a token (error 109, 110, ...)

Options:
  -h, --help        Show help (also: ${PROG} <command> --help)
  -v, --version     Show the version

Credentials come from --app-id / --app-certificate or the environment
variables AGORA_APP_ID / AGORA_APP_CERTIFICATE.

Exit codes: 0 success (token valid), 1 token invalid or undecodable, 2 usage error.`,

  build: `Usage: ${PROG} build <kind> [options]

Prints a 007 token on stdout. Credentials: --app-id / --app-certificate,
or AGORA_APP_ID / AGORA_APP_CERTIFICATE.

Kinds and their options:
  rtc        --channel <name> (--uid <n> | --account <s>) [--role publisher|subscriber]
             [--expire <s>] [--privilege-expire <s>]
  rtm        --user-id <s> [--expire <s>]
  chat       --user-id <s> | --app      [--expire <s>]
  apaas      --room-uuid <s> --user-uuid <s> --role <n>   (room user token)
             | --user-uuid <s>                            (user token)
             | --app                                      (app token)   [--expire <s>]
  education  same as apaas
  fpa        (no options: a 24-hour FPA login token)
  convoai    --channel <name> (--uid <n> | --account <s>) [--role publisher|subscriber]
             [--expire <s>] [--privilege-expire <s>] [--user-id <s>] [--rtm-expire <s>]
  stt        same as convoai

Common options:
  --app-id <id>              App ID (32 hex characters)
  --app-certificate <cert>   App Certificate (32 hex characters)
  --expire <seconds>         Token lifetime in seconds from now (default 3600; 0 warns: expired at issue)
  --privilege-expire <s>     RTC privilege lifetime in seconds (default: --expire)
  --rtm-expire <s>           convoai/stt: RTM lifetime in seconds (default: --expire)
  --user-id <s>              rtm/chat user; convoai/stt RTM user (default: the uid/account)
  -h, --help                 Show this help

Example:
  ${PROG} build rtc --channel demo --uid 42 --role publisher --expire 600`,

  decode: `Usage: ${PROG} decode <token> [--json]

Prints the token's version, App ID, issue and expiry times (ISO 8601, UTC) and
every service with its privileges and their expiry. The signature is NOT checked:
use \`${PROG} verify\` to decide whether to trust a token.

Options:
  --json       Print decodeToken()'s result as JSON
  -h, --help   Show this help

Exit codes: 0 decoded, 1 the token could not be decoded, 2 usage error.`,

  verify: `Usage: ${PROG} verify <token> [--app-certificate <cert>] [--channel <name>] [--uid <n> | --account <s>] [--json]

Checks the token's signature with the App Certificate (or AGORA_APP_CERTIFICATE)
and, when given, that it is for this channel and uid/account. 006 and 005 tokens
need --channel and --uid (or --account): their signatures cover them.
The token must also not have expired (a 007 token whose expire is 0 expired
the moment it was issued). For a valid 006 token it also lists when each
privilege expires (--json: "privilegesExpireAt"), often before the token does.

Options:
  --app-certificate <cert>   App Certificate (32 hex characters)
  --channel <name>           Expected channel name
  --uid <n>                  Expected numeric uid (0: any uid)
  --account <s>              Expected string user account
  --json                     Print {"valid": bool, "reason": string|null, ...} as JSON
  -h, --help                 Show this help

Exit codes: 0 valid, 1 invalid, 2 usage error.`,

  diagnose: `Usage: ${PROG} diagnose <token> [--app-id <id>] [--channel <name>] [--uid <n> | --account <s>]
                         [--service <name>] [--role publisher|subscriber] [--sdk "<sdk> <version>"] [--json]

Decodes the token and compares it with what the client uses: prints every problem
(code, what is wrong, and what to change where the token is built), then the token.
The signature is checked when AGORA_APP_CERTIFICATE is set (006 and 005 tokens also
need --channel and --uid/--account, which their signatures cover).

Options:
  --app-id <id>              App ID the client uses (or AGORA_APP_ID)
  --channel <name>           Channel the client joins
  --uid <n>                  Numeric uid the client joins with (0: Agora assigns one)
  --account <s>              String user account (RTC) or user id (RTM) instead
  --service <name>           What the token is used for: rtc, rtm, chat, apaas, fpa, rtm2, ...
  --role <role>              publisher or subscriber
  --sdk "<sdk> <version>"    Client SDK, e.g. "web 4.20", "android 4.3", "rtm 2.2"
  --now <unix seconds>       Diagnose at this time instead of now
  --app-certificate <cert>   Accepted, but prefer AGORA_APP_CERTIFICATE: a flag shows in
                             \`ps\` and in the shell history
  --json                     Print diagnoseToken()'s result as JSON
  -h, --help                 Show this help

Exit codes: 0 no error found, 1 the token has errors, 2 usage error.`,
}

function parse(args, options) {
  try {
    return parseArgs({
      args,
      options: { help: { type: 'boolean', short: 'h' }, ...options },
      allowPositionals: true,
      strict: true,
    })
  } catch (e) {
    throw new UsageError(e.message)
  }
}

function seconds(name, value, fallback) {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number of seconds, got ${JSON.stringify(value)}`)
  return Number(value)
}

function uidValue(value) {
  if (!/^\d+$/.test(value)) throw new UsageError(`--uid must be a non-negative integer, got ${JSON.stringify(value)} (use --account for a string user account)`)
  return Number(value)
}

function credentials(v) {
  const appId = v['app-id'] ?? process.env.AGORA_APP_ID
  const appCertificate = v['app-certificate'] ?? process.env.AGORA_APP_CERTIFICATE
  if (!appId) throw new UsageError('missing App ID: pass --app-id or set AGORA_APP_ID')
  if (!appCertificate) throw new UsageError('missing App Certificate: pass --app-certificate or set AGORA_APP_CERTIFICATE')
  return [appId, appCertificate]
}

function required(v, name, kind) {
  if (v[name] === undefined || v[name] === '') throw new UsageError(`build ${kind}: --${name} is required`)
  return v[name]
}

function rtcUser(v, kind) {
  if (v.uid !== undefined && v.account !== undefined) throw new UsageError(`build ${kind}: give either --uid or --account, not both`)
  if (v.uid !== undefined) return uidValue(v.uid)
  if (v.account !== undefined) return v.account
  throw new UsageError(`build ${kind}: --uid <n> or --account <s> is required (--uid 0 allows any uid)`)
}

function rtcRole(v) {
  const role = (v.role ?? 'publisher').toLowerCase()
  if (role === 'publisher') return native.RtcRole.PUBLISHER
  if (role === 'subscriber') return native.RtcRole.SUBSCRIBER
  throw new UsageError(`--role must be publisher or subscriber, got ${JSON.stringify(v.role)}`)
}

const BUILD_OPTIONS = {
  'app-id': { type: 'string' },
  'app-certificate': { type: 'string' },
  channel: { type: 'string' },
  uid: { type: 'string' },
  account: { type: 'string' },
  role: { type: 'string' },
  expire: { type: 'string' },
  'privilege-expire': { type: 'string' },
  'rtm-expire': { type: 'string' },
  'user-id': { type: 'string' },
  'room-uuid': { type: 'string' },
  'user-uuid': { type: 'string' },
  app: { type: 'boolean' },
}

// Which options each kind accepts (besides app-id, app-certificate, help).
const KIND_OPTIONS = {
  rtc: ['channel', 'uid', 'account', 'role', 'expire', 'privilege-expire'],
  rtm: ['user-id', 'expire'],
  chat: ['user-id', 'app', 'expire'],
  apaas: ['room-uuid', 'user-uuid', 'role', 'app', 'expire'],
  education: ['room-uuid', 'user-uuid', 'role', 'app', 'expire'],
  fpa: [],
  convoai: ['channel', 'uid', 'account', 'role', 'expire', 'privilege-expire', 'user-id', 'rtm-expire'],
  stt: ['channel', 'uid', 'account', 'role', 'expire', 'privilege-expire', 'user-id', 'rtm-expire'],
}

function build(args) {
  const { values: v, positionals } = parse(args, BUILD_OPTIONS)
  if (v.help) return out(HELP.build)
  const kind = positionals[0]
  if (!kind) throw new UsageError(`build: missing kind (one of ${Object.keys(KIND_OPTIONS).join(', ')})`)
  if (!Object.hasOwn(KIND_OPTIONS, kind)) throw new UsageError(`build: unknown kind ${JSON.stringify(kind)} (one of ${Object.keys(KIND_OPTIONS).join(', ')})`)
  if (positionals.length > 1) throw new UsageError(`build ${kind}: unexpected argument ${JSON.stringify(positionals[1])}`)
  for (const name of Object.keys(v)) {
    if (name !== 'app-id' && name !== 'app-certificate' && !KIND_OPTIONS[kind].includes(name)) {
      throw new UsageError(`build ${kind}: --${name} does not apply (see ${PROG} build --help)`)
    }
  }
  const [appId, cert] = credentials(v)
  const expire = seconds('expire', v.expire, 3600)
  // The libraries accept 0 (agora-token does); on the command line it is more likely a slip.
  if (expire === 0) err('warning: --expire 0 makes a token that expires the moment it is issued')
  let token
  switch (kind) {
    case 'rtc': {
      const channel = required(v, 'channel', kind)
      const user = rtcUser(v, kind)
      const privilegeExpire = seconds('privilege-expire', v['privilege-expire'], expire)
      token = typeof user === 'number'
        ? native.RtcTokenBuilder.buildTokenWithUid(appId, cert, channel, user, rtcRole(v), expire, privilegeExpire)
        : native.RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, channel, user, rtcRole(v), expire, privilegeExpire)
      break
    }
    case 'rtm':
      token = native.RtmTokenBuilder.buildToken(appId, cert, required(v, 'user-id', kind), expire)
      break
    case 'chat':
      if (v.app && v['user-id'] !== undefined) throw new UsageError('build chat: give either --user-id or --app, not both')
      if (v.app) token = native.ChatTokenBuilder.buildAppToken(appId, cert, expire)
      else token = native.ChatTokenBuilder.buildUserToken(appId, cert, required(v, 'user-id', kind), expire)
      break
    case 'apaas':
    case 'education': {
      const B = kind === 'apaas' ? native.ApaasTokenBuilder : native.EducationTokenBuilder
      if (v.app) {
        if (v['room-uuid'] !== undefined || v['user-uuid'] !== undefined || v.role !== undefined) {
          throw new UsageError(`build ${kind}: --app takes no --room-uuid, --user-uuid or --role`)
        }
        token = B.buildAppToken(appId, cert, expire)
      } else if (v['room-uuid'] !== undefined || v.role !== undefined) {
        const room = required(v, 'room-uuid', kind)
        const user = required(v, 'user-uuid', kind)
        const roleText = required(v, 'role', kind)
        if (!/^-?\d+$/.test(roleText)) throw new UsageError(`build ${kind}: --role must be an integer (1 teacher, 2 student, ...), got ${JSON.stringify(roleText)}`)
        token = B.buildRoomUserToken(appId, cert, room, user, Number(roleText), expire)
      } else if (v['user-uuid'] !== undefined) {
        token = B.buildUserToken(appId, cert, v['user-uuid'], expire)
      } else {
        throw new UsageError(`build ${kind}: give --room-uuid, --user-uuid and --role (room user token), --user-uuid (user token) or --app (app token)`)
      }
      break
    }
    case 'fpa':
      token = native.FpaTokenBuilder.buildToken(appId, cert)
      break
    case 'convoai':
    case 'stt': {
      const B = kind === 'convoai' ? native.ConvoAITokenBuilder : native.SttTokenBuilder
      const channel = required(v, 'channel', kind)
      const user = rtcUser(v, kind)
      const p = seconds('privilege-expire', v['privilege-expire'], expire)
      const rtmUser = v['user-id'] ?? String(user)
      const rtmExpire = seconds('rtm-expire', v['rtm-expire'], expire)
      token = B.buildToken(appId, cert, channel, user, rtcRole(v), expire, p, p, p, p, rtmUser, rtmExpire)
      break
    }
  }
  out(token)
}

// --- decode -----------------------------------------------------------------

const SERVICE_CLASS = {
  rtc: 'ServiceRtc',
  rtm: 'ServiceRtm',
  streaming: 'ServiceStreaming',
  fpa: 'ServiceFpa',
  chat: 'ServiceChat',
  fcdn: 'ServiceFCdn',
  apaas: 'ServiceApaas',
  rtm2: 'ServiceRtm2',
  convoai: 'ServiceConvoAI',
  stt: 'ServiceStt',
}

const LEGACY_PRIVILEGES = native.LegacyPrivileges || {}

function privilegeName(serviceName, n) {
  const cls = native[SERVICE_CLASS[serviceName]]
  if (cls) {
    for (const key of Object.keys(cls)) {
      if (cls[key] === n && /^(kPrivilege|PRIVILEGE_)/.test(key)) return key
    }
  }
  return `privilege ${n}`
}

function legacyPrivilegeName(n) {
  for (const key of Object.keys(LEGACY_PRIVILEGES)) if (LEGACY_PRIVILEGES[key] === n) return key
  return `privilege ${n}`
}

const iso = (unix) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z')

function summary007(d) {
  const expiresAt = d.issueTs + d.expire
  const lines = [
    'version   007 (AccessToken2)',
    `app id    ${d.appId}`,
    `issued    ${iso(d.issueTs)}`,
    `expires   ${iso(expiresAt)} (${d.expire} s after issue)`,
    `salt      ${d.salt}`,
  ]
  for (const s of d.services) {
    lines.push(`service   ${s.name} (type ${s.type})`)
    const fields = []
    if ('channelName' in s) fields.push(['channel', s.channelName])
    if ('uid' in s) fields.push(['uid', s.uid === '' ? '0 (any uid)' : s.uid])
    if ('account' in s) fields.push(['account', s.account])
    if ('userId' in s) fields.push(['user id', s.userId])
    if ('roomUuid' in s) fields.push(['room uuid', s.roomUuid])
    if ('userUuid' in s) fields.push(['user uuid', s.userUuid])
    if ('role' in s) fields.push(['role', s.role])
    for (const [k, val] of fields) lines.push(`  ${k.padEnd(12)}${typeof val === 'string' ? JSON.stringify(val) : val}`)
    const privs = Object.entries(s.privileges)
    if (privs.length === 0) lines.push('  (no privileges)')
    for (const [num, exp] of privs) {
      const when = exp === 0 ? `${iso(expiresAt)} (with the token)` : `${iso(d.issueTs + exp)} (${exp} s after issue)`
      lines.push(`  privilege ${privilegeName(s.name, Number(num))} (${num}) expires ${when}`)
    }
    if (s.permissions) {
      for (const [res, perms] of Object.entries(s.permissions)) {
        for (const [perm, names] of Object.entries(perms)) {
          lines.push(`  permission resource ${res} ${perm === '0' ? 'read' : perm === '1' ? 'write' : perm}: ${names.join(', ')}`)
        }
      }
    }
  }
  return lines
}

function summary006(d) {
  const lines = [
    'version   006 (legacy AccessToken)',
    `app id    ${d.appId}`,
    `expires   ${iso(d.ts)} (the token's ts)`,
    `salt      ${d.salt}`,
    `channel   crc32 ${d.crcChannelName} (only the CRC32 is stored)`,
    `uid       crc32 ${d.crcUid}`,
  ]
  const privs = Object.entries(d.privileges)
  if (privs.length === 0) lines.push('privileges (none)')
  for (const [num, exp] of privs) {
    lines.push(`privilege ${legacyPrivilegeName(Number(num))} (${num}) expires ${exp === 0 ? 'never' : iso(exp)}`)
  }
  return lines
}

function summary005(d) {
  return [
    'version   005 (DynamicKey5)',
    `app id    ${d.appId}`,
    `service   ${d.service ?? 'unknown'} (type ${d.serviceType})`,
    `issued    ${iso(d.unixTs)}`,
    `expires   ${d.expiredTs === 0 ? 'never' : iso(d.expiredTs)}`,
    `salt      ${d.salt}`,
    ...Object.entries(d.extra).map(([k, val]) => `extra ${k}   ${JSON.stringify(val)}`),
  ]
}

function decodeOrExit(token) {
  try {
    return native.decodeToken(token)
  } catch (e) {
    if (e && e.code === 'ERR_INVALID_TOKEN') {
      err(e.message)
      process.exitCode = 1
      return null
    }
    throw e
  }
}

// DynamicKey (v1) to DynamicKey4 and the Signaling token.
function summaryKey(d) {
  const lines = [`version   ${d.version} (${d.format})`, `app id    ${d.appId}`]
  if (d.unixTs !== undefined) lines.push(`issued    ${iso(d.unixTs)}`, `salt      ${d.randomInt}`)
  if (d.uid !== undefined && d.uid !== null) lines.push(`uid       ${d.uid}`)
  lines.push(`expires   ${d.expiredTs === null || d.expiredTs === undefined ? 'never (this format has no expiry)' : iso(d.expiredTs)}`)
  if (d.ambiguity) lines.push(`note      ${d.ambiguity}`)
  return lines
}

function decode(args) {
  const { values: v, positionals } = parse(args, { json: { type: 'boolean' } })
  if (v.help) return out(HELP.decode)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'decode: expected one token' : 'decode: missing <token>')
  const d = decodeOrExit(positionals[0])
  if (!d) return
  if (v.json) return out(JSON.stringify(d, null, 2))
  const lines = d.version === '007' ? summary007(d) : d.version === '006' ? summary006(d) : d.version === '005' ? summary005(d) : summaryKey(d)
  out(lines.join('\n'))
}

// --- verify -----------------------------------------------------------------

// When the token expires, for the message: verifyToken({ checkExpiry: true }) decides. A 007
// token expires `expire` seconds after its issue time, so with expire 0 it expires the moment
// it is issued (Agora documents it: "If you set it to 0, the AccessToken2 expires
// immediately"), unlike a 006 privilege or a 005 key's expiredTs, where 0 means "no expiry".
function expiry(d) {
  if (d.version === '007') return d.issueTs + d.expire
  if (d.version === '006') return d.ts
  // A Signaling token's expiredTs is always an expiry (0: 1970, so expired), as the library
  // decides; for DynamicKey5 and the keys before it 0 means none (a DynamicKey v1 has none).
  if (d.format === 'SignalingToken') return d.expiredTs
  return d.expiredTs === 0 || d.expiredTs === null || d.expiredTs === undefined ? null : d.expiredTs
}

// What a token's signature covers besides the certificate, so verify needs it given.
function needs(d) {
  if (d.version === '007') return null
  if (d.format === 'SignalingToken') return d.format + ' needs --account: its signature covers it'
  if (d.format === 'DynamicKey') return 'DynamicKey needs --channel: its signature covers it'
  return `${d.format ?? d.version + ' token'} needs --channel and --uid (or --account): its signature covers them`
}

function verify(args) {
  const { values: v, positionals } = parse(args, {
    'app-certificate': { type: 'string' },
    channel: { type: 'string' },
    uid: { type: 'string' },
    account: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (v.help) return out(HELP.verify)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'verify: expected one token' : 'verify: missing <token>')
  const token = positionals[0]
  const cert = v['app-certificate'] ?? process.env.AGORA_APP_CERTIFICATE
  if (!cert) throw new UsageError('verify: missing App Certificate: pass --app-certificate or set AGORA_APP_CERTIFICATE')
  if (v.uid !== undefined && v.account !== undefined) throw new UsageError('verify: give either --uid or --account, not both')
  const expected = {}
  if (v.channel !== undefined) expected.channelName = v.channel
  if (v.uid !== undefined) expected.uid = uidValue(v.uid)
  if (v.account !== undefined) expected.uid = v.account
  const d = decodeOrExit(token)
  if (!d) return
  const need = needs(d)
  const missing =
    d.format === 'SignalingToken'
      ? expected.uid === undefined
      : d.format === 'DynamicKey'
        ? expected.channelName === undefined
        : expected.channelName === undefined || expected.uid === undefined
  if (need && missing) throw new UsageError(`verify: a ${need}`)
  const now = Math.floor(Date.now() / 1000)
  // The library decides, expiry included.
  const valid = native.verifyToken(token, cert, { ...expected, checkExpiry: true })
  // Asked again only for a refused token, to tell an expired one from a bad signature.
  const signed = valid || native.verifyToken(token, cert, Object.keys(expected).length ? expected : undefined)
  let reason = null
  const exp = expiry(d)
  if (!signed) {
    reason = Object.keys(expected).length
      ? 'signature does not match this App Certificate, channel and uid'
      : 'signature does not match this App Certificate'
  } else if (!valid && d.version === '007' && d.expire === 0) {
    reason = `expired at ${iso(exp)}, when it was issued (its expire is 0: an AccessToken2 with expire 0 expires immediately)`
  } else if (!valid) {
    reason = `expired at ${iso(exp)}`
  }
  // A 006 token's ts is when the token itself expires; each privilege carries its own
  // absolute expiry (0: none), usually earlier: show them all.
  const privileges006 = d.version === '006' ? Object.entries(d.privileges).map(([num, at]) => ({ num, at: at === 0 ? null : at })) : null
  if (v.json) {
    const result = { valid, reason, version: d.version, appId: d.appId, expiresAt: exp === null ? null : iso(exp) }
    if (privileges006) result.privilegesExpireAt = Object.fromEntries(privileges006.map((p) => [p.num, p.at === null ? null : iso(p.at)]))
    out(JSON.stringify(result))
  } else if (!valid) {
    out(`invalid: ${reason}`)
  } else {
    out(`valid: ${d.version} token for App ID ${d.appId}${exp === null ? '' : `, expires ${iso(exp)}`}`)
    if (privileges006) {
      if (privileges006.length === 0) out('  no privileges')
      for (const p of privileges006) {
        const when = p.at === null ? 'never expires' : `${p.at < now ? 'expired' : 'expires'} ${iso(p.at)}`
        out(`  privilege ${legacyPrivilegeName(Number(p.num))} (${p.num}) ${when}`)
      }
    }
  }
  process.exitCode = valid ? 0 : 1
}

// --- diagnose ---------------------------------------------------------------

const DIAGNOSE_OPTIONS = {
  'app-id': { type: 'string' },
  'app-certificate': { type: 'string' },
  channel: { type: 'string' },
  uid: { type: 'string' },
  account: { type: 'string' },
  service: { type: 'string' },
  role: { type: 'string' },
  sdk: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
}

/**
 * A value from a token, quoted for a terminal: JSON.stringify, plus \\u escapes for the
 * format and separator characters it leaves alone (bidi overrides, zero-width, U+2028/9).
 */
const quoteUntrusted = (v) =>
  JSON.stringify(v).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))

/** The token's fields for the human output; every string from the token goes through quoteUntrusted. */
function diagnoseSummary(d) {
  const t = d.token
  const q = quoteUntrusted
  if (!t) return []
  const name = { '007': 'AccessToken2', '006': 'AccessToken', '005': 'DynamicKey5' }[t.version] ?? t.format
  const lines = [`token     ${t.version} (${name}), App ID ${q(t.appId)}`]
  if (t.version === '007') {
    lines.push(`issued    ${iso(t.issueTs)}`, `expires   ${iso(t.issueTs + t.expire)} (${t.expire} s after issue)`)
    for (const s of t.services) {
      const who = []
      if ('channelName' in s) who.push(`channel ${q(s.channelName)}`)
      if ('uid' in s) who.push(s.uid === '' ? 'uid 0 (any uid)' : `uid ${q(s.uid)}`)
      if ('account' in s) who.push(`account ${q(s.account)}`)
      if ('userId' in s) who.push(`user id ${q(s.userId)}`)
      if ('roomUuid' in s) who.push(`room ${q(s.roomUuid)}`)
      if ('userUuid' in s) who.push(`user ${q(s.userUuid)}`)
      lines.push(`service   ${s.name}${who.length ? ': ' + who.join(', ') : ''}`)
      for (const [num, exp] of Object.entries(s.privileges)) {
        const until = exp === 0 ? 'with the token' : iso(t.issueTs + exp)
        lines.push(`  ${privilegeName(s.name, Number(num))} (${num}) until ${until}`)
      }
    }
  } else if (t.version === '006') {
    lines.push(`expires   ${iso(t.ts)}`, `channel   crc32 ${t.crcChannelName}, uid crc32 ${t.crcUid} (only CRC32s are stored)`)
    for (const [num, exp] of Object.entries(t.privileges)) {
      lines.push(`  ${legacyPrivilegeName(Number(num))} (${num}) until ${exp === 0 ? 'no expiry' : iso(exp)}`)
    }
  } else if (t.version === '005') {
    lines.push(`service   ${t.service ?? 'unknown'} (type ${t.serviceType})`, `issued    ${iso(t.unixTs)}`, `expires   ${t.expiredTs === 0 ? 'never' : iso(t.expiredTs)}`)
  } else {
    lines.push(...summaryKey(t).slice(2))
  }
  return lines
}

function diagnose(args) {
  const { values: v, positionals } = parse(args, DIAGNOSE_OPTIONS)
  if (v.help) return out(HELP.diagnose)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'diagnose: expected one token' : 'diagnose: missing <token>')
  if (v.uid !== undefined && v.account !== undefined) throw new UsageError('diagnose: give either --uid or --account, not both')
  if (v['app-certificate'] !== undefined) {
    err('warning: --app-certificate shows in `ps` and in the shell history; set AGORA_APP_CERTIFICATE instead')
  }
  const expected = {}
  const appId = v['app-id'] ?? process.env.AGORA_APP_ID
  const cert = v['app-certificate'] ?? process.env.AGORA_APP_CERTIFICATE
  if (appId) expected.appId = appId
  if (cert) expected.appCertificate = cert
  if (v.channel !== undefined) expected.channelName = v.channel
  if (v.uid !== undefined) expected.uid = uidValue(v.uid)
  if (v.account !== undefined) expected.uid = v.account
  if (v.service !== undefined) expected.service = v.service
  if (v.role !== undefined) expected.role = v.role
  if (v.sdk !== undefined) expected.sdk = v.sdk
  if (v.now !== undefined) expected.now = seconds('now', v.now)
  let d
  try {
    d = native.diagnoseToken(positionals[0], expected)
  } catch (e) {
    // Name the flag (or variable) the bad value came from, not the library's parameter.
    const flag = { channelName: '--channel', uid: v.account !== undefined ? '--account' : '--uid', service: '--service', role: '--role', sdk: '--sdk', now: '--now', appId: '--app-id', appCertificate: v['app-certificate'] !== undefined ? '--app-certificate' : 'AGORA_APP_CERTIFICATE' }
    const m = /^expected\.(\w+) /.exec(e && e.message)
    if (m && flag[m[1]]) throw new UsageError(`${flag[m[1]]}${e.message.slice(m[0].length - 1)}`)
    throw e
  }
  process.exitCode = d.ok ? 0 : 1
  if (v.json) return out(JSON.stringify(d, null, 2))
  const errors = d.problems.filter((p) => p.severity === 'error').length
  const warnings = d.problems.length - errors
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`
  const lines = [d.ok ? `ok: no error found${warnings ? `, ${plural(warnings, 'warning')}` : ''}` : `invalid: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`]
  for (const p of d.problems) {
    lines.push('', `${p.severity.padEnd(8)}${p.code} (${p.field})`, `  ${p.message}`, `  hint: ${p.hint}`)
  }
  if (!d.signatureChecked && d.token) {
    lines.push('', cert ? 'signature not checked: a 006 or 005 token also needs --channel and --uid/--account' : 'signature not checked: set AGORA_APP_CERTIFICATE to check it')
  }
  const summary = diagnoseSummary(d)
  if (summary.length) lines.push('', ...summary)
  out(lines.join('\n'))
}

// --- main -------------------------------------------------------------------

// Everything printed goes through `shown`: a decoded token is untrusted, and a control
// character in its App ID or an RTM2 resource name could drive the terminal (set its title,
// clear the screen, fake output). C0 controls other than newline, DEL, C1 controls and the
// bidirectional overrides are printed as \uXXXX escapes (valid inside --json output too).
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const shown = (text) => String(text).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

function out(text) {
  process.stdout.write(shown(text) + '\n')
}

function err(message) {
  process.stderr.write(`${PROG}: ${shown(String(message).split('\n')[0])}\n`)
}

// A closed pipe (`agora-token-native decode "$T" | head -0`) ends the program quietly, as
// Unix tools do, with the exit code it would have had.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

function main(argv) {
  const [command, ...rest] = argv
  switch (command) {
    case 'build':
      return build(rest)
    case 'decode':
      return decode(rest)
    case 'verify':
      return verify(rest)
    case 'diagnose':
      return diagnose(rest)
    case undefined:
      process.stderr.write(HELP.main + '\n')
      process.exitCode = 2
      return
    case '-h':
    case '--help':
    case 'help':
      if (command === 'help' && rest[0] && HELP[rest[0]]) return out(HELP[rest[0]])
      return out(HELP.main)
    case '-v':
    case '--version':
      return out(require('./package.json').version)
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)} (expected build, decode, verify or diagnose; see ${PROG} --help)`)
  }
}

try {
  main(process.argv.slice(2))
} catch (e) {
  // Usage errors, and the builders' TypeError/RangeError for bad values (their
  // messages name the parameter and never contain the App Certificate).
  err(e instanceof UsageError || e instanceof TypeError || e instanceof RangeError || (e && e.code) ? e.message : String(e))
  process.exitCode = 2
}
