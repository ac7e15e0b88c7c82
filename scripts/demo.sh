#!/usr/bin/env bash
# make demo: runs examples/demo against the local Zuora emulator.
#
# Builds the provider and the emulator, starts the emulator on a free
# loopback port, points Terraform at the freshly built provider through a
# dev override in a throw-away CLI config (~/.terraformrc is never read or
# written), applies a copy of examples/demo in a temporary directory; the
# apply prints the outputs. No Terraform binary or provider is downloaded
# (Go fetches modules through its proxy on a first build only), and nothing
# is left behind: the emulator is stopped and the temporary directory
# removed on every exit, failures included.
# KEEP=1 (or DEMO_KEEP=1) keeps the directory (state, CLI config, logs).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/emulator-lib.sh
source "$repo/scripts/emulator-lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/zuora-demo.XXXXXX")
keep=${KEEP:-${DEMO_KEEP:-}}

cleanup() {
  local rc=$?
  stop_emulator
  if (( rc != 0 )) && [[ -s "$work/emulator.log" ]]; then
    echo "--- emulator log (last 20 lines) ---" >&2
    tail -n 20 "$work/emulator.log" >&2
  fi
  if [[ "$keep" == 1 ]]; then
    printf '\ndemo: kept %s (the emulator has stopped, so links in state no longer work).\n' "$work"
    printf 'Outputs again: TF_CLI_CONFIG_FILE=%s/terraform.rc terraform -chdir=%s/demo output\n' "$work" "$work"
  else
    rm -rf "$work"
    (( rc != 0 )) || printf '\ndemo: done; the emulator is stopped and %s removed (KEEP=1 make demo keeps it).\n' "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

for tool in go terraform; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is not on PATH" >&2; exit 1; }
done

step "Building the provider and the emulator (the first build takes about a minute, longer on a busy machine; later ones a few seconds)"
mkdir -p "$work/plugins"
(cd "$repo" && go build -o "$work/plugins/terraform-provider-zuora" . &&
  go build -o "$work/zuora-emulator" ./cmd/zuora-emulator)

step "Starting the emulator on a free loopback port"
start_emulator "$work/zuora-emulator" "$work"
echo "emulator: $base_url"

write_cli_config "$work/terraform.rc" "$work/plugins"
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

# The demo configuration has no credentials: the provider reads these.
export ZUORA_BASE_URL="$base_url"
export ZUORA_CLIENT_ID="$emulator_client_id"
export ZUORA_CLIENT_SECRET="$emulator_client_secret"
unset ZUORA_ENVIRONMENT ZUORA_ACCESS_TOKEN ZUORA_ENTITY_ID ZUORA_ORG_IDS

# A fresh copy each run: no state from earlier runs, none left in the repo.
mkdir -p "$work/demo"
shopt -s nullglob
cp "$repo"/examples/demo/*.{tf,jsonl,csv} "$work/demo/"
shopt -u nullglob
cd "$work/demo"

step "terraform apply (examples/demo; no terraform init: the dev override supplies the provider)"
terraform apply -auto-approve -input=false
