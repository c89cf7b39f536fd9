#!/usr/bin/env bash
# Benchmark: `imagepin pin --dry-run` against the floor, a minimal keep-alive client making the same requests.
# Pushes N distinct images to its own registry (as pin-registry.sh does), writes 2N Dockerfiles (each image used by
# two), and per round runs, one after the other on the same registry:
#   - imagepin pin --dry-run --format json (the native binary), with IMAGEPIN_TRACE_PHASES for its phases;
#   - bench/pin/floor-client.c (the floor): one manifest GET per distinct image, body hashed with SHA-256 (as imagepin
#     proves digests), over 6 keep-alive connections (imagepin's per-registry limit), the Accept header imagepin sends,
#     nothing else; compiled C, so its whole process is a fair comparison (it starts in about a millisecond);
#   - bench/pin/floor-dotnet: the same through .NET's HttpClient alone, NativeAOT like imagepin: the floor for any .NET
#     client, so the gap between it and imagepin is imagepin's own code;
#   - bench/pin/floor-client.py: the same in Python (standard library), for reference: its interpreter start is most of
#     its wall time, so only its "requests alone" time (first connection to last response) says much.
# Prints the medians, imagepin's phases, the ratio imagepin / compiled floor, whole process against whole process
# (goal ≤ 1.2×), the ratios against the Python client, and checks every digest.
# With LATENCY_MS > 0 every client talks to the registry through bench/pin/latency-proxy.py, which holds each request
# that long: a registry across a network instead of one sharing this machine's two cores.
# With SPLIT_CORES=1 the registry (and the proxy) run on CPU 0 and every client on CPU 1 (taskset): the registry no
# longer waits for the cores a client is using, so what is left between the clients is their own latency.
# Usage: [N=200] [ROUNDS=15] [LATENCY_MS=0] [SPLIT_CORES=0] [IMAGEPIN=path/to/binary] bench/pin-floor.sh
# Needs the .NET SDK and clang (unless IMAGEPIN is given), gcc and libssl-dev (the floor client), python3, curl and the
# Debian package docker-registry (installed when missing, before anything is measured). The measured part uses
# loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pin="$here/pin"
# shellcheck source=bench/pin/registry.sh
source "$pin/registry.sh"
N=${N:-200}
ROUNDS=${ROUNDS:-15}
whole_number N "$N" 1 9999
whole_number ROUNDS "$ROUNDS" 1 99
LATENCY_MS=${LATENCY_MS:-0}
whole_number LATENCY_MS "$LATENCY_MS" 0 10000
SPLIT_CORES=${SPLIT_CORES:-0}
whole_number SPLIT_CORES "$SPLIT_CORES" 0 1
if (( SPLIT_CORES )) && { (( $(nproc) < 2 )) || ! command -v taskset >/dev/null; }; then
  echo "pin-floor.sh: SPLIT_CORES=1 needs two CPUs and taskset (util-linux)" >&2; exit 2
fi
root=$(dirname "$here")
out="$here/out"

if ! command -v docker-registry >/dev/null; then
  echo "installing Debian package docker-registry…" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
if ! command -v cc >/dev/null || [ ! -e /usr/include/openssl/sha.h ]; then
  echo "installing gcc and libssl-dev (the floor client)…" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev libssl-dev >/dev/null
fi
mkdir -p "$out"
cc -O2 -Wall -o "$out/floor-client" "$pin/floor-client.c" -lcrypto -lpthread
dotnet publish "$pin/floor-dotnet" -c Release -r linux-x64 -o "$out/floor-dotnet" --nologo -v quiet >/dev/null
imagepin=${IMAGEPIN:-}
if [ -z "$imagepin" ]; then
  echo "building imagepin (native AOT, build/native.sh)…" >&2
  imagepin=$("$root/build/native.sh" linux-x64 "$out/pin-floor-aot")
fi

open_bench_work pin-floor

start_bench_registry "$work" || exit 1
echo "pushing $N images to $registry…" >&2
push_bench_images "$N" "$work"
if (( LATENCY_MS > 0 )); then
  proxy_port=$(free_bench_port)
  python3 "$pin/latency-proxy.py" "$proxy_port" "$registry" "$LATENCY_MS" "$work/proxy.count" 3600 &
  proxy_pid=$!
  trap 'kill "$proxy_pid" 2>/dev/null; stop_bench_registry; rm -rf "$work"' EXIT
  for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$proxy_port/v2/" 2>/dev/null && break; sleep 0.1; done
  # Every client asks the proxy: the references name it instead of the registry.
  sed -i "s|^$registry/|127.0.0.1:$proxy_port/|" "$work/expected.tsv" "$work/references.txt"
  registry="127.0.0.1:$proxy_port"
  echo "every request held ${LATENCY_MS} ms by the proxy on $registry" >&2
fi
write_bench_workload "$N" "$work/references.txt" "$work/workload"
sort -u "$work/references.txt" >"$work/distinct.txt"
on_client_core=()
if (( SPLIT_CORES )); then
  taskset -a -p -c 0 "$registry_pid" >/dev/null
  if [ -n "${proxy_pid:-}" ]; then taskset -a -p -c 0 "$proxy_pid" >/dev/null; fi
  on_client_core=(taskset -c 1)
  echo "registry on CPU 0, every client on CPU 1" >&2
