#!/usr/bin/env python3
"""Independent judge of signed PDFs for the ades test suite (pyHanko's own validation).

usage: pdf_peer.py FILE.pdf ROOT_PEM [--other-certs PEM ...] [--no-revocation]

Validates every signature (validate_pdf_signature) and document time-stamp
(validate_pdf_timestamp) with a validation context that trusts only ROOT_PEM, fetches OCSP
responses and CRLs online (hard-fail) unless --no-revocation, and prints one JSON object:
{"signatures": [{"field", "kind", "intact", "valid", "trusted", "coverage",
"modification_level", "bottom_line", "summary"}]}. Exits 0 only if there is at least one
signature and every bottom line is true.
"""
import argparse
import json
import sys

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext


def certs(path):
    data = open(path, "rb").read()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("root")
    ap.add_argument("--other-certs", nargs="*", default=[])
    ap.add_argument("--no-revocation", action="store_true")
    a = ap.parse_args()
    others = [c for p in a.other_certs for c in certs(p)]
    vc = ValidationContext(
        trust_roots=certs(a.root),
        other_certs=others,
        allow_fetching=not a.no_revocation,
        revocation_mode="soft-fail" if a.no_revocation else "hard-fail",
    )
    out = []
    with open(a.pdf, "rb") as f:
        reader = PdfFileReader(f)
        for sig in reader.embedded_signatures:
            entry = {"field": sig.field_name}
            try:
                if sig.sig_object.get("/Type") == "/DocTimeStamp":
                    status = validate_pdf_timestamp(sig, validation_context=vc)
                    entry["kind"] = "doc-timestamp"
                else:
                    status = validate_pdf_signature(sig, signer_validation_context=vc)
                    entry["kind"] = "signature"
                entry.update(
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    trusted=bool(status.trusted),
                    coverage=str(getattr(status, "coverage", "")),
                    modification_level=str(getattr(status, "modification_level", "")),
                    # A document time-stamp's status has no bottom line: intact, valid, trusted.
                    bottom_line=bool(
                        getattr(status, "bottom_line", status.intact and status.valid and status.trusted)
                    ),
                    summary=status.summary(),
                )
            except Exception as e:  # a peer failure is a verdict, not a crash of the test
                entry.update(bottom_line=False, summary=f"{type(e).__name__}: {e}")
            out.append(entry)
    print(json.dumps({"signatures": out}))
    sys.exit(0 if out and all(s["bottom_line"] for s in out) else 1)


if __name__ == "__main__":
    main()
