#!/usr/bin/env bash
# Fails when docs/ or examples/ differ from what `make docs` generates.
# Quiet on success; on failure prints the difference and what to run.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! { go tool tfplugindocs generate --provider-name zuora &&
       terraform fmt -recursive examples/ &&
       go tool tfplugindocs validate --provider-name zuora; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "docs-check: generating the docs failed (output above)." >&2
  exit 1
fi

fail=0
if ! git diff --exit-code --stat -- docs examples >&2; then
  git diff -- docs examples >&2
  fail=1
fi
untracked=$(git ls-files --others --exclude-standard -- docs)
if [[ -n "$untracked" ]]; then
  printf 'untracked generated files:\n%s\n' "$untracked" >&2
  fail=1
fi
if (( fail )); then
  echo "docs-check: docs/ or examples/ are out of date: run 'make docs' and commit the result." >&2
  exit 1
fi
