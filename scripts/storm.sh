#!/usr/bin/env bash
# Long mutation storms: N mutations per format (default 1,000,000) of valid CAdES, XAdES and
# PAdES signatures through the library, release build, on every core the test uses (2).
# Same test as the suite's (tests/mutation_storm.rs), bigger N; prints the counts.
#   scripts/storm.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ADES_STORM_N="${1:-1000000}"
exec cargo test --release --locked --test mutation_storm -- --nocapture
