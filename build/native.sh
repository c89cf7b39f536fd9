#!/usr/bin/env bash
# Builds the NativeAOT imagepin: one self-contained executable, no .NET runtime needed where it runs.
#
#   build/native.sh [RID] [OUTPUT_DIR]      default: linux-x64, artifacts/native/RID
#
# Needs clang and zlib's headers (Debian: clang, zlib1g-dev); installs them with apt-get when they are missing
# and the script runs as root. Fails on any build warning (TreatWarningsAsErrors, trim and AOT analysers on), so
# the binary it prints the path of is AOT-clean.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=${1:-linux-x64}
out=${2:-artifacts/native/$rid}

compiler=()
if ! command -v clang >/dev/null; then
  # A versioned clang (clang-14, …) serves as well; otherwise install Debian's.
  versioned=$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -V | tail -n 1 || true)
  if [ -n "$versioned" ]; then
    compiler=("-p:CppCompilerAndLinker=$versioned")
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang >/dev/null
  else
    echo "build/native.sh: clang is needed (Debian: apt-get install clang zlib1g-dev)" >&2; exit 1
  fi
fi
if [ ! -e /usr/include/zlib.h ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zlib1g-dev >/dev/null
fi

rm -rf "$out"
log=$(mktemp)
# -warnaserror: an ILC (trim/AOT) warning fails the build like a compiler warning does.
if ! dotnet publish src/ImagePin.Cli/ImagePin.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -p:StripSymbols=true \
     -warnaserror "${compiler[@]}" -o "$out" --nologo >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
if grep -E ': warning [A-Z]+[0-9]+' "$log" >&2; then
  echo "build/native.sh: the AOT build has warnings (above)" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
# Only the executable ships (symbols were stripped into .dbg files).
find "$out" -type f ! -name imagepin -delete
echo "$out/imagepin"
