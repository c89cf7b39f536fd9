#!/usr/bin/env bash
# Builds what fuzz/run.sh needs, under fuzz/out/ (ignored by git):
#   out/dotnet-driver       the libFuzzer front end (driver/dotnet-driver.cc, linked with clang's libFuzzer)
#   out/app/                the fuzz targets, published, with ImagePin.Core.dll and YamlDotNet.dll instrumented
#   out/tools/sharpfuzz     SharpFuzz's instrumenter (the SharpFuzz.CommandLine .NET tool)
# Installs the Debian packages clang-14 and libfuzzer-14-dev when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
mkdir -p "$out"

if ! command -v clang++-14 >/dev/null || [ ! -f /usr/lib/llvm-14/lib/libFuzzer.a ]; then
  echo "installing clang-14 and libfuzzer-14-dev…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-14 libfuzzer-14-dev >/dev/null
fi
clang++-14 -O1 -g -std=c++17 "$here/driver/dotnet-driver.cc" /usr/lib/llvm-14/lib/libFuzzer.a -lpthread -o "$out/dotnet-driver"

if [ ! -x "$out/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null
fi

rm -rf "$out/app"
dotnet publish "$here/ImagePin.Fuzz" -c Release -o "$out/app" --nologo -v quiet
# Coverage comes from the code under test only (not the harness, SharpFuzz or the framework).
for assembly in ImagePin.Core.dll YamlDotNet.dll; do
  "$out/tools/sharpfuzz" "$out/app/$assembly" >/dev/null
done
echo "built: $out/dotnet-driver, $out/app (instrumented: ImagePin.Core, YamlDotNet)" >&2
