"""Judge a XAdES file with signxml's XAdESVerifier (a peer we did not write).

usage: xades_peer.py FILE ROOT_PEM [--policy-oid OID --policy-hash-b64 B64]
Prints one JSON object {"ok": bool, "references": n, "error": str}; exit 0 only if ok.
The verifier checks every reference, the signature value, the chain to ROOT_PEM, the
SigningCertificate digest and, when given, the SignaturePolicyIdentifier (URN + SHA-256 hash).
"""
import argparse
import json
import sys

from signxml import DigestAlgorithm, SignatureMethod
from signxml.xades import XAdESSignatureConfiguration, XAdESSignaturePolicy, XAdESVerifier


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("root")
    p.add_argument("--policy-oid")
    p.add_argument("--policy-hash-b64")
    a = p.parse_args()
    cfg = XAdESSignatureConfiguration(
        expect_references=True,
        signature_methods=frozenset(SignatureMethod),
        digest_algorithms=frozenset(DigestAlgorithm),
    )
    policy = None
    if a.policy_oid:
        policy = XAdESSignaturePolicy(
            Identifier="urn:oid:" + a.policy_oid,
            Description="",
            DigestMethod=DigestAlgorithm.SHA256,
            DigestValue=a.policy_hash_b64,
        )
    try:
        res = XAdESVerifier().verify(
            open(a.file, "rb").read(), ca_pem_file=a.root, expect_signature_policy=policy, expect_config=cfg
        )
        out = {"ok": True, "references": len(res), "error": ""}
    except Exception as e:  # noqa: BLE001 - any refusal is the verdict
        out = {"ok": False, "references": 0, "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out))
    sys.exit(0 if out["ok"] else 1)


if __name__ == "__main__":
    main()