fi

# timed NAME COMMAND…: runs the command and appends "NAME START END" (the shell's clock) to the run's times.
timed() {
  local name=$1 start=$EPOCHREALTIME status=0
  shift
  "$@" || status=$?
  echo "$name $start $EPOCHREALTIME" >>"$work/times"
  return "$status"
}

echo "load before: $(cat /proc/loadavg)" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  # imagepin (given its launch time, for exec→Main), then each client; wall times include process start and exit.
  IMAGEPIN_TRACE_PHASES=$EPOCHREALTIME timed imagepin "${on_client_core[@]}" "$imagepin" pin --dry-run --format json "$work/workload" >"$work/imagepin.out" 2>"$work/imagepin-$round.err" || true
  timed floor "${on_client_core[@]}" "$out/floor-client" "$work/distinct.txt" 6 >"$work/floor.out" 2>>"$work/floor.err"
  timed floor-net "${on_client_core[@]}" "$out/floor-dotnet/floor-dotnet" "$work/distinct.txt" 6 >"$work/floor-net.out" 2>>"$work/floor-net.err"
  timed floor-py "${on_client_core[@]}" python3 "$pin/floor-client.py" "$work/distinct.txt" 6 >"$work/floor-py.out" 2>>"$work/floor-py.err"
done
echo "load after: $(cat /proc/loadavg)" >&2

python3 - "$work" "$ROUNDS" "$N" "$LATENCY_MS" "$SPLIT_CORES" <<'PY'
import json, pathlib, re, statistics, sys
work, rounds, n = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
walls = {}
for line in (work / "times").read_text().splitlines():
    name, start, end = line.split()
    walls.setdefault(name, []).append((float(end) - float(start)) * 1000)
expected = dict(l.split("\t") for l in (work / "expected.tsv").read_text().splitlines())
report = json.loads((work / "imagepin.out").read_text() or "{}")
text = json.dumps(report)
imagepin_ok = sum(1 for ref, digest in expected.items() if digest in text)
phases = {}
for r in range(1, rounds + 1):
    for line in (work / f"imagepin-{r}.err").read_text().splitlines():
        m = re.match(r"\s+(exec→Main|setup|walk|read|parse|judge|scan|rewrite|resolve|output|1st req|last resp|Main→end|gc pauses)\s+([0-9.]+)", line)
        if m:
            phases.setdefault(m.group(1), []).append(float(m.group(2)))
def requests_alone(name):
    return [float(l.split()[1]) for l in (work / name).read_text().splitlines() if l.startswith("requests:")]
walls["floor-requests"] = requests_alone("floor.err")
walls["floor-net-requests"] = requests_alone("floor-net.err")
walls["floor-py-requests"] = requests_alone("floor-py.err")
def right(name):
    return sum(1 for l in (work / name).read_text().splitlines() if expected.get(l.split("\t")[0]) == l.split("\t")[1])
med = {k: statistics.median(v) for k, v in walls.items()}
def row(label, key, note):
    print(f"  {label:<36}{med[key]:8.1f}  [{min(walls[key]):.1f}]   {note}")
latency = int(sys.argv[4])
print(f"workload: {n} distinct images, {2 * n} Dockerfiles; {rounds} rounds, medians (ms); min in brackets"
      + (f"; every request held {latency} ms by a proxy" if latency else "")
      + ("; registry on CPU 0, clients on CPU 1" if sys.argv[5] == "1" else ""))
row("imagepin pin --dry-run (native)", "imagepin", f"digests right: {imagepin_ok}/{n}")
row("floor client (C), whole process", "floor", f"digests right: {right('floor.out')}/{n}")
row("  of which its requests alone", "floor-requests", "(first connection to last response)")
row("HttpClient alone (.NET, NativeAOT)", "floor-net", f"digests right: {right('floor-net.out')}/{n}")
row("  of which its requests alone", "floor-net-requests", "")
row("floor client (Python), whole process", "floor-py", f"digests right: {right('floor-py.out')}/{n}")
row("  of which its requests alone", "floor-py-requests", "")
print("imagepin's phases (median ms):  " + "  ".join(f"{k} {statistics.median(v):.1f}" for k, v in phases.items()))
ratio = med["imagepin"] / med["floor"]
print(f"ratio imagepin / floor client (C), whole process against whole process: {ratio:.2f}×  (goal ≤ 1.2×: {'met' if ratio <= 1.2 else 'NOT met'})")
print(f"ratio imagepin / the C client's requests alone:      {med['imagepin'] / med['floor-requests']:.2f}×")
print(f"ratio imagepin / HttpClient alone, whole process:     {med['imagepin'] / med['floor-net']:.2f}×")
print(f"ratio HttpClient alone / floor client (C):            {med['floor-net'] / med['floor']:.2f}×  (what .NET's HTTP stack itself costs here)")
print(f"ratio imagepin / Python client, whole process:       {med['imagepin'] / med['floor-py']:.2f}×")
print(f"ratio imagepin / the Python client's requests alone: {med['imagepin'] / med['floor-py-requests']:.2f}×")
PY
