#!/usr/bin/env bash
# Runs the whole test suite. Installs and starts what the tests need (see tests/infra/),
# then prints "N passed, N failed" summed over every test assembly as its last line.
set -uo pipefail
cd "$(dirname "$0")"

if [ -x tests/infra/setup.sh ]; then
  # Real OCI registries on 127.0.0.1 for the integration tests; exported settings reach the tests.
  # shellcheck disable=SC1091
  source tests/infra/setup.sh || { echo "test infrastructure setup failed"; echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
dotnet test ImagePin.slnx -c Release --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

if declare -F infra_teardown >/dev/null; then infra_teardown; fi

# Sum the counters of every test assembly's TRX report (independent of console verbosity).
passed=0; failed=0; skipped=0; runs=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")
  f=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")
  t=$(sed -nE 's/.* total="([0-9]+)".*/\1/p' <<<"$counters")
  e=$(sed -nE 's/.* executed="([0-9]+)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0})); runs=$((runs + 1))
  # Skipped tests are named with their reason, so a skip is never mistaken for a pass.
  awk '/outcome="NotExecuted"/ { if (match($0, /testName="[^"]*"/)) print "  skipped: " substr($0, RSTART + 10, RLENGTH - 11); skip = 1 }
       skip && /<Message>/ { sub(/.*<Message>/, ""); sub(/<.*/, ""); print "    because: " $0; skip = 0 }
       /<\/UnitTestResult>/ { skip = 0 }' "$trx"
done
rm -rf "$results"
echo "$skipped skipped"

# A build failure or a crashed test host leaves no report: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$runs" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
