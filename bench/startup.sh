#!/usr/bin/env bash
# Start-up time of imagepin, the NativeAOT binary (build/native.sh) beside the JIT build (dotnet publish, apphost):
#   --version                  the floor: process start, runtime start, command-line parsing
#   check ONE_FILE             a real command on one small Dockerfile (no network)
#   check real-dockerfiles     the whole ../shared/corpus/real-dockerfiles (when it is there)
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

jit="$out/jit/imagepin"
aot="$out/aot/imagepin"
if [ -z "${REUSE_BUILDS:-}" ] || [ ! -x "$jit" ] || [ ! -x "$aot" ]; then
  echo "building imagepin: JIT (Release) and NativeAOT (build/native.sh)…" >&2
  dotnet publish "$root/src/ImagePin.Cli" -c Release -o "$out/jit" --nologo -v quiet >/dev/null
  "$root/build/native.sh" linux-x64 "$out/aot" >/dev/null
fi

file="$root/examples/services/api/Dockerfile"
corpus="$root/../shared/corpus/real-dockerfiles"
cases=("--version" "check $file")
[ -d "$corpus" ] && cases+=("check --include-ignored $corpus")

printf '%-48s %12s %12s %8s\n' "command" "AOT (ms)" "JIT (ms)" "JIT/AOT"
for c in "${cases[@]}"; do
  # Exit 1 (findings) is expected for check: -i ignores the exit code.
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$out/result.json" "$aot $c" "$jit $c" >/dev/null 2>&1
  read -r a j < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*("%.1f" % (x["mean"] * 1000) for x in r))' "$out/result.json")
  shown=${c//$root\//}; shown=${shown//$(dirname "$root")\//..\/}
  printf '%-48s %12s %12s %8s\n' "imagepin $shown" "$a" "$j" "$(awk -v a="$a" -v j="$j" 'BEGIN { printf "%.1fx", j / a }')"
done
echo "binary sizes: AOT $(du -h "$aot" | cut -f1), JIT publish folder $(du -sh "$out/jit" | cut -f1) (needs the .NET runtime)"
