#!/usr/bin/env bash
# Runs every Go fuzz target under internal/ for FUZZTIME (default 30s) each.
# Targets are found with grep, so new ones need no change here. Go allows
# one -fuzz target per invocation, hence the loop.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}

found=0
while IFS= read -r file; do
  dir=./$(dirname "$file")
  while IFS= read -r name; do
    found=1
    echo "==> $name ($dir, $fuzztime)"
    go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$dir"
  done < <(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/')
done < <(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(' internal | sort)

if (( ! found )); then
  echo "fuzz: no Fuzz targets found under internal/" >&2
  exit 1
fi
