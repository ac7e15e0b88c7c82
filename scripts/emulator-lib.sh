# Shared by scripts/demo.sh and scripts/emulator.sh (sourced, not run):
# starting the emulator on a free loopback port and writing a Terraform /
# OpenTofu CLI configuration whose dev_overrides entry points at a local
# build of the provider.

emulator_client_id=emulator-client
emulator_client_secret=emulator-secret
emulator_pid=

# start_emulator BINARY DIR [FLAGS...]: starts the emulator in the
# background (stdout and stderr in DIR/emulator.out and DIR/emulator.log),
# waits until it answers HTTP and sets emulator_pid and base_url.
start_emulator() {
  local binary=$1 dir=$2
  shift 2
  "$binary" -listen 127.0.0.1:0 -url-file "$dir/emulator.url" \
    -client-id "$emulator_client_id" -client-secret "$emulator_client_secret" "$@" \
    >"$dir/emulator.out" 2>"$dir/emulator.log" &
  emulator_pid=$!

  # The URL is the emulator's first stdout line and the content of
  # -url-file; take whichever is complete (newline-terminated) first, for
  # up to 30s.
  base_url=
  local _
  for _ in $(seq 300); do
    base_url=$(first_line "$dir/emulator.url" || first_line "$dir/emulator.out" || true)
    base_url=${base_url%/}
    [[ "$base_url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && break
    base_url=
    kill -0 "$emulator_pid" 2>/dev/null || { echo "the emulator exited; its log:" >&2; cat "$dir/emulator.log" >&2; return 1; }
    sleep 0.1
  done
  [[ -n "$base_url" ]] || { echo "the emulator printed no URL within 30s" >&2; return 1; }

  # Wait until it answers HTTP (bash's /dev/tcp: no curl needed).
  local port=${base_url##*:} status_line
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
        printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
        IFS= read -r -t 5 status_line <&3 &&
        [[ "$status_line" == HTTP/* ]]) 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "the emulator at $base_url does not answer" >&2
  return 1
}

first_line() { [[ -s "$1" && $(wc -l <"$1") -ge 1 ]] && head -n 1 "$1"; }

stop_emulator() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
}

# write_cli_config FILE PLUGIN_DIR: a CLI configuration whose dev override
# makes Terraform (and OpenTofu) use the provider in PLUGIN_DIR, with no
# `terraform init` and no registry lookup for it.
write_cli_config() {
  cat >"$1" <<RC
disable_checkpoint = true

provider_installation {
  dev_overrides {
    "zuora-tf/zuora" = "$2"
  }
  direct {}
}
RC
}
