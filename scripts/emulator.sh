#!/usr/bin/env bash
# make emulator: starts bin/zuora-emulator (built by make build) on a free
# loopback port, writes bin/dev.tfrc (a CLI configuration whose
# dev_overrides entry points at bin/, where make build put the provider)
# and prints what to copy into another shell and into a configuration.
# Runs in the foreground until Ctrl-C. EMULATOR_FLAGS adds flags, e.g.
# EMULATOR_FLAGS='-catalogue ci/catalogue.json' make emulator.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/emulator-lib.sh
source "$repo/scripts/emulator-lib.sh"
bin="$repo/bin"
run=$(mktemp -d "${TMPDIR:-/tmp}/zuora-emulator.XXXXXX")
trap 'stop_emulator; kill %% 2>/dev/null || true; rm -rf "$run"' EXIT
trap 'exit 0' INT TERM

# shellcheck disable=SC2086 # EMULATOR_FLAGS is a list of flags
start_emulator "$bin/zuora-emulator" "$run" ${EMULATOR_FLAGS:-}
write_cli_config "$bin/dev.tfrc" "$bin"

cat <<MSG

The Zuora emulator is listening on $base_url (Ctrl-C stops it; state is
kept in memory only). In another shell:

  export TF_CLI_CONFIG_FILE=$bin/dev.tfrc   # Terraform and OpenTofu both read it
  export ZUORA_BASE_URL=$base_url
  export ZUORA_CLIENT_ID=$emulator_client_id ZUORA_CLIENT_SECRET=$emulator_client_secret

then run terraform plan / apply (or tofu plan / apply) without init: the
dev override supplies the provider, and init would look it up in the
registry and fail.

$bin/dev.tfrc (copy it to ~/.terraformrc or ~/.tofurc to use it everywhere):

$(sed 's/^/  /' "$bin/dev.tfrc")

Or give the provider block the address instead of the environment variables:

  provider "zuora" {
    base_url      = "$base_url"
    client_id     = "$emulator_client_id"
    client_secret = "$emulator_client_secret"
  }

Requests are logged below.
MSG
# In the background, so that a signal runs the trap at once (bash defers
# traps while a foreground command runs).
tail -n +1 -f "$run/emulator.log" --pid "$emulator_pid" &
wait "$emulator_pid"
