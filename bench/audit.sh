#!/usr/bin/env bash
# Benchmark: `imagepin audit` per image, SBOM path vs layer path, native (AOT) binary, warm OSV folder.
# Pushes two Debian-shaped images of realistic layer sizes (after python:3.12-slim-bookworm and an app on
# node:20-bookworm), each in an index with a BuildKit-shaped SBOM attestation, to its own registry on a free
# loopback port, writes a synthetic Debian:12 OSV export the size of a real one, then times
# `imagepin audit --inventory auto` (SBOM) and `--inventory layers` and reads bytes downloaded from the JSON.
# Usage: [SCALE=1.0] [ROUNDS=5] [OSV_RECORDS=30000] bench/audit.sh
# Needs the .NET SDK and python3; installs the Debian package docker-registry when missing (the only network use).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"
status_file="$root/../shared/corpus/pkgdb/trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/dpkg"
[ -f "$status_file" ] || { echo "needs ../shared/corpus (the dpkg status fixture): $status_file" >&2; exit 2; }

if ! command -v docker-registry >/dev/null; then
  echo "installing Debian package docker-registry…" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

mkdir -p "$out"
echo "building imagepin (Release, native AOT)…" >&2
publish_log="$out/audit-publish.log"
dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo >"$publish_log" 2>&1 \
  || { tail -20 "$publish_log" >&2; echo "native AOT publish failed" >&2; exit 1; }
warnings=$(grep -cE ': warning [A-Z]+[0-9]+' "$publish_log" || true)
echo "native AOT publish: $warnings warnings (log: $publish_log)"
imagepin="$out/imagepin-aot/imagepin"

work=$(mktemp -d "${TMPDIR:-/tmp}/audit-bench.XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  cp "$work/audit-results.json" "$out/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port outside 15000–15099, which the test suite's servers use.
port=$(python3 -c '
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if not 15000 <= p <= 15099: print(p); break')
registry="127.0.0.1:$port"
cat > "$work/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: $registry
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "http://$registry/v2/" || { cat "$work/registry.log" >&2; echo "registry did not start" >&2; exit 1; }

python3 "$here/audit/bench.py" "$imagepin" "$registry" "$work" "$status_file" | tee "$out/audit-results.txt"
