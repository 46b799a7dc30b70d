#!/usr/bin/env bash
# Installs what the test suite needs and runs every test. Idempotent; run as root on Debian 12
# (apt-get), or as any user when the Debian packages are already there.
#   Debian:  openssl (CMS, TSA, OCSP, CRL peer), xmlsec1 (XML-DSig peer), poppler-utils (pdfsig)
#            and libnss3-tools (its NSS trust store), qpdf (PDF structure), curl,
#            softhsm2 (PKCS#11 token for the ades-pkcs11 tests), redis-server (the shared
#            revocation cache), libxml2-utils (xmllint: ETSI report schema), chromium (the
#            HTML report rendered headless),
#            python3-venv when the system Python lacks venv
#   Python:  tests/peers/requirements.txt (pyHanko, asn1crypto, signxml, lxml, Certomancer)
#            in $ADES_PEER_VENV
#   Rust:    cargo-deny (licences, bans, sources), cargo-nextest if missing
# Then: fmt check, clippy, cargo deny, nextest, doc tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
t0=$SECONDS

pkgs=(openssl ca-certificates curl xmlsec1 poppler-utils qpdf libnss3-tools softhsm2 redis-server
  libxml2-utils chromium)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || pkgs+=(python3-venv)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] || { echo "test.sh: need root to apt-get install ${missing[*]}" >&2; exit 1; }
  echo "test.sh: apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

venv="${ADES_PEER_VENV:-$root/target/peer-venv}"
stamp="$venv/.requirements.sha256"
want="$(sha256sum tests/peers/requirements.txt | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "test.sh: creating the peer venv $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -r tests/peers/requirements.txt
  echo "$want" >"$stamp"
fi
export ADES_PEER_PYTHON="$venv/bin/python"
"$ADES_PEER_PYTHON" -c 'from importlib.metadata import version as v; print("peers: pyHanko", v("pyHanko"), "/ asn1crypto", v("asn1crypto"))'
openssl version

# The interop references (../shared/interop/reference, present in CI) were made over a
# Certomancer test PKI whose OCSP responder and CRLs are at 127.0.0.1:19180: serve it for the
# conformance tests, and stop it by PID when the tests end.
pki_config="${ADES_REFERENCE_PKI_CONFIG:-$root/../shared/interop/pki/certomancer.yml}"
pki_pid=""
stop_pki() {
  if [[ -n "$pki_pid" ]]; then
    kill "$pki_pid" 2>/dev/null || true
    wait "$pki_pid" 2>/dev/null || true
  fi
}
trap stop_pki EXIT
if [[ -f "$pki_config" ]]; then
  if curl -s -o /dev/null --max-time 2 http://127.0.0.1:19180/; then
    echo "test.sh: a reference PKI already answers on 127.0.0.1:19180; using it"
  else
    "$venv/bin/certomancer" --config "$pki_config" animate --port 19180 --no-web-ui \
      >"$root/target/reference-pki.log" 2>&1 &
    pki_pid=$!
    for _ in $(seq 1 100); do
      curl -s -o /dev/null --max-time 1 http://127.0.0.1:19180/ && break
      kill -0 "$pki_pid" 2>/dev/null || { echo "test.sh: Certomancer exited:"; tail -5 "$root/target/reference-pki.log"; exit 1; }
      sleep 0.3
    done
    echo "test.sh: reference PKI (Certomancer) on 127.0.0.1:19180, pid $pki_pid"
  fi
  export ADES_REFERENCE_PKI=http://127.0.0.1:19180
else
  echo "test.sh: no reference PKI config at $pki_config: the reference conformance tests will say they skipped"
fi

command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v cargo-deny >/dev/null || cargo install --locked cargo-deny@0.20.2

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Advisories need the RustSec database from the network, which CI lacks (docs/dependencies.md).
cargo deny --locked check licenses bans sources
cargo nextest run --workspace --locked --no-fail-fast
cargo test --workspace --locked --doc

# Fuzzing: the targets' seeds, recorded crashes and their mutations ran above on stable
# (tests/fuzz_regressions.rs). Where a nightly toolchain and cargo-fuzz are installed (none
# is fetched here), each libFuzzer target also runs for ADES_FUZZ_SECONDS (default 10). A
# target that does not build on that nightly is a warning; a crash fails the run and leaves
# its input in fuzz/artifacts/<target>/ (add it to fuzz/regressions/<target>/).
if cargo +nightly --version >/dev/null 2>&1 && cargo +nightly fuzz --version >/dev/null 2>&1; then
  (
    cd fuzz
    if cargo +nightly fuzz build >/dev/null 2>&1; then
      for target in $(cargo +nightly fuzz list); do
        log="../target/fuzz-$target.log"
        if ! cargo +nightly fuzz run "$target" -- -max_total_time="${ADES_FUZZ_SECONDS:-10}" -max_len=65536 >"$log" 2>&1; then
          grep -E "panicked|SUMMARY|Test unit written" "$log" | head -5
          echo "test.sh: fuzz target $target crashed (log: target/fuzz-$target.log)"
          exit 1
        fi
        echo "test.sh: fuzz target $target: $(grep -Eo '^Done [0-9]+ runs' "$log" | tail -1 || true) in ${ADES_FUZZ_SECONDS:-10} s, no crash"
      done
    else
      echo "test.sh: warning: the fuzz targets do not build on this nightly; skipped the libFuzzer smoke"
    fi
  )
else
  echo "test.sh: no nightly toolchain with cargo-fuzz: the fuzz targets ran on stable only (tests/fuzz_regressions.rs)"
fi
echo "test.sh: every test passed in $((SECONDS - t0)) s"
