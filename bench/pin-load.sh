#!/usr/bin/env bash
# Load: `imagepin pin` over a generated repository of FILES Dockerfiles using IMAGES distinct images, on a local
# registry behind a proxy that adds LATENCY_MS to every request; then a `kill -9` in the middle of a run, and the
# run after it.
# Usage: [FILES=20000] [IMAGES=2000] [LATENCY_MS=50] [CONCURRENCY=…] bench/pin-load.sh
# Prints: wall time, peak RSS (/usr/bin/time), requests seen by the proxy and reported by imagepin, files pinned;
# for the kill: when it struck, how many files were original / fully pinned / anything else, temp files left, and
# what the next run did. Needs the .NET SDK, python3, and the Debian packages docker-registry and time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"
FILES=${FILES:-20000}
IMAGES=${IMAGES:-2000}
LATENCY_MS=${LATENCY_MS:-50}
CONCURRENCY=${CONCURRENCY:-}
for v in FILES IMAGES LATENCY_MS; do [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number" >&2; exit 2; }; done

command -v docker-registry >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

mkdir -p "$out"
echo "building imagepin (native AOT)…" >&2
dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo -v quiet >/dev/null
imagepin="$out/imagepin-aot/imagepin"

work=$(mktemp -d "${TMPDIR:-/tmp}/pin-load.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/pin/registry.sh
source "$here/pin/registry.sh"
port=$(free_bench_port)
cat >"$work/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && break; sleep 0.1; done
echo "pushing $IMAGES images…" >&2
python3 "$here/pin/push-images.py" "127.0.0.1:$port" "$IMAGES" >"$work/expected.tsv"

proxy_port=$(free_bench_port)
python3 "$here/pin/latency-proxy.py" "$proxy_port" "127.0.0.1:$port" "$LATENCY_MS" "$work/proxy.count" 3600 &
pids+=($!)
sleep 0.5
registry="127.0.0.1:$proxy_port"

# Workload: file k uses image (k mod IMAGES) in FROM and image (k*7 mod IMAGES) in COPY --from.
echo "writing $FILES Dockerfiles…" >&2
python3 - "$work/template" "$registry" "$FILES" "$IMAGES" <<'PY'
import os, sys
root, registry, files, images = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for k in range(files):
    d = os.path.join(root, f"team-{k // 500:02d}", f"svc-{k:05d}")
    os.makedirs(d)
    a, b = k % images + 1, (k * 7) % images + 1
    with open(os.path.join(d, "Dockerfile"), "w") as f:
        f.write(f"FROM {registry}/bench/app-{a:04d}:1.0 AS build\nWORKDIR /src\nCOPY . .\nRUN make\n"
                f"FROM {registry}/bench/app-{b:04d}:1.0\nCOPY --from=build /src/out /app\nCMD [\"/app/run\"]\n")
PY

proxy_count() { cat "$work/proxy.count" 2>/dev/null || echo 0; }
args=(pin --format json)
[ -n "$CONCURRENCY" ] && args+=(--concurrency "$CONCURRENCY")

# --- 1. a whole run ---------------------------------------------------------------------------------
cp -r "$work/template" "$work/full"
before=$(proxy_count); sleep 0.6; before=$(proxy_count)
rc=0
(cd "$work/full" && /usr/bin/time -f "%e %M" -o "$work/full.time" "$imagepin" "${args[@]}" >"$work/full.json" 2>"$work/full.err") || rc=$?
sleep 0.6
read -r wall kb <"$work/full.time"
requests=$(( $(proxy_count) - before ))
pinned_lines=$(grep -rh '@sha256:' "$work/full" | wc -l)
reported=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d.get("summary",d); print(s.get("registryRequests", s.get("requests", "?")), s.get("distinctImages", "?"))' "$work/full.json" 2>/dev/null || echo "? ?")
echo
echo "workload: $FILES Dockerfiles, $IMAGES distinct images, $LATENCY_MS ms added per request; $(nproc) cores; concurrency ${CONCURRENCY:-default}"
printf 'full run: exit %s, %.1f s, peak %d MiB, %s requests at the proxy (%s per distinct image), imagepin reports %s; %s of %s references pinned\n' \
  "$rc" "$wall" $((kb / 1024)) "$requests" "$(awk -v r="$requests" -v n="$IMAGES" 'BEGIN { printf "%.3f", r / n }')" "$reported" "$pinned_lines" $((2 * FILES))
tail -n 2 "$work/full.err" | sed 's/^/  stderr: /'

# --- 2. kill -9 in the middle ---------------------------------------------------------------------------
cp -r "$work/template" "$work/killed"
touch "$work/copied"
(cd "$work/killed" && exec "$imagepin" "${args[@]}" >"$work/killed.json" 2>"$work/killed.err") &
victim=$!
started=$(date +%s.%N)
# Wait for the first rewritten file (resolution comes first, then the writes), then strike a moment later.
while kill -0 "$victim" 2>/dev/null; do
  if [ -n "$(find "$work/killed" -newer "$work/copied" -name Dockerfile -print -quit)" ]; then sleep 0.3; break; fi
  sleep 0.05
done
kill -9 "$victim" 2>/dev/null || echo "note: the run ended before the kill" >&2
wait "$victim" 2>/dev/null || true
struck=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
python3 - "$work/template" "$work/full" "$work/killed" >"$work/kill.tally" <<'PY'
import os, sys
template, full, killed = sys.argv[1:4]
original = pinned = other = 0
for base, _, names in os.walk(template):
    for name in names:
        rel = os.path.relpath(os.path.join(base, name), template)
        now = open(os.path.join(killed, rel), "rb").read()
        if now == open(os.path.join(template, rel), "rb").read(): original += 1
        elif now == open(os.path.join(full, rel), "rb").read(): pinned += 1
        else: other += 1; print("partial:", rel, file=sys.stderr)
print(original, pinned, other)
PY
read -r k_original k_pinned k_other <"$work/kill.tally"
temps=$(find "$work/killed" -name '.*.imagepin-tmp' | wc -l)
echo "kill -9 after ${struck} s: $k_original files original, $k_pinned fully pinned, $k_other anything else; $temps temp files left"

# A stale temp file beside a file the next run reads is removed by it, whether or not the kill left one.
printf 'half-written' >"$work/killed/team-00/svc-00000/.Dockerfile.0123456789abcdef0123456789abcdef.imagepin-tmp"
rc=0
(cd "$work/killed" && /usr/bin/time -f "%e %M" -o "$work/next.time" "$imagepin" "${args[@]}" >"$work/next.json" 2>"$work/next.err") || rc=$?
read -r nwall nkb <"$work/next.time"
same=$(diff -r -q "$work/full" "$work/killed" | wc -l)
temps_after=$(find "$work/killed" -name '.*.imagepin-tmp' | wc -l)
printf 'next run: exit %s, %.1f s, peak %d MiB; files differing from the full run: %s; temp files left: %s\n' "$rc" "$nwall" $((nkb / 1024)) "$same" "$temps_after"
grep -h 'temporary file' "$work/next.err" | sed 's/^/  stderr: /' || true
