#!/usr/bin/env bash
# Benchmark: time and peak memory of `check` and `pin --dry-run` on ONE Dockerfile holding 1k, 4k, 16k and 64k
# references, to show both grow linearly with the references in a file. Starts its own registry (4 images).
# Usage: [IMAGEPIN=path/to/binary] bench/scaling.sh [SIZES…]   (default 1000 4000 16000 64000; needs docker-registry,
# python3, /usr/bin/time, and the .NET SDK unless IMAGEPIN is given)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"; mkdir -p "$out"
sizes=("${@:-1000 4000 16000 64000}"); read -ra sizes <<<"${sizes[*]}"

bin=${IMAGEPIN:-}
if [ -z "$bin" ]; then
  echo "building imagepin (native AOT, build/native.sh)…" >&2
  bin=$("$root/build/native.sh" linux-x64 "$out/scaling-aot")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scaling.XXXXXX")
registry_pid=""
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/storage\nhttp:\n  addr: 127.0.0.1:%s\n' "$work" "$port" >"$work/registry.yml"
docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
registry_pid=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && break; sleep 0.1; done
python3 "$here/pin/push-images.py" "127.0.0.1:$port" 4 >/dev/null

printf '%-9s %-15s %9s %10s %14s\n' refs command "wall s" "peak MiB" "µs/reference"
for n in "${sizes[@]}"; do
  dir="$work/s$n"; mkdir -p "$dir"
  python3 -c "import sys; n=int(sys.argv[1]); print('\n'.join(f'FROM 127.0.0.1:$port/bench/app-{(i%4)+1:04d}:1.0 AS s{i}' for i in range(n)))" "$n" >"$dir/Dockerfile"
  for command in check "pin --dry-run"; do
    # shellcheck disable=SC2086
    (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time" "$bin" $command --format json >/dev/null 2>&1) || true
    read -r wall kb < <(tail -n 1 "$work/time")
    awk -v n="$n" -v c="$command" -v w="$wall" -v k="$kb" 'BEGIN { printf "%-9d %-15s %9.2f %10.0f %14.1f\n", n, c, w, k / 1024, w * 1e6 / n }'
  done
done
