#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version, without its heading, for
# goreleaser's --release-notes. Fails when the section is missing, empty or
# still marked (Unreleased), so a tag cannot publish the wrong notes.
#   scripts/release-notes.sh 0.1.0 > notes.md   (a leading v is ignored)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:?usage: $0 VERSION}
version=${version#v}

heading=$(grep -m1 -E "^## ${version//./\\.}( |$)" CHANGELOG.md || true)
if [[ -z "$heading" ]]; then
  echo "release-notes: CHANGELOG.md has no '## $version' section" >&2
  exit 1
fi
if [[ "$heading" == *"(Unreleased)"* ]]; then
  echo "release-notes: '$heading' is still unreleased; put the release date in its place" >&2
  exit 1
fi

notes=$(awk -v h="$heading" '
  $0 == h { found = 1; next }
  found && /^## / { exit }
  found { print }
' CHANGELOG.md)
if [[ -z "${notes//[[:space:]]/}" ]]; then
  echo "release-notes: the '## $version' section of CHANGELOG.md is empty" >&2
  exit 1
fi
printf '%s\n' "$notes" | sed -e '/./,$!d'
