// Runs inside the runtime under test (Node 18-24, Bun, Deno): loads one entry of the package,
// builds a fixed set of tokens and prints one JSON line. The test that started it compares
// the tokens with agora-token's (same salt and issue time) in Node, so no reference code
// needs to run in the runtime under test.
//
// Usage: <runtime> probe.mjs <entry>, where <entry> is a path relative to this file, e.g.
// ../../index.js (the generated loader: native, or WebAssembly with NAPI_RS_FORCE_WASI) or
// ../../edge.mjs (the WebAssembly entry).
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2)
const mod = await import(new URL(args[0], import.meta.url).href)
// The default export is the whole API for both entries (module.exports for index.js).
const a = mod.default

const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const rtc = a.RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'runtime-matrix', 42, a.RtcRole.PUBLISHER, 600, 300)
const account = a.RtcTokenBuilder.buildTokenWithUserAccount(APP_ID, CERT, 'runtime-matrix', 'alice', a.RtcRole.SUBSCRIBER, 600, 600)
const rtm = a.RtmTokenBuilder.buildToken(APP_ID, CERT, 'bob', 600)
let refused = null
try {
  a.RtcTokenBuilder.buildTokenWithUid(APP_ID, 'not-a-certificate', 'c', 1, 1, 600, 600)
} catch (e) {
  refused = { name: e.name, code: e.code }
}
console.log(
  JSON.stringify({
    target: a.__napiBindingTarget,
    named: Object.keys(mod).filter((k) => k !== 'default').sort(),
    names: Object.keys(a).sort(),
    tokens: { rtc, account, rtm },
    verified: a.verifyToken(rtc, CERT, { channelName: 'runtime-matrix', uid: 42 }),
    wrongCertificate: a.verifyToken(rtc, CERT.replace('5', '6')),
    decoded: a.decodeToken(rtc),
    refused,
    kRtcServiceType: a.kRtcServiceType,
  }),
)
