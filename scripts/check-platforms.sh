#!/usr/bin/env bash
# Cross-compiles the addon for every Linux target in package.json "napi.targets" and checks
# each binary against the README's "Supported platforms" table: the ELF machine, the libc it
# links (glibc or musl) and, for glibc, that no symbol needs a newer glibc than the table says.
# Then it loads the x64 musl binary under musl's own dynamic loader, with a musl-linked
# JavaScript runtime, when one is available.
#
# Not part of CI: five release (LTO) builds take many minutes on a small machine. Run it by
# hand before a release, or after changing dependencies:
#
#   pip install ziglang cargo-zigbuild      # zig as a cross linker, from PyPI
#   rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-gnu \
#     aarch64-unknown-linux-musl armv7-unknown-linux-gnueabihf
#   bash scripts/check-platforms.sh [TARGET...]     # default: every Linux target
#
# The musl checks need /lib/ld-musl-x86_64.so.1 (Debian/Ubuntu: `apt-get install musl`):
# musl's loader resolves the binary's symbols against musl's libc (everything but napi_*
# must be found). Loading it for real needs a musl-linked Node-API runtime: there is no musl
# Node.js on npm; MUSL_RUNTIME=/path/to/bun (npm: @oven/bun-linux-x64-musl) works where
# musl builds of libstdc++ and libgcc_s are installed (Alpine), and is reported as skipped
# where they are not (Debian packages only musl's libc).
set -uo pipefail
cd "$(dirname "$0")/.."

readme=README.md
fail=0
say() { printf '%s\n' "$*"; }
bad() { say "FAIL  $*"; fail=1; }
ok() { say "ok    $*"; }

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(node -p "require('./package.json').napi.targets.filter((t) => t.includes('-linux-')).join('\n')")
fi

# What `file`-like tools would say, from the ELF header: e_machine (offset 18) and class.
elf_machine() {
  node -e "
    const b = require('fs').readFileSync(process.argv[1])
    const m = b.readUInt16LE(18)
    console.log({ 0x3e: 'x86-64', 0xb7: 'aarch64', 0x28: 'arm' }[m] || 'machine 0x' + m.toString(16), b[4] === 2 ? '64-bit' : '32-bit')
  " "$1"
}

