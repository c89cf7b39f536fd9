#!/usr/bin/env bash
# Benchmark: `imagepin pin --dry-run` against the floor, a minimal keep-alive client making the same requests.
# Pushes N distinct images to its own registry (as pin-registry.sh does), writes 2N Dockerfiles (each image used by
# two), and per round runs, one after the other on the same registry:
#   - imagepin pin --dry-run --format json (the native binary), with IMAGEPIN_TRACE_PHASES for its phases;
#   - bench/pin/floor-client.py: one manifest GET per distinct image, body hashed (as imagepin proves digests), over 6 keep-alive connections (imagepin's
#     per-registry limit), the Accept header imagepin sends, nothing else (python3, standard library).
# Prints the medians, imagepin's phases and the ratio imagepin / floor (goal ≤ 1.2×), and checks every digest.
# Usage: [N=200] [ROUNDS=15] [IMAGEPIN=path/to/binary] bench/pin-floor.sh
# Needs the .NET SDK and clang (unless IMAGEPIN is given), python3, curl and the Debian package docker-registry
# (installed when missing, before anything is measured). The measured part uses loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pin="$here/pin"
# shellcheck source=bench/pin/registry.sh
source "$pin/registry.sh"
N=${N:-200}
ROUNDS=${ROUNDS:-15}
whole_number N "$N" 1 9999
whole_number ROUNDS "$ROUNDS" 1 99
root=$(dirname "$here")
out="$here/out"

if ! command -v docker-registry >/dev/null; then
  echo "installing Debian package docker-registry…" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
mkdir -p "$out"
imagepin=${IMAGEPIN:-}
if [ -z "$imagepin" ]; then
  echo "building imagepin (native AOT, build/native.sh)…" >&2
  imagepin=$("$root/build/native.sh" linux-x64 "$out/pin-floor-aot")
fi

open_bench_work pin-floor

start_bench_registry "$work" || exit 1
echo "pushing $N images to $registry…" >&2
push_bench_images "$N" "$work"
write_bench_workload "$N" "$work/references.txt" "$work/workload"
sort -u "$work/references.txt" >"$work/distinct.txt"

echo "load before: $(cat /proc/loadavg)" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  # imagepin: wall time from the shell's clock around the process (includes process start and exit).
  start=$EPOCHREALTIME
  IMAGEPIN_TRACE_PHASES=$start "$imagepin" pin --dry-run --format json "$work/workload" >"$work/imagepin.out" 2>"$work/imagepin-$round.err" || true
  end=$EPOCHREALTIME
  echo "imagepin $start $end" >>"$work/times"
  start=$EPOCHREALTIME
  python3 "$pin/floor-client.py" "$work/distinct.txt" 6 >"$work/floor.out" 2>>"$work/floor.err"
  end=$EPOCHREALTIME
  echo "floor $start $end" >>"$work/times"
done
echo "load after: $(cat /proc/loadavg)" >&2

python3 - "$work" "$ROUNDS" "$N" <<'PY'
import json, pathlib, re, statistics, sys
work, rounds, n = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
walls = {}
for line in (work / "times").read_text().splitlines():
    name, start, end = line.split()
    walls.setdefault(name, []).append((float(end) - float(start)) * 1000)
expected = dict(l.split("\t") for l in (work / "expected.tsv").read_text().splitlines())
floor_ok = sum(1 for l in (work / "floor.out").read_text().splitlines() if expected.get(l.split("\t")[0]) == l.split("\t")[1])
report = json.loads((work / "imagepin.out").read_text() or "{}")
text = json.dumps(report)
imagepin_ok = sum(1 for ref, digest in expected.items() if digest in text)
phases = {}
for r in range(1, rounds + 1):
    for line in (work / f"imagepin-{r}.err").read_text().splitlines():
        m = re.match(r"\s+(exec→Main|setup|walk|read|parse|judge|scan|rewrite|resolve|output|1st req|last resp|Main→end|gc pauses)\s+([0-9.]+)", line)
        if m:
            phases.setdefault(m.group(1), []).append(float(m.group(2)))
walls["floor-requests"] = [float(l.split()[1]) for l in (work / "floor.err").read_text().splitlines() if l.startswith("requests:")]
med = {k: statistics.median(v) for k, v in walls.items()}
print(f"workload: {n} distinct images, {2 * n} Dockerfiles; {rounds} rounds, medians (ms); min in brackets")
print(f"  imagepin pin --dry-run (native)   {med['imagepin']:8.1f}  [{min(walls['imagepin']):.1f}]   digests right: {imagepin_ok}/{n}")
print(f"  minimal keep-alive client (py)    {med['floor']:8.1f}  [{min(walls['floor']):.1f}]   digests right: {floor_ok}/{n}")
print(f"    of which its requests alone     {med['floor-requests']:8.1f}  [{min(walls['floor-requests']):.1f}]   (the registry's time: the floor)")
print("imagepin's phases (median ms):  " + "  ".join(f"{k} {statistics.median(v):.1f}" for k, v in phases.items()))
ratio = med["imagepin"] / med["floor"]
strict = med["imagepin"] / med["floor-requests"]
print(f"ratio imagepin / minimal client (whole process): {ratio:.2f}×  (goal ≤ 1.2×: {'met' if ratio <= 1.2 else 'NOT met'})")
print(f"ratio imagepin / the client's requests alone:    {strict:.2f}×  (goal ≤ 1.2×: {'met' if strict <= 1.2 else 'NOT met'})")
PY
