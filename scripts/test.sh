#!/usr/bin/env bash
# Installs what the test suite needs and runs every test. Idempotent; run as root on Debian 12
# (apt-get), or as any user when the Debian packages are already there.
#   Debian:  openssl (the CMS peer), python3-venv when the system Python lacks venv
#   Python:  tests/peers/requirements.txt (pyHanko, asn1crypto) in $ADES_PEER_VENV
#   Rust:    cargo-deny (licences, bans, sources), cargo-nextest if missing
# Then: fmt check, clippy, cargo deny, nextest, doc tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
t0=$SECONDS

pkgs=(openssl ca-certificates)
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

command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v cargo-deny >/dev/null || cargo install --locked cargo-deny@0.20.2

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Advisories need the RustSec database from the network, which CI lacks (docs/dependencies.md).
cargo deny --locked check licenses bans sources
cargo nextest run --workspace --locked --no-fail-fast
cargo test --workspace --locked --doc
echo "test.sh: every test passed in $((SECONDS - t0)) s"
