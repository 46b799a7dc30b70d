#!/usr/bin/env bash
# Long libFuzzer campaign, resumable over sessions: runs the fuzz targets until each has at least
# the asked CPU time in the ledger fuzz/campaigns.tsv (one line per run: the CPU time is measured,
# user + system, not the wall time), least-fuzzed target first, one process per job at nice 19.
#
#   scripts/fuzz-long.sh [--cpu-minutes 60] [--run-seconds 1500] [--jobs N] [--hours H] [target...]
#   scripts/fuzz-long.sh --report
#
# --cpu-minutes  the goal per target (issue 14: one CPU-hour)
# --run-seconds  the longest single run (libFuzzer's -max_total_time, wall clock); a run is
#                also cut to what its target still needs to reach the goal
# --jobs         parallel processes (default: the number of cores)
# --hours        stop starting runs after this much wall time; a run is cut to fit
# A crash stops that target's runs, is recorded in the ledger, and leaves its input in
# fuzz/artifacts/<target>/ (make it a file of fuzz/regressions/<target>/ with the fix).
# Needs a nightly toolchain and cargo-fuzz.
set -euo pipefail
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$self")/../fuzz"
ledger="${ADES_FUZZ_LEDGER:-$PWD/campaigns.tsv}"
goal_min=60 run_s=1500 jobs=$(nproc) hours=1000 report=0 targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-minutes) goal_min=$2; shift 2 ;;
    --run-seconds) run_s=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --report) report=1; shift ;;
    -h|--help) sed -n '2,16p' "$self"; exit 0 ;;
    -*) echo "fuzz-long.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
goal_s=$(awk -v m="$goal_min" 'BEGIN { printf "%d", m * 60 }')
[ -f "$ledger" ] || printf 'date_utc\ttarget\tcpu_s\twall_s\texecutions\toutcome\ttoolchain\n' >"$ledger"

# Per target in the ledger: measured CPU seconds, executions, runs, crashed (1/0), and the
# wall seconds of earlier runs whose CPU time was not measured (an empty cpu_s: they do not
# count towards the goal).
totals() {
  awk -F'\t' 'NR > 1 { seen[$2] = 1; ex[$2] += $5; n[$2]++ }
    NR > 1 && $3 != "" { cpu[$2] += $3 }
    NR > 1 && $3 == "" { wall[$2] += $4 }
    NR > 1 && $6 ~ /^crash/ { crash[$2] = 1 }
    END { for (t in seen) printf "%s\t%d\t%d\t%d\t%d\t%d\n", t, cpu[t], ex[t], n[t], crash[t], wall[t] }' "$ledger"
}

if [ "$report" = 1 ]; then
  printf '%-20s %9s %12s %14s %5s  %s\n' target cpu_min unmeasured executions runs state
  totals | sort | while IFS=$'\t' read -r t cpu ex n crash wall; do
    state=$([ "$crash" = 1 ] && echo crashed || { [ "$cpu" -ge $goal_s ] && echo "goal met" || echo "below goal"; })
    printf '%-20s %9.1f %10.1fwm %14d %5d  %s\n' "$t" "$(awk -v s="$cpu" 'BEGIN { print s / 60 }')" \
      "$(awk -v s="$wall" 'BEGIN { print s / 60 }')" "$ex" "$n" "$state"
  done
  echo "cpu_min: measured CPU minutes (user + system); unmeasured: wall minutes of earlier runs whose CPU time was not measured (not counted); goal $goal_min CPU minutes per target"
  exit 0
fi

cargo +nightly fuzz build >/dev/null
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
bin="$PWD/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
toolchain="$(rustc +nightly --version | cut -d' ' -f2-4), $(cargo +nightly fuzz --version)"
state=$(mktemp -d) deadline=$(awk -v h="$hours" -v now="$(date +%s)" 'BEGIN { printf "%d", now + h * 3600 }')
trap 'rm -rf "$state"' EXIT

# Inputs as large as the signatures these targets read; the others let libFuzzer choose.
max_len() {
  case "$1" in
    cades_validate) echo -max_len=16384 ;;
    pades_validate|pdf_parse|xml_c14n|xades_validate) echo -max_len=65536 ;;
  esac
}

# Under the lock: the least-fuzzed target below the goal that no job runs now, and its claim.
claim() {
  (
    flock 9
    totals >"$state/totals"
    for t in "${targets[@]}"; do
      [ -e "$state/claim-$t" ] && continue
      read -r cpu crash < <(awk -F'\t' -v t="$t" '$1 == t { print $2, $5; f = 1 } END { if (!f) print 0, 0 }' "$state/totals")
      [ "$crash" = 1 ] || [ "$cpu" -ge $goal_s ] || echo "$cpu $t"
    done | sort -n | head -1 | { read -r cpu t && touch "$state/claim-$t" && echo "$t $cpu"; } || true
  ) 9>"$state/lock"
}

run_one() { # target, wall seconds
  local t=$1 secs=$2 log="$state/$1.log" rc=0 start cpu
  mkdir -p "artifacts/$t" "corpus/$t"
  start=$(date +%s)
  cpu=$( (nice -n 19 "$bin/$t" -artifact_prefix="$PWD/artifacts/$t/" -max_total_time="$secs" \
            $(max_len "$t") "corpus/$t" >"$log" 2>&1 || echo "rc=$?" >"$log.rc"
          times) | awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.1f", u[1]*60 + u[2] + s[1]*60 + s[2] }')
  local wall=$(( $(date +%s) - start ))
  local runs; runs=$(grep -Eo '^Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  local outcome="no crash"
  if [ -e "$log.rc" ]; then
    outcome="crash: $(grep -Eo 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')"
    rc=1
    cp "$log" "artifacts/$t/last-crash.log"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$cpu" "$wall" "${runs:-0}" "$outcome" "$toolchain" >>"$ledger"
  echo "fuzz-long.sh: $t: ${cpu} CPU-s in ${wall} s, ${runs:-0} executions, $outcome"
  return $rc
}

worker() {
  local next t left secs need
  while next=$(claim) && [ -n "$next" ]; do
    t=${next%% *}
    left=$(( deadline - $(date +%s) ))
    if [ "$left" -lt 60 ]; then rm -f "$state/claim-$t"; break; fi
    # No longer than the goal still needs (plus a margin for start-up), the run limit or the deadline.
    need=$(( goal_s - ${next##* } + 30 ))
    secs=$(( left < run_s ? left : run_s ))
    run_one "$t" $(( need < secs ? need : secs )) || true
    rm -f "$state/claim-$t"
  done
}

for _ in $(seq "$jobs"); do worker & done
wait
exec "$self" --report --cpu-minutes "$goal_min"
