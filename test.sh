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

log=$(mktemp)
dotnet test ImagePin.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if declare -F infra_teardown >/dev/null; then infra_teardown; fi

passed=0; failed=0; runs=0
while IFS= read -r line; do
  p=$(sed -nE 's/.*Passed:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")
  f=$(sed -nE 's/.*Failed:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); runs=$((runs + 1))
done < <(grep -E '^(Passed|Failed)!' "$log")
rm -f "$log"

# A build failure or a crashed test host prints no summary line: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$runs" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
