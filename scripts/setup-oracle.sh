#!/usr/bin/env bash
# Creates .venv-oracle, the Python environment of the legacy-key oracle test
# (__test__/legacy-keys-oracle.test.js), from the pinned, hashed
# __test__/oracle/requirements.txt. Safe to run again: an up-to-date venv is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
# `npm test` runs this with --if-python: without a Python 3 the oracle test says how to set it up.
if [ "${1:-}" = "--if-python" ] && ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-oracle: no $python on PATH; the legacy-key oracle test will be skipped (CI fails instead)" >&2
  exit 0
fi
venv=.venv-oracle
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r __test__/oracle/requirements.txt
"$venv/bin/python" -c 'import agoraiotools, sys; print("oracle ready: agoraiotools", agoraiotools.__version__, "on Python", sys.version.split()[0])'
