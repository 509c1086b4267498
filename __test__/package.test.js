'use strict'
// What users install: `npm run package`'s tarballs (the main package and this machine's
// platform package) installed into an empty project, offline, with no Rust toolchain on
// PATH; then require, import, the legacy subpath, TypeScript types and the CLI, as a
// user would use them.
//
// The packaging runs with --no-build: it packs the addon `npm run build` (or `prepare`)
// already built in this checkout, so the test stays well under a minute.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync, spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const pkg = require('../package.json')
const appId = '970CA35de60c44645bbae8a215061b33'
const cert = '5CFd2fd1755d40ecb72977518be15d3b'

/** PATH without any directory holding cargo or rustc (e.g. ~/.cargo/bin). */
function pathWithoutRust() {
  const exe = process.platform === 'win32' ? ['cargo.exe', 'rustc.exe'] : ['cargo', 'rustc']
  return (process.env.PATH || '')
    .split(path.delimiter)
    .filter((dir) => dir && !exe.some((e) => fs.existsSync(path.join(dir, e))))
    .join(path.delimiter)
}

test('packed tarballs install offline without Rust and work from require, import, TypeScript and the CLI', { timeout: 120_000 }, async (t) => {
  // 1. Package.
  const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--no-build', '--json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { main, platform, platformName } = JSON.parse(out.trim().split('\n').pop())
  assert.ok(fs.existsSync(main) && fs.existsSync(platform))

  const list = (tgz) => execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).trim().split('\n').sort()
  const mainFiles = list(main)
  assert.ok(!mainFiles.some((f) => f.endsWith('.node')), `no binary in the main package: ${mainFiles}`)
  for (const f of ['package/package.json', 'package/index.js', 'package/index.mjs', 'package/index.d.ts', 'package/cli.js', 'package/README.md']) {
    assert.ok(mainFiles.includes(f), `main package has ${f}`)
  }
  assert.ok(!mainFiles.some((f) => /^package\/(src|core|__test__|npm|scripts|target|fuzz)\//.test(f) || f.endsWith('.rs')), 'no sources or tests in the main package')
  const packedManifest = JSON.parse(execFileSync('tar', ['xzOf', main, 'package/package.json'], { encoding: 'utf8' }))
  const expectedOptional = Object.fromEntries(
    fs.readdirSync(path.join(root, 'npm')).sort().map((d) => [`${pkg.name}-${d}`, pkg.version]),
  )
  assert.deepEqual(packedManifest.optionalDependencies, expectedOptional, 'every platform package at the same version')
  for (const s of ['prepare', 'preinstall', 'install', 'postinstall']) {
    assert.equal(packedManifest.scripts[s], undefined, `nothing runs or compiles on install (scripts.${s})`)
  }
  assert.equal(packedManifest.dependencies, undefined, 'no runtime dependencies')
  assert.deepEqual(list(platform), ['package/LICENSE', 'package/README.md', `package/${pkg.napi.binaryName}.${platformName}.node`, 'package/package.json'].sort())
  assert.ok(mainFiles.includes('package/LICENSE'), 'the main package has the LICENSE')
  for (const tgz of [main, platform]) {
    assert.equal(execFileSync('tar', ['xzOf', tgz, 'package/LICENSE'], { encoding: 'utf8' }), fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'))
    const m = JSON.parse(execFileSync('tar', ['xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }))
    assert.equal(m.license, 'MIT')
    assert.deepEqual([m.repository, m.homepage, m.bugs], [pkg.repository, pkg.homepage, pkg.bugs], `${path.basename(tgz)}: repository, homepage and bugs`)
    assert.match(m.repository.url, /^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/, 'npm publish --provenance needs a GitHub repository')
  }

  // The packed loader is the committed one, with the missing-binary message in it (and
  // mentions the WebAssembly package exactly when npm/wasm32-wasi is part of the tree).
  const packedIndex = execFileSync('tar', ['xzOf', main, 'package/index.js'], { encoding: 'utf8' })
  assert.equal(packedIndex, fs.readFileSync(path.join(root, 'index.js'), 'utf8'), 'packed index.js is the checkout\'s')
  assert.match(packedIndex, /has no prebuilt binary installed for/)
  const wasmPackage = fs.existsSync(path.join(root, 'npm', 'wasm32-wasi', 'package.json'))
  assert.equal(packedIndex.includes(`npm install ${pkg.name}-wasm32-wasi`), wasmPackage, 'the message names the WebAssembly package only if it exists')

  // The README's sizes are the packed sizes, give or take a quarter.
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  const kb = Number(/`agora-token-native` \(about (\d+) kB packed\)/.exec(readme)?.[1])
  const mb = Number(/\(about (\d+(?:\.\d+)?) MB packed\)/.exec(readme)?.[1])
  const near = (actual, claimed, what) =>
    assert.ok(Math.abs(actual - claimed) <= claimed / 4, `README says ${what} is about ${claimed}, it is ${actual.toFixed(2)}: update the Install section`)
  near(fs.statSync(main).size / 1000, kb, 'the main package (kB)')
  near(fs.statSync(platform).size / 1e6, mb, 'a platform package (MB)')
  for (const f of fs.readdirSync(path.join(root, 'npm', platformName))) {
    assert.ok(!f.endsWith('.node'), `packaging left no binary in npm/${platformName}`)
  }

  // 2. Install both into an empty project, offline, without Rust.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-token-native-install-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  const env = { ...process.env, PATH: pathWithoutRust(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
  for (const k of Object.keys(env)) if (/^(npm_lifecycle|npm_package|INIT_CWD)/.test(k)) delete env[k]
  const cargo = spawnSync('cargo', ['--version'], { env })
  assert.equal(cargo.error && cargo.error.code, 'ENOENT', 'cargo is not on PATH')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', platform, main], {
    cwd: dir,
    env,
    encoding: 'utf8',
    shell: process.platform === 'win32', // .cmd files need a shell since Node 18.20.2 / 20.12.2
  })
  assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`)
  const installed = path.join(dir, 'node_modules', pkg.name)
  assert.ok(!fs.readdirSync(installed).some((f) => f.endsWith('.node')), 'no binary next to the loader')
  assert.ok(fs.existsSync(path.join(dir, 'node_modules', `${pkg.name}-${platformName}`)), 'the platform package is installed')

  const node = (args, input) => {
    const r = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', input })
    assert.equal(r.status, 0, `node ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`)
    return r.stdout.trim()
  }

  // 3. require (the addon comes from the platform package).
  const token = node([
    '-e',
    `const a = require('agora-token-native')
     const t = a.RtcTokenBuilder.buildTokenWithUid('${appId}', '${cert}', 'demo', 42, a.RtcRole.PUBLISHER, 600)
     if (!a.verifyToken(t, '${cert}', { channelName: 'demo', uid: 42 })) throw new Error('verify')
     if (a.__napiBindingTarget !== 'native') throw new Error(a.__napiBindingTarget)
     const from = Object.keys(require.cache).find((f) => f.endsWith('.node'))
     if (!from.includes('${pkg.name}-${platformName}')) throw new Error('addon loaded from ' + from)
     console.log(t)`,
  ])
  assert.match(token, /^007/)

  // 4. import (index.mjs, named exports and default).
  const esm = node([
    '--input-type=module',
    '-e',
    `import { decodeToken, RtmTokenBuilder } from 'agora-token-native'
     import native from 'agora-token-native'
     const t = RtmTokenBuilder.buildToken('${appId}', '${cert}', 'bob', 600)
     console.log(decodeToken(t).services[0].userId, native.decodeToken === decodeToken)`,
  ])
  assert.equal(esm, 'bob true')

  // 5. the legacy subpath, both formats.
  {
    const ts = Math.floor(Date.now() / 1000) + 600
    const legacy = node([
      '-e',
      `const l = require('agora-token-native/legacy')
       const t = l.RtcTokenBuilder.buildTokenWithUid('${appId}', '${cert}', 'demo', 42, l.RtcRole.PUBLISHER, ${ts})
       console.log(t.slice(0, 3), l.verifyToken(t, '${cert}', { channelName: 'demo', uid: 42 }))`,
    ])
    assert.equal(legacy, '006 true')
    const legacyEsm = node(['--input-type=module', '-e', `import { AccessToken, Privileges } from 'agora-token-native/legacy'; console.log(typeof AccessToken, Privileges.kJoinChannel)`])
    assert.equal(legacyEsm, 'function 1')
  }

  // 5b. the references' module paths (agora-token-native/src/...), require and import.
  {
    const deep = node([
      '-e',
      `const { AccessToken2, ServiceRtc } = require('agora-token-native/src/AccessToken2')
       const { AccessToken } = require('agora-token-native/src/AccessToken.js')
       const t = new AccessToken2('${appId}', '${cert}', 0, 600)
       const rtc = new ServiceRtc('demo', 42)
       t.add_service(rtc)
       rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 600)
       console.log(typeof AccessToken, require('agora-token-native').decodeToken(t.build()).services[0].privileges[1])`,
    ])
    assert.equal(deep, 'function 600')
    const deepEsm = node(['--input-type=module', '-e', `import { RtcTokenBuilder, Role } from 'agora-token-native/src/RtcTokenBuilder2'; console.log(RtcTokenBuilder.buildTokenWithUid('${appId}', '${cert}', 'demo', 42, Role.PUBLISHER, 600, 600).slice(0, 3))`])
    assert.equal(deepEsm, '007')
  }

  // 6. TypeScript against the installed types (CommonJS and ESM files, node16 resolution).
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: [] }, files: ['a.ts', 'b.mts'] }),
  )
  fs.writeFileSync(
    path.join(dir, 'a.ts'),
    `import { RtcTokenBuilder, RtcRole, decodeToken, type DecodedToken } from 'agora-token-native'
const t: string = RtcTokenBuilder.buildTokenWithUid('a', 'b', 'c', 1, RtcRole.PUBLISHER, 600)
const d: DecodedToken = decodeToken(t)
// @ts-expect-error -- tokenExpire is missing
RtcTokenBuilder.buildTokenWithUid('a', 'b', 'c', 1, RtcRole.PUBLISHER)
export { d }
`,
  )
  fs.writeFileSync(
    path.join(dir, 'b.mts'),
    `import { ChatTokenBuilder, verifyToken } from 'agora-token-native'
import { RtcTokenBuilder as Legacy } from 'agora-token-native/legacy'
const l: string = Legacy.buildTokenWithUid('a', 'b', 'c', 1, 1, 0)
export { l }
const ok: boolean = verifyToken(ChatTokenBuilder.buildAppToken('a', 'b', 60), 'b')
// @ts-expect-error -- wrong argument type
ChatTokenBuilder.buildAppToken('a', 'b', '60')
export { ok }
import { AccessToken2 } from 'agora-token-native/src/AccessToken2.js'
const signature: Uint8Array = new AccessToken2().__signature
export { signature }
`,
  )
  node([require.resolve('typescript/bin/tsc'), '-p', dir])

  // 7. the CLI through npx.
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
  const cli = spawnSync(npx, ['--no', '--offline', 'agora-token-native', 'decode', token], { cwd: dir, env, encoding: 'utf8', shell: process.platform === 'win32' })
  assert.equal(cli.status, 0, cli.stderr)
  assert.match(cli.stdout, /^version +007/m)
  assert.match(cli.stdout, new RegExp(`^app id +${appId}$`, 'm'))
  assert.match(cli.stdout, /^service +rtc/m)

  // 8. Without a platform package the loader throws an error naming the platform and
  // pointing at the README; the cause chain names the missing package.
  fs.renameSync(path.join(dir, 'node_modules', `${pkg.name}-${platformName}`), path.join(dir, 'moved-away'))
  const missing = spawnSync(process.execPath, ['-e', `try { require('agora-token-native') } catch (e) { console.log(e.message); let c = e.cause; while (c) { console.log(c.message.split('\\n')[0]); c = c.cause } process.exit(3) }`], { cwd: dir, env, encoding: 'utf8' })
  assert.equal(missing.status, 3, missing.stderr)
  assert.match(missing.stdout, /^Cannot find native binding/)
  assert.match(missing.stdout, new RegExp(`no prebuilt binary installed for ${process.platform}-${process.arch}`))
  assert.match(missing.stdout, /Building from source/)
  // the platform package comes first, then the local file; WebAssembly only if it is published
  const lines = missing.stdout.trim().split('\n')
  assert.match(lines[1], new RegExp(`^Cannot find module '${pkg.name}-${platformName}'`))
  assert.match(lines[2], new RegExp(`^Cannot find module '\\./${pkg.napi.binaryName}\\.${platformName}\\.node'`))
  if (!wasmPackage) assert.equal(lines.length, 3, `no WebAssembly causes: ${missing.stdout}`)
})
