#!/usr/bin/env bash
# Fails when docs/ or examples/ differ from what `make docs` generates,
# when a resource page or README grows past its word limit, when a page
# in docs/ other than the index has no subcategory, or when a relative
# link in README.md, CONTRIBUTING.md, DESIGN.md or docs/ points at a file
# or heading that does not exist. Prints one line of counts on success; on failure, what is
# wrong and what to run.
set -euo pipefail
cd "$(dirname "$0")/.."

resource_page_limit=2500
readme_limit=1500

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
  echo "docs-check: docs/ or examples/ are out of date: run 'make docs' and commit the result." >&2
  fail=1
fi
untracked=$(git ls-files --others --exclude-standard -- docs)
if [[ -n "$untracked" ]]; then
  printf 'untracked generated files:\n%s\n' "$untracked" >&2
  echo "docs-check: commit the generated files above." >&2
  fail=1
fi

# Word limits: a newcomer reads these two pages first.
words() { wc -w <"$1" | tr -d ' '; }
resource_counts=()
for resource_page in docs/resources/*.md; do
  resource_words=$(words "$resource_page")
  resource_counts+=("$resource_page $resource_words words")
  if (( resource_words > resource_page_limit )); then
    echo "docs-check: $resource_page has $resource_words words, more than $resource_page_limit: move detail to a guide (templates/guides/) or DESIGN.md." >&2
    fail=1
  fi
done
readme_words=$(words README.md)
if (( readme_words > readme_limit )); then
  echo "docs-check: README.md has $readme_words words, more than $readme_limit: move detail to docs/ or CONTRIBUTING.md." >&2
  fail=1
fi

# The registry groups pages in its sidebar by subcategory. The index page
# is the exception: tfplugindocs validate refuses a subcategory there.
mapfile -t pages < <(find docs -name '*.md' | sort)
for page in "${pages[@]}"; do
  [[ "$page" == docs/index.md ]] && continue
  if ! sed -n '1,/^---$/{/^---$/!p}' <(tail -n +2 "$page") | grep -Eq '^subcategory: *"?[^" ]'; then
    echo "docs-check: $page has no subcategory in its front matter: set one in its template (templates/)." >&2
    fail=1
  fi
done

# anchors FILE: the GitHub-style ids of FILE's headings, and its <a id="...">.
anchors() {
  grep -E '^#{1,6} ' "$1" | sed -E 's/^#+ +//' | tr '[:upper:]' '[:lower:]' |
    sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
  grep -oE '<a id="[^"]+"' "$1" | sed -E 's/<a id="//; s/"$//'
}

# Relative links: [text](target) outside code, target a file (and
# optionally #heading) or #heading in the same file.
links=0
for file in README.md CONTRIBUTING.md DESIGN.md "${pages[@]}"; do
  [[ -f "$file" ]] || continue
  dir=$(dirname "$file")
  while IFS= read -r target; do
    [[ "$target" =~ ^[a-z]+: ]] && continue # http:, https:, mailto:
    links=$((links + 1))
    path=${target%%#*}
    anchor=
    [[ "$target" == *'#'* ]] && anchor=${target#*#}
    resolved=$file
    if [[ -n "$path" ]]; then
      resolved="$dir/$path"
      if [[ ! -e "$resolved" ]]; then
        echo "docs-check: $file links to $target, which does not exist." >&2
        fail=1
        continue
      fi
    fi
    if [[ -n "$anchor" && -f "$resolved" && "$resolved" == *.md ]] &&
       ! grep -qxF -- "$anchor" <(anchors "$resolved"); then
      echo "docs-check: $file links to $target: $resolved has no heading #$anchor." >&2
      fail=1
    fi
  done < <(awk '/^```/{code=!code; next} !code' "$file" | sed -E 's/`[^`]*`//g' |
           grep -oE '\]\([^)[:space:]]+\)' | sed -E 's/^\]\(//; s/\)$//')
done

if (( fail )); then
  exit 1
fi
resource_summary=$(printf '%s, ' "${resource_counts[@]}")
echo "docs-check: docs up to date; ${resource_summary%, } (limit $resource_page_limit each), README.md $readme_words words (limit $readme_limit); $((${#pages[@]} - 1)) pages with a subcategory (and the index); $links relative links resolve."
