#!/usr/bin/env bash
# Runs one fuzz target under libFuzzer for a while: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
# Targets: dockerfile reference shell settings yaml manifest www-authenticate (fuzz/README.md).
# Seeds come from ../shared/corpus (read in place, or turned into one input per file under fuzz/out/seeds/);
# what libFuzzer adds goes to fuzz/out/corpus/TARGET, crashes and hangs to fuzz/out/findings/TARGET/.
# The log is fuzz/out/logs/TARGET.log; its last lines have executions, coverage (cov, ft) and corpus size.
# Build first with fuzz/build.sh. One run at a time: the machine's cores are shared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags…]}
seconds=${2:-1800}
shift $(( $# >= 2 ? 2 : 1 ))
shared=${IMAGEPIN_SHARED:-$here/../../shared}/corpus
[ -d "$shared" ] || { echo "no shared corpus at $shared (set IMAGEPIN_SHARED)" >&2; exit 2; }
[ -x "$out/dotnet-driver" ] && [ -f "$out/app/ImagePin.Fuzz.dll" ] || { echo "run fuzz/build.sh first" >&2; exit 2; }

seeds="$out/seeds/$target"
rm -rf "$seeds" && mkdir -p "$seeds"
# One input per file; the seeds below are made from the shared corpus or written here (none are kept in git).
one_per_line() { python3 -c '
import sys, os, hashlib
out = sys.argv[1]
for line in sys.stdin.buffer.read().split(b"\n"):
    if line.strip():
        open(os.path.join(out, hashlib.sha1(line).hexdigest()[:16]), "wb").write(line)' "$seeds"; }
read_dirs=()
max_len=65536
case "$target" in
  dockerfile)
    read_dirs=("$shared/real-dockerfiles" "$shared/buildkit-parser/parser") ;;
  reference)
    python3 -c 'import json, sys; [print(v["input"]) for v in json.load(open(sys.argv[1])) if isinstance(v.get("input"), str)]' \
      "$shared/reference/vectors.json" | one_per_line
    max_len=1024 ;;
  shell)
    # BuildKit's lexer vectors: the word before the first '|' (envVarTest: after the 'A|' prefix).
    { sed -nE 's/^A\|(.*[^ ]) *\|.*/\1/p' "$shared/buildkit-parser/shell/envVarTest"
      sed -nE 's/^(.*[^ ]) *\| .*/\1/p' "$shared/buildkit-parser/shell/wordsTest"; } | one_per_line
    max_len=4096 ;;
  settings)
    read_dirs=("$shared/real-yaml")
    cat >"$seeds/example.yaml" <<'YAML'
platforms: [linux/amd64, linux/arm64]
update:
  min-age: 3d
verify:
  max-age: 30d
ignore:
  paths: ["vendor/**"]
  rules: [IP004]
registries:
  insecure: [registry.internal:5000]
  ca-file: certs/internal-ca.pem
  mirrors: { docker.io: mirror.gcr.io }
  trust-head-digest: false
  timeout: 30s
YAML
    max_len=16384 ;;
  yaml)
    read_dirs=("$shared/real-yaml" "$shared/real-ci") ;;
  manifest)
    read_dirs=("$shared/osv")
    printf '%s' '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","size":3,"annotations":{"org.opencontainers.image.created":"2024-01-02T03:04:05Z"}}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","size":9}}' >"$seeds/manifest.json"
    printf '%s' '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":10,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","size":10,"annotations":{"vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"platform":{"os":"unknown","architecture":"unknown"}}]}' >"$seeds/index.json"
    printf '%s' '{"architecture":"amd64","os":"linux","variant":"v2","created":"2024-05-06T07:08:09.123456789Z","config":{"Labels":{"a":"b"}},"rootfs":{"type":"layers","diff_ids":[]}}' >"$seeds/config.json"
    max_len=65536 ;;
  www-authenticate)
    printf '%s\n' \
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"' \
      'Basic realm="registry"' \
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull",error="insufficient_scope"' \
      'Basic realm="a", Bearer realm="https://b/token", service=b' \
      'Bearer realm=https://quay.io/v2/auth,service=quay.io' \
      'Bearer realm="a\"b\\c",scope="x y"' | one_per_line
    max_len=4096 ;;
  *) echo "unknown target '$target' (dockerfile reference shell settings yaml manifest www-authenticate)" >&2; exit 2 ;;
esac

corpus="$out/corpus/$target"
findings="$out/findings/$target"
mkdir -p "$corpus" "$findings" "$out/logs"
log="$out/logs/$target.log"
echo "fuzzing $target for ${seconds}s; log $log" >&2
# -timeout: an input taking over 10 s is a hang (a finding); -rss_limit_mb bounds this process, the .NET child
# is bounded by DOTNET_GCHeapHardLimit (1 GiB: an input that needs more is a finding, as "memory bounded by input").
set +e
DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0 \
"$out/dotnet-driver" -max_total_time="$seconds" -timeout=10 -max_len="$max_len" -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$findings/" "$@" \
  --exec="$(command -v dotnet)" --arg="$out/app/ImagePin.Fuzz.dll" --arg="$target" \
  "$corpus" "$seeds" "${read_dirs[@]}" >"$log" 2>&1
status=$?
set -e
grep -E '^#[0-9]+ +(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 2 >&2 || true
grep -E '^stat::' "$log" >&2 || true
echo "exit $status; findings: $(find "$findings" -type f | wc -l) file(s) in $findings" >&2
exit "$status"
