#!/usr/bin/env bash
# Benchmark: `imagepin check` over ../shared/corpus/real-dockerfiles, side by side with dockerfile-utils
# over the same files, in one run. Prints files/s, MB/s, wall time, peak memory and the ratios.
# Usage: bench/check-corpus.sh [CORPUS_DIR]     (needs the .NET SDK and npm; no other network)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus=${1:-"$root/../shared/corpus/real-dockerfiles"}
[ -f "$corpus/MANIFEST.tsv" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
out="$here/out"; mkdir -p "$out"

echo "building imagepin (Release, JIT and native AOT)…" >&2
dotnet publish "$root/src/ImagePin.Cli" -c Release -o "$out/imagepin" --nologo -v quiet >/dev/null
aot=""
if dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo -v quiet >/dev/null 2>&1; then
  aot="$out/imagepin-aot/imagepin"
else
  echo "native AOT build failed; measuring the JIT build only" >&2
fi
if [ ! -d "$here/node_modules/dockerfile-utils" ]; then
  echo "installing dockerfile-utils…" >&2
  (cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)
fi

list="$out/files.txt"
tail -n +2 "$corpus/MANIFEST.tsv" | while IFS=$'\t' read -r repo _ path _; do echo "$corpus/$repo/$path"; done > "$list"
files=$(wc -l < "$list")
bytes=$(xargs -d '\n' cat < "$list" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.3f", b / 1048576 }')

# Runs a command under /usr/bin/time; sets WALL (s) and PEAK (MiB).
measure() {
  local t="$out/time.txt"
  /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null 2>"$out/stderr.txt" || true
  read -r WALL KB < <(tail -n 1 "$t")
  PEAK=$(awk -v k="$KB" 'BEGIN { printf "%.0f", k / 1024 }')
}
report() { # name wall peak
  awk -v n="$1" -v w="$2" -v p="$3" -v f="$files" -v m="$mb" \
    'BEGIN { printf "%-34s %8.2f s %10.0f files/s %8.2f MB/s %6d MiB peak\n", n, w, (w > 0 ? f / w : 0), (w > 0 ? m / w : 0), p }'
}

echo "corpus: $files files, $mb MB ($corpus)"
mapfile -t paths < "$list"
measure "$out/imagepin/imagepin" check --format json "${paths[@]}"
jit_wall=$WALL; jit_peak=$PEAK
report "imagepin check (JIT, whole run)" "$jit_wall" "$jit_peak"
ip_wall=$jit_wall
if [ -n "$aot" ]; then
  measure "$aot" check --format json "${paths[@]}"
  ip_wall=$WALL
  report "imagepin check (native, whole run)" "$WALL" "$PEAK"
fi

measure node "$here/dockerfile-utils-all.js" < "$list"
lib_wall=$WALL; lib_peak=$PEAK
report "dockerfile-utils lint (1 process)" "$lib_wall" "$lib_peak"

# As its CLI is used: one process per file (it lints one file per call). That takes minutes for the
# whole corpus, so a sample (CLI_SAMPLE files, default 200) is timed and scaled to the corpus size.
sample=${CLI_SAMPLE:-200}
head -n "$sample" "$list" > "$out/sample.txt"
start=$(date +%s.%N)
xargs -d '\n' -n 1 -P 1 "$here/node_modules/.bin/dockerfile-utils" lint < "$out/sample.txt" >/dev/null 2>&1 || true
cli_wall=$(awk -v s="$start" -v e="$(date +%s.%N)" -v n="$sample" -v f="$files" 'BEGIN { printf "%.2f", (e - s) * f / n }')
report "dockerfile-utils lint (CLI per file)*" "$cli_wall" 0
echo "  * one process per file, timed on $sample files and scaled to $files"

awk -v a="$ip_wall" -v j="$jit_wall" -v b="$lib_wall" -v c="$cli_wall" 'BEGIN {
  printf "ratio: imagepin (native) is %.1fx faster than dockerfile-utils as a library (JIT build: %.1fx), %.0fx faster than its CLI\n", b / a, b / j, c / a }'
