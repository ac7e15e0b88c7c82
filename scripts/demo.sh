#!/usr/bin/env bash
# make demo: runs examples/demo against the local Zuora emulator.
#
# Builds the provider and the emulator, starts the emulator on a free
# loopback port, points Terraform at the freshly built provider through a
# dev override in a throw-away CLI config (~/.terraformrc is never read or
# written), applies a copy of examples/demo in a temporary directory and
# prints its outputs. No Terraform binary or provider is downloaded (Go
# fetches modules through its proxy on a first build only), and nothing is
# left behind: the emulator is stopped and the temporary directory removed
# on every exit, failures included.
# DEMO_KEEP=1 keeps the directory (state, logs) for a look afterwards.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zuora-demo.XXXXXX")
emulator_pid=

cleanup() {
  local rc=$?
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if (( rc != 0 )) && [[ -s "$work/emulator.log" ]]; then
    echo "--- emulator log (last 20 lines) ---" >&2
    tail -n 20 "$work/emulator.log" >&2
  fi
  if [[ "${DEMO_KEEP:-}" == 1 ]]; then
    echo "demo: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

for tool in go terraform; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is not on PATH" >&2; exit 1; }
done

step "Building the provider and the emulator"
mkdir -p "$work/plugins"
(cd "$repo" && go build -o "$work/plugins/terraform-provider-zuora" .)
(cd "$repo" && go build -o "$work/zuora-emulator" ./cmd/zuora-emulator)

step "Starting the emulator on a free loopback port"
client_id=emulator-client
client_secret=emulator-secret
"$work/zuora-emulator" -listen 127.0.0.1:0 -url-file "$work/emulator.url" \
  -client-id "$client_id" -client-secret "$client_secret" \
  >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!

# The URL is the emulator's first stdout line and the content of -url-file;
# take whichever is complete (newline-terminated) first, for up to 30s.
first_line() { [[ -s "$1" && $(wc -l <"$1") -ge 1 ]] && head -n 1 "$1"; }
base_url=
for _ in $(seq 300); do
  base_url=$(first_line "$work/emulator.url" || first_line "$work/emulator.out" || true)
  base_url=${base_url%/}
  [[ "$base_url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && break
  base_url=
  kill -0 "$emulator_pid" 2>/dev/null || { echo "demo: the emulator exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$base_url" ]] || { echo "demo: the emulator printed no URL within 30s" >&2; exit 1; }

# Wait until it answers HTTP (bash's /dev/tcp: no curl needed).
port=${base_url##*:}
answered=
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
      printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
      IFS= read -r -t 5 status_line <&3 &&
      [[ "$status_line" == HTTP/* ]]) 2>/dev/null; then
    answered=1
    break
  fi
  sleep 0.1
done
[[ -n "$answered" ]] || { echo "demo: the emulator at $base_url does not answer" >&2; exit 1; }
echo "emulator: $base_url"

# A private CLI config: the dev override makes Terraform use the provider
# just built, with no `terraform init` and no registry lookup.
cat >"$work/terraform.rc" <<EOF
disable_checkpoint = true

provider_installation {
  dev_overrides {
    "zuora-tf/zuora" = "$work/plugins"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

# The demo configuration has no credentials: the provider reads these.
export ZUORA_BASE_URL="$base_url"
export ZUORA_CLIENT_ID="$client_id"
export ZUORA_CLIENT_SECRET="$client_secret"
unset ZUORA_ENVIRONMENT ZUORA_ACCESS_TOKEN ZUORA_ENTITY_ID ZUORA_ORG_IDS

# A fresh copy each run: no state from earlier runs, none left in the repo.
mkdir -p "$work/demo"
shopt -s nullglob
cp "$repo"/examples/demo/*.{tf,jsonl,csv} "$work/demo/"
shopt -u nullglob
cd "$work/demo"

step "terraform apply (examples/demo)"
terraform apply -auto-approve -input=false

step "terraform output"
terraform output
