#!/usr/bin/env bash
# Start-up time of imagepin, the NativeAOT binary (build/native.sh) beside the JIT build (dotnet publish, apphost):
#   --version                  the floor: process start, runtime start, command-line parsing
#   check ONE_FILE             a real command on one small Dockerfile (no network)
#   check real-dockerfiles     the whole ../shared/corpus/real-dockerfiles (when it is there)
# beside the floor, a NativeAOT hello world (bench/startup-hello) built with the same settings, and with the page faults
# of each AOT run (GNU time's %R: a first touch of a page costs this VM ~16 µs; most of imagepin's are the runtime
# filling in the binary's dehydrated data, which grows with the code in the binary).
# Measured with hyperfine (Debian package; installed when missing and root), warm file cache, several runs each.
# Usage: bench/startup.sh [RUNS]     (default 30; REUSE_BUILDS=1 measures the last builds again)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${1:-30}
out="$here/out/startup"; mkdir -p "$out"

if ! command -v hyperfine >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "hyperfine is needed (Debian: apt-get install hyperfine)" >&2; exit 2; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi

if [ ! -x /usr/bin/time ]; then
  [ "$(id -u)" = 0 ] || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 2; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

jit="$out/jit/imagepin"
aot="$out/aot/imagepin"
hello="$out/hello/hello"
if [ -z "${REUSE_BUILDS:-}" ] || [ ! -x "$jit" ] || [ ! -x "$aot" ] || [ ! -x "$hello" ]; then
  echo "building imagepin: JIT (Release) and NativeAOT (build/native.sh), and the NativeAOT hello world…" >&2
  dotnet publish "$root/src/ImagePin.Cli" -c Release -o "$out/jit" --nologo -v quiet >/dev/null
  "$root/build/native.sh" linux-x64 "$out/aot" >/dev/null
  dotnet publish "$here/startup-hello" -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=true -o "$out/hello" --nologo -v quiet >/dev/null
fi
faults() { # COMMAND… -> median minor page faults of 5 runs
  local _
  for _ in 1 2 3 4 5; do /usr/bin/time -f %R -o "$out/faults" "$@" >/dev/null 2>&1 || true; tail -n 1 "$out/faults"; done | sort -n | sed -n 3p
}

file="$root/examples/services/api/Dockerfile"
corpus="$root/../shared/corpus/real-dockerfiles"
cases=("--version" "check $file")
[ -d "$corpus" ] && cases+=("check --include-ignored $corpus")

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %12s %12s %8s %12s\n' "command" "AOT (ms)" "JIT (ms)" "JIT/AOT" "AOT faults"
hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$out/result.json" "$hello" >/dev/null 2>&1
read -r h < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print("%.1f" % (r[0]["mean"] * 1000))' "$out/result.json")
printf '%-48s %12s %12s %8s %12s\n' "NativeAOT hello world (the floor)" "$h" "" "" "$(faults "$hello")"
for c in "${cases[@]}"; do
  # Exit 1 (findings) is expected for check: -i ignores the exit code.
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$out/result.json" "$aot $c" "$jit $c" >/dev/null 2>&1
  read -r a j < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*("%.1f" % (x["mean"] * 1000) for x in r))' "$out/result.json")
  shown=${c//$root\//}; shown=${shown//$(dirname "$root")\//..\/}
  # shellcheck disable=SC2086 # the case is a command line
  printf '%-48s %12s %12s %8s %12s\n' "imagepin $shown" "$a" "$j" "$(awk -v a="$a" -v j="$j" 'BEGIN { printf "%.1fx", j / a }')" "$(faults $aot $c)"
done
echo "binary sizes: AOT $(du -h "$aot" | cut -f1), JIT publish folder $(du -sh "$out/jit" | cut -f1) (needs the .NET runtime)"
