#!/usr/bin/env bash
# Our signing and validation speed against OpenSSL's raw RSA-2048 operations, measured in the
# same run on the same machine (issue 11's bar; figures in docs/benchmarks.md):
#   sign   = CAdES-EPES attached 1 KiB signatures/s   ÷ `openssl speed rsa2048` sign/s
#   verify = validations/s without the chain         ÷ `openssl speed rsa2048` verify/s
#   chain  = validations/s with a chain of 3 (signer, CA, root) ÷ the same verify/s
# Builds the benchmarks (release), runs `cargo bench --bench cades` for those three cases, and
# prints the ratios as its last line: "sign X.XXx verify Y.YYx chain Z.ZZx".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"

openssl_rates() {
  # -mr: "+F2:<n>:2048:<sign>:<verify>", operations per second in OpenSSL 3 (seconds per
  # operation in 1.1, told apart by size)
  openssl speed -mr -seconds "${OPENSSL_SECONDS:-3}" rsa2048 2>/dev/null |
    awk -F: '/^\+F2:/ { s = $4; v = $5; if (s < 1) s = 1 / s; if (v < 1) v = 1 / v; printf "%.1f %.1f\n", s, v }'
}

cargo bench --locked --bench cades --no-run >/dev/null 2>&1 || cargo bench --locked --bench cades --no-run
read -r sign_before verify_before < <(openssl_rates)
cargo bench --locked --bench cades -- --noplot --measurement-time "${BENCH_SECONDS:-6}" \
  'cades_sign_attached/sign/1KiB|cades_validate/attached_1KiB' >&2
read -r sign_after verify_after < <(openssl_rates)

mean_ns() { # criterion's mean estimate of a benchmark, in nanoseconds
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean"]["point_estimate"])' \
    "$target/criterion/$1/new/estimates.json"
}
ours_sign=$(mean_ns cades_sign_attached/sign/1KiB)
ours_verify=$(mean_ns cades_validate/attached_1KiB_no_chain)
ours_chain=$(mean_ns cades_validate/attached_1KiB_chain_test_root)

python3 - "$sign_before" "$sign_after" "$verify_before" "$verify_after" "$ours_sign" "$ours_verify" "$ours_chain" <<'PY'
import sys
sb, sa, vb, va, s_ns, v_ns, c_ns = map(float, sys.argv[1:])
openssl_sign, openssl_verify = (sb + sa) / 2, (vb + va) / 2
ours = {"sign": 1e9 / s_ns, "verify": 1e9 / v_ns, "chain": 1e9 / c_ns}
print(f"openssl speed rsa2048: {openssl_sign:,.0f} sign/s, {openssl_verify:,.0f} verify/s (mean of two runs)")
print(f"ades: CAdES-EPES 1 KiB {ours['sign']:,.0f} sign/s ({s_ns/1000:.1f} µs); "
      f"validation {ours['verify']:,.0f}/s ({v_ns/1000:.1f} µs) without the chain, "
      f"{ours['chain']:,.0f}/s ({c_ns/1000:.1f} µs) with a chain of 3")
print(f"sign {ours['sign']/openssl_sign:.2f}x verify {ours['verify']/openssl_verify:.2f}x "
      f"chain {ours['chain']/openssl_verify:.2f}x")
PY
