# shellcheck shell=bash
# Sourced by the pin benchmarks (pin-registry.sh, pin-floor.sh): a local registry with N pushed images and a workload
# of 2N Dockerfiles. Needs docker-registry, curl and python3. Loopback only.

# whole_number NAME VALUE MIN MAX: exits with a usage error unless VALUE is a whole number in [MIN, MAX].
whole_number() {
  if ! [[ $2 =~ ^[0-9]+$ ]] || (( $2 < $3 || $2 > $4 )); then
    echo "$1 must be a whole number from $3 to $4, got '$2'" >&2; exit 2
  fi
}

# open_bench_work NAME: a temporary folder (sets work), removed with the registry stopped when the script exits.
open_bench_work() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  registry_pid=""
  trap 'stop_bench_registry; rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
}

stop_bench_registry() {
  if [ -n "${registry_pid:-}" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
}

# free_bench_port: prints a free loopback port outside 15000–15099 (the test suite's).
free_bench_port() {
  python3 -c '
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if not 15000 <= p <= 15099: print(p); break'
}

# start_bench_registry WORK: starts `docker-registry serve` on a free loopback port outside 15000–15099 (the test
# suite's), filesystem storage and access log in WORK; sets registry (HOST:PORT), registry_pid and access_log.
start_bench_registry() {
  local work=$1 port
  port=$(free_bench_port)
  registry="127.0.0.1:$port"
  access_log="$work/access.log"
  cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: $registry
  secret: pin-registry-bench
YAML
  docker-registry serve "$work/registry.yml" >"$access_log" 2>"$work/registry.err" &
  registry_pid=$!
  local _
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null && return 0
    kill -0 "$registry_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "registry did not start on $registry:" >&2; cat "$work/registry.err" >&2
  return 1
}

# push_bench_images N WORK: pushes bench/app-0001:1.0 … (push-images.py); WORK/expected.tsv gets "REFERENCE<TAB>DIGEST"
# per image, WORK/references.txt the references.
push_bench_images() {
  local n=$1 work=$2
  python3 "$(dirname "${BASH_SOURCE[0]}")/push-images.py" "$registry" "$n" >"$work/expected.tsv"
  cut -f1 "$work/expected.tsv" >"$work/references.txt"
}

# write_bench_workload N REFERENCES TEMPLATE: 2N Dockerfiles TEMPLATE/svc-XXXX/Dockerfile; file k uses image ((k-1) mod N)+1.
write_bench_workload() {
  local n=$1 references_file=$2 template=$3 k image dir
  local -a references
  mapfile -t references <"$references_file"
  for ((k = 1; k <= 2 * n; k++)); do
    image=${references[(k - 1) % n]}
    dir=$(printf '%s/svc-%04d' "$template" "$k")
    mkdir -p "$dir"
    printf 'FROM %s\nWORKDIR /app\nCOPY . .\nRUN ./build.sh\nCMD ["./app"]\n' "$image" >"$dir/Dockerfile"
  done
}
