#!/usr/bin/env bash
# Benchmark: how long imagepin takes to give up on a registry nobody answers on (connection refused), for one
# image and for 20 images on that host, beside skopeo doing the same for one image.
# Usage: bench/dead-registry.sh   (needs skopeo for the comparison; nothing listens on the chosen port)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"; mkdir -p "$out"
echo "building imagepin (native AOT)…" >&2
dotnet publish "$root/src/ImagePin.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/imagepin-aot" --nologo -v quiet >/dev/null
bin="$out/imagepin-aot/imagepin"
# A port that was free a moment ago: connection refused.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d "${TMPDIR:-/tmp}/dead-registry.XXXXXX"); trap 'rm -rf "$work"' EXIT
for i in $(seq 20); do mkdir -p "$work/s$i"; echo "FROM 127.0.0.1:$port/app$i:1" >"$work/s$i/Dockerfile"; done

measure() { local s e; s=$(date +%s%N); "$@" >"$work/last.out" 2>"$work/last.err" || true; e=$(date +%s%N); echo "$(( (e - s) / 1000000 ))"; }
one=$(measure "$bin" resolve "127.0.0.1:$port/myorg/app:1")
many=$(cd "$work" && measure "$bin" pin --dry-run)
lines=$(grep -c ': error: ' "$work/last.err" || true)
printf '%-42s %8s ms\n' "imagepin resolve (1 image, dead host)" "$one"
printf '%-42s %8s ms  (%s error line(s))\n' "imagepin pin --dry-run (20 images, dead host)" "$many" "$lines"
if command -v skopeo >/dev/null; then
  sk=$(measure skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$port/myorg/app:1")
  printf '%-42s %8s ms\n' "skopeo inspect --raw (1 image, dead host)" "$sk"
fi
