#!/usr/bin/env bash
# Reads image references (one a line) and prints "REFERENCE<TAB>sha256:…" for each, one `skopeo inspect`
# after another, as a shell script that pins with skopeo would. --raw fetches only the manifest, whose
# sha256 is the digest (the cheapest way to ask skopeo; its --format '{{.Digest}}' also reads the config and tag list).
set -uo pipefail
while IFS= read -r reference; do
  if hash=$(skopeo inspect --tls-verify=false --raw "docker://$reference" | sha256sum); then
    printf '%s\tsha256:%s\n' "$reference" "${hash%% *}"
  else
    printf '%s\tfailed\n' "$reference"
  fi
done
