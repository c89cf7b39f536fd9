#!/usr/bin/env bash
# Benchmark: peak memory of `imagepin check` and `imagepin pin --dry-run` on a large generated tree (goal < 150 MB):
# memory must be bounded by the largest file, not by the repository.
# Writes FILES Dockerfiles (default 20,000; about 1.5 KB each, a FROM of one of IMAGES images on its own local
# registry, an ARG-built COPY --from, RUN lines with continuations and comments), then runs each command ROUNDS times
# and prints the median wall time and the largest peak RSS (wait4's rusage).
# Usage: [FILES=20000] [IMAGES=200] [ROUNDS=3] [IMAGEPIN=path/to/binary] bench/memory.sh
# Needs python3, curl, the Debian package docker-registry (installed when missing) and, unless IMAGEPIN is given,
# the .NET SDK with clang for build/native.sh. Loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/pin/registry.sh
source "$here/pin/registry.sh"
FILES=${FILES:-20000}
IMAGES=${IMAGES:-200}
ROUNDS=${ROUNDS:-3}
whole_number FILES "$FILES" 1 1000000
whole_number IMAGES "$IMAGES" 1 9999
whole_number ROUNDS "$ROUNDS" 1 99
if ! command -v docker-registry >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
mkdir -p "$here/out"
imagepin=${IMAGEPIN:-}
[ -n "$imagepin" ] || imagepin=$("$root/build/native.sh" linux-x64 "$here/out/memory-aot")

open_bench_work imagepin-memory

start_bench_registry "$work" || exit 1
echo "pushing $IMAGES images to $registry…" >&2
push_bench_images "$IMAGES" "$work"

echo "writing $FILES Dockerfiles…" >&2
python3 - "$work/references.txt" "$work/tree" "$FILES" <<'PY'
import os, sys
references = [l.strip() for l in open(sys.argv[1]) if l.strip()]
root, count = sys.argv[2], int(sys.argv[3])
for k in range(count):
    folder = os.path.join(root, f"group-{k // 1000:02d}", f"svc-{k:05d}")
    os.makedirs(folder, exist_ok=True)
    image = references[k % len(references)]
    with open(os.path.join(folder, "Dockerfile"), "w") as f:
        f.write(f"""# Service {k}: generated for the memory benchmark.
ARG BASE={image}
FROM $BASE AS build
ENV APP_HOME=/srv/app-{k} \\
    APP_USER=app \\
    PATH=/srv/app-{k}/bin:$PATH
WORKDIR $APP_HOME
# Dependencies first, so the layer is cached.
COPY requirements.txt ./
RUN set -eux; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends ca-certificates curl git make gcc libc6-dev; \\
    rm -rf /var/lib/apt/lists/*; \\
    pip install --no-cache-dir -r requirements.txt
COPY . .
RUN make build VERSION={k} && make test
FROM {image}
LABEL org.opencontainers.image.title="service-{k}" org.opencontainers.image.version="1.{k}.0"
COPY --from=build /srv/app-{k}/bin /usr/local/bin
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost:8080/health"]
CMD ["service-{k}", "--port", "8080"]
""")
PY
du -sh "$work/tree" | cut -f1 | xargs echo "tree size:" >&2

measure() { # LABEL COMMAND... -> "label wall_ms peak_mib exit"
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(label, round((time.perf_counter() - start) * 1000), round(usage.ru_maxrss / 1024), os.waitstatus_to_exitcode(status))
PY
}
echo "load before: $(cat /proc/loadavg)" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  measure check "$imagepin" check --format json "$work/tree" >>"$work/results"
  measure "pin--dry-run" "$imagepin" pin --dry-run --format json "$work/tree" >>"$work/results"
done
echo "load after: $(cat /proc/loadavg)" >&2
echo "$FILES Dockerfiles ($IMAGES images on $registry), $ROUNDS rounds: median wall, largest peak RSS"
python3 - "$work/results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, peak, code = line.split()
    rows.setdefault(label, []).append((int(wall), int(peak), int(code)))
for label, runs in rows.items():
    peak = max(r[1] for r in runs)
    print(f"  imagepin {label.replace('--', ' --'):<18} {statistics.median(r[0] for r in runs) / 1000:7.2f} s  {peak:5d} MiB  exit {runs[0][2]}"
          f"   goal < 150 MB: {'met' if peak * 1.048576 < 150 else 'NOT met'}")
PY
