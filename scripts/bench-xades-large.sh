#!/usr/bin/env bash
# Enveloped XAdES signing of a large XML document: `ades sign --format xades --packaging
# enveloped` (XAdES-EPES, RSA-2048/SHA-256, Canonical XML 1.0) beside xmlsec1 signing the same
# document from a plain XML-DSig enveloped template (same key, algorithms and transforms), and
# both verifying their own output. Wall time and peak RSS from GNU time -v, median of RUNS.
#   scripts/bench-xades-large.sh      (needs target/release/ades: cargo build --release -p ades-cli)
# Environment: SIZE_MIB (default 80), RUNS (default 3), BENCH_DIR (default target/), ADES.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
ADES=${ADES:-$root/target/release/ades}
SIZE_MIB=${SIZE_MIB:-80}
RUNS=${RUNS:-3}
[[ -x $ADES ]] || { echo "no ades binary at $ADES (cargo build --release -p ades-cli)"; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time is needed (Debian: apt-get install time)"; exit 1; }
command -v xmlsec1 >/dev/null || { echo "xmlsec1 is needed (Debian: apt-get install xmlsec1)"; exit 1; }
mkdir -p "${BENCH_DIR:-$root/target}"
dir=$(mktemp -d "${BENCH_DIR:-$root/target}/bench-xades.XXXXXX")
trap 'rm -rf "$dir"' EXIT

"$ADES" demo --out "$dir/demo" >/dev/null 2>&1
pki=$dir/demo/pki

python3 - "$dir/big.xml" "$SIZE_MIB" <<'PY'
import sys
path, mib = sys.argv[1], int(sys.argv[2])
size = mib << 20
out = open(path, "w", encoding="utf-8")
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Expediente xmlns="urn:madrid:expediente" Id="exp">\n')
n, written = 0, 0
while written < size:
    rec = (f'  <Registro n="{n}" tipo="entrada"><Fecha>2026-11-{n % 28 + 1:02d}</Fecha>'
           f'<Asunto>Solicitud de licencia &amp; tasas n.º {n}</Asunto>'
           f'<Texto>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</Texto></Registro>\n')
    out.write(rec)
    written += len(rec.encode())
    n += 1
out.write("</Expediente>\n")
PY
# The xmlsec1 template: the same document with an empty enveloped signature before the root's end.
python3 - "$dir/big.xml" "$dir/template.xml" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
end = text.rindex("</Expediente>")
tmpl = ('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
        '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>'
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        '<ds:Reference URI=""><ds:Transforms>'
        '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
        '<ds:Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/></ds:Transforms>'
        '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>'
        '</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>')
open(dst, "w", encoding="utf-8").write(text[:end] + tmpl + text[end:])
PY
size=$(stat -c %s "$dir/big.xml")

measure() { # measure NAME CMD...: appends "NAME seconds rss_kib" to results
  local name=$1; shift
  # `ades verify` exits 2 (INDETERMINATE) offline: revocation is not checked here.
  local rc=0
  /usr/bin/time -v "$@" >"$dir/out.log" 2>"$dir/time.log" || rc=$?
  if (( rc > 2 )) || { (( rc != 0 )) && [[ $name != ades-verify ]]; }; then
    cat "$dir/out.log" "$dir/time.log"; exit 1
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$dir/time.log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.log")
  echo "$name $wall $rss" >>"$dir/results"
}
: >"$dir/results"
for _ in $(seq "$RUNS"); do
  rm -f "$dir/ades.xsig" "$dir/xmlsec.xml"
  measure ades-sign "$ADES" sign --format xades --packaging enveloped --policy madrid --offline \
    --key "$pki/signer1.key.pem" --cert "$pki/signer1.pem" --chain "$pki/chain.pem" \
    -o "$dir/ades.xsig" "$dir/big.xml"
  measure xmlsec1-sign xmlsec1 --sign --privkey-pem "$pki/signer1.key.pem,$pki/signer1.pem" \
    --output "$dir/xmlsec.xml" "$dir/template.xml"
  measure ades-verify "$ADES" verify --trust "$pki/root.pem" --offline "$dir/ades.xsig"
  measure xmlsec1-verify xmlsec1 --verify --enabled-key-data x509 --trusted-pem "$pki/root.pem" \
    --untrusted-pem "$pki/ape.pem" --id-attr:Id Expediente "$dir/xmlsec.xml"
done
# Cross-check: xmlsec1 accepts our signature of the large document too.
xmlsec1 --verify --enabled-key-data x509 --trusted-pem "$pki/root.pem" --untrusted-pem "$pki/ape.pem" \
  --id-attr:Id "urn:madrid:expediente:Expediente" --id-attr:Id "http://uri.etsi.org/01903/v1.3.2#:SignedProperties" \
  "$dir/ades.xsig" >/dev/null 2>&1 && echo "xmlsec1 verifies the large ades signature: yes" || echo "xmlsec1 verifies the large ades signature: NO"

echo "document: $size bytes ($(python3 -c "print(round($size/1048576,1))") MiB), $RUNS runs, median:"
python3 - "$dir/results" "$size" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
size = int(sys.argv[2])
for name in ["ades-sign", "xmlsec1-sign", "ades-verify", "xmlsec1-verify"]:
    t = statistics.median(float(r[1]) for r in rows if r[0] == name)
    m = statistics.median(int(r[2]) for r in rows if r[0] == name)
    print(f"  {name:15} {t:6.2f} s  {size / t / 1048576:6.1f} MiB/s  peak RSS {m / 1024:7.1f} MiB")
PY