for target in "${targets[@]}"; do
  say "== $target"
  case "$target" in
    x86_64-*) want_machine='x86-64 64-bit' ;;
    aarch64-*) want_machine='aarch64 64-bit' ;;
    armv7-*) want_machine='arm 32-bit' ;;
    *) bad "$target: no expected ELF machine known"; continue ;;
  esac
  # The README row for this target: "| ... | glibc 2.17+ ... | `pkg` | `target` |"
  row=$(grep -F "\`$target\` |" "$readme" | head -1)
  if [ -z "$row" ]; then
    bad "$target is not in the README's platform table"
    continue
  fi
  zig_target="$target"
  want_glibc=""
  if [[ "$target" == *-gnu* ]]; then
    want_glibc=$(printf '%s' "$row" | sed -n 's/.*glibc \([0-9][0-9.]*\)+.*/\1/p')
    if [ -z "$want_glibc" ]; then
      bad "$target: the README row names no glibc version: $row"
      continue
    fi
    zig_target="$target.$want_glibc" # cargo-zigbuild links against that glibc's symbol versions
  fi
  envvar="CARGO_TARGET_$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
  # a musl cdylib links libc dynamically (as napi-rs builds it): Node loads it with dlopen
  extra=()
  if [[ "$target" == *-musl ]]; then extra=(env "$envvar=-C target-feature=-crt-static"); fi
  log="target/check-platforms-$target.log"
  start=$(date +%s)
  if ! "${extra[@]}" nice cargo zigbuild --release --lib -p agora-token-native --target "$zig_target" >"$log" 2>&1; then
    bad "$target: build failed (see $log)"
    tail -5 "$log"
    continue
  fi
  so="target/$target/release/libagora_token_native.so"
  say "      built in $(($(date +%s) - start)) s: $so ($(stat -c %s "$so") bytes)"
  machine=$(elf_machine "$so")
  if [ "$machine" = "$want_machine" ]; then ok "ELF $machine"; else bad "ELF $machine, expected $want_machine"; fi
  needed=$(objdump -p "$so" | awk '/NEEDED/ { print $2 }' | tr '\n' ' ')
  say "      NEEDED: $needed"
  if [[ "$target" == *-musl ]]; then
    if objdump -T "$so" | grep -q 'GLIBC_'; then bad "musl binary has glibc-versioned symbols"; else ok "no glibc symbol versions (musl)"; fi
  else
    highest=$(objdump -T "$so" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
    if [ -z "$highest" ]; then
      bad "no GLIBC_ symbol versions found"
    elif [ "$(printf '%s\n%s\n' "$highest" "$want_glibc" | sort -V | tail -1)" = "$want_glibc" ]; then
      ok "highest glibc symbol GLIBC_$highest <= README's glibc $want_glibc+"
    else
      bad "needs GLIBC_$highest, the README says glibc $want_glibc+"
      objdump -T "$so" | grep "GLIBC_$highest" | head -5
    fi
  fi
done

# The x64 musl binary under musl's dynamic loader: its symbols resolve against musl's libc;
# then, if a musl-linked runtime starts here, it loads the binary, builds a token and
# verifies it.
musl_so=target/x86_64-unknown-linux-musl/release/libagora_token_native.so
say "== load the x64 musl binary"
if [ ! -f "$musl_so" ]; then
  say "skip  $musl_so was not built"
elif [ ! -e /lib/ld-musl-x86_64.so.1 ]; then
  say "skip  /lib/ld-musl-x86_64.so.1 is missing (apt-get install musl)"
else
  # musl's loader in ldd mode maps the binary and resolves every symbol: all must be found in
  # musl's libc except the napi_* functions, which the JavaScript runtime provides.
  listing=$(/lib/ld-musl-x86_64.so.1 --list "$musl_so" 2>&1)
  unresolved=$(printf '%s\n' "$listing" | grep -c 'symbol not found')
  other=$(printf '%s\n' "$listing" | grep -E 'not found|No such file|Error loading' | grep -v ': napi_[a-z0-9_]*: symbol not found')
  if [ -n "$other" ]; then
    bad "musl's loader cannot resolve: $other"
  else
    ok "musl's loader resolves every libc symbol ($(printf '%s\n' "$listing" | grep -o 'libc.so => [^ ]*')); only the $unresolved napi_* functions are left for the runtime"
  fi
fi
if [ ! -f "$musl_so" ] || [ ! -e /lib/ld-musl-x86_64.so.1 ]; then
  :
elif [ -z "${MUSL_RUNTIME:-}" ] || [ ! -x "$MUSL_RUNTIME" ]; then
  say "skip  loading it in a runtime: set MUSL_RUNTIME to a musl-linked Node-API runtime (e.g. bun from @oven/bun-linux-x64-musl)"
elif ! rt_version=$("$MUSL_RUNTIME" --version 2>&1); then
  say "skip  loading it in a runtime: $MUSL_RUNTIME does not start here: $(printf '%s' "$rt_version" | head -2 | tr '\n' ' ')"
else
  rt_interp=$(objdump -s -j .interp "$MUSL_RUNTIME" 2>/dev/null | grep -o 'ld-musl[^.]*' | head -1)
  say "      runtime: $MUSL_RUNTIME (interpreter ${rt_interp:-unknown}), $rt_version"
  tmp=$(mktemp -d)
  cp "$musl_so" "$tmp/agora-token-native.linux-x64-musl.node"
  cat >"$tmp/load.cjs" <<'EOF'
const a = require('./agora-token-native.linux-x64-musl.node')
const cert = '5CFd2fd1755d40ecb72977518be15d3b'
const t = a.RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33', cert, 'demo', 42, 1, 600)
const maps = require('fs').readFileSync('/proc/self/maps', 'utf8')
const libc = [...new Set(maps.split('\n').map((l) => l.split(/\s+/)[5]).filter((f) => f && /ld-musl|libc[.-]/.test(f)))]
console.log(t.slice(0, 3), a.verifyToken(t, cert), a.decodeToken(t).services[0].channelName, 'libc:', libc.join(' '))
EOF
  if out=$("$MUSL_RUNTIME" "$tmp/load.cjs" 2>&1) && [[ "$out" == "007 true demo libc:"*ld-musl* ]] && [[ "$out" != *libc.so.6* ]]; then
    ok "musl runtime loaded it: $out"
  else
    bad "musl load: $out"
  fi
  rm -rf "$tmp"
fi

if [ "$fail" = 0 ]; then say "all platform checks passed"; else say "some platform checks FAILED"; fi
exit "$fail"
