#!/usr/bin/env python3
"""Independent judge of CMS/CAdES files for the ades test suite (asn1crypto + pyHanko).

usage: cms_peer.py SIGNATURE ROOT_PEM [--content FILE] [--policy-oid OID --policy-hash-alg ALG
                   --policy-hash-b64 B64] [--cades]

Prints one JSON object: {"signers": [{"attrs": {...}, "problems": [...], "pyhanko": {...}}]}
and exits 0 only if every signer has no problem and pyHanko judges it intact and valid.
--cades demands the attributes of the Madrid policy (signing-time, signing-certificate-v2 or
v1, signature-policy-identifier with the given OID and hash, content-hints); counter-signatures
are checked the same way except for content-type and content-hints.
"""
import argparse
import asyncio
import base64
import hashlib
import json
import sys

from asn1crypto import cms, core, pem, tsp, x509

# CAdES attributes asn1crypto does not name.
class SigPolicyQualifierInfo(core.Sequence):
    _fields = [("id", core.ObjectIdentifier), ("qualifier", core.Any, {"optional": True})]

class OtherHashAlgAndValue(core.Sequence):
    _fields = [("alg", cms.DigestAlgorithm), ("value", core.OctetString)]

class SignaturePolicyId(core.Sequence):
    _fields = [
        ("oid", core.ObjectIdentifier),
        ("hash", OtherHashAlgAndValue),
        ("qualifiers", core.SequenceOf, {"optional": True, "spec": SigPolicyQualifierInfo}),
    ]

class ContentHints(core.Sequence):
    _fields = [("description", core.UTF8String, {"optional": True}), ("content_type", core.ObjectIdentifier)]

OIDS = {
    "1.2.840.113549.1.9.3": "content-type",
    "1.2.840.113549.1.9.4": "message-digest",
    "1.2.840.113549.1.9.5": "signing-time",
    "1.2.840.113549.1.9.6": "countersignature",
    "1.2.840.113549.1.9.16.2.4": "content-hints",
    "1.2.840.113549.1.9.16.2.12": "signing-certificate",
    "1.2.840.113549.1.9.16.2.47": "signing-certificate-v2",
    "1.2.840.113549.1.9.16.2.15": "signature-policy-identifier",
    "1.2.840.113549.1.9.16.2.17": "signer-location",
    "1.2.840.113549.1.9.16.2.18": "signer-attributes",
    "1.2.840.113549.1.9.16.2.16": "commitment-type-indication",
}
HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


def load(path):
    data = open(path, "rb").read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return cms.ContentInfo.load(data)


def raw_attrs(si):
    out = {}
    for a in si["signed_attrs"] or []:
        name = OIDS.get(a["type"].dotted, a["type"].dotted)
        out.setdefault(name, []).append(a["values"])
    return out


def find_cert(sd, si):
    sid = si["sid"]
    for c in sd["certificates"] or []:
        c = c.chosen
        if sid.name == "issuer_and_serial_number":
            if c.issuer == sid.chosen["issuer"] and c.serial_number == sid.chosen["serial_number"].native:
                return c
        elif c.key_identifier == sid.chosen.native:
            return c
    return None


def check_signer(sd, si, args, content, counter_of=None):
    problems, attrs = [], {}
    found = raw_attrs(si)
    digest_name = si["digest_algorithm"]["algorithm"].native
    attrs["digest"] = digest_name
    attrs["signature_algorithm"] = si["signature_algorithm"]["algorithm"].native
    for name, values in found.items():
        if name in ("content-type", "message-digest", "signing-time") and (len(values) != 1 or len(values[0]) != 1):
            problems.append(f"{name} must occur once with one value")
    md = found.get("message-digest")
    data = counter_of if counter_of is not None else content
    if md is None:
        problems.append("message-digest missing")
    elif data is not None:
        expected = HASHES[digest_name](data).digest()
        if core.OctetString.load(md[0][0].dump()).native != expected:
            problems.append("message-digest does not match")
        else:
            attrs["message-digest"] = "matches"
    if counter_of is None:
        ct = found.get("content-type")
        if ct is None or core.ObjectIdentifier.load(ct[0][0].dump()).dotted != sd["encap_content_info"]["content_type"].dotted:
            problems.append("content-type missing or different from eContentType")
    elif "content-type" in found:
        problems.append("counter-signature carries content-type")
    cert = find_cert(sd, si)
    if cert is None:
        problems.append("signer certificate not embedded")
    if args.cades:
        st = found.get("signing-time")
        if st is None:
            problems.append("signing-time missing")
        else:
            attrs["signing-time"] = cms.Time.load(st[0][0].dump()).native.isoformat()
        if "signing-certificate-v2" in found:
            v = tsp.SigningCertificateV2.load(found["signing-certificate-v2"][0][0].dump())
            first = v["certs"][0]
            alg = first["hash_algorithm"]["algorithm"].native
            ok = cert is not None and HASHES[alg](cert.dump()).digest() == first["cert_hash"].native
            attrs["signing-certificate-v2"] = f"{alg}, {'matches' if ok else 'MISMATCH'}"
            if not ok:
                problems.append("signing-certificate-v2 does not match the signer certificate")
        elif "signing-certificate" in found:
            v = tsp.SigningCertificate.load(found["signing-certificate"][0][0].dump())
            ok = cert is not None and hashlib.sha1(cert.dump()).digest() == v["certs"][0]["cert_hash"].native
            attrs["signing-certificate"] = "matches" if ok else "MISMATCH"
            if not ok:
                problems.append("signing-certificate does not match the signer certificate")
        else:
            problems.append("signing-certificate(-v2) missing")
        sp = found.get("signature-policy-identifier")
        if sp is None:
            problems.append("signature-policy-identifier missing")
        else:
            pid = SignaturePolicyId.load(sp[0][0].dump())
            attrs["policy"] = pid["oid"].dotted
            attrs["policy-hash-alg"] = pid["hash"]["alg"]["algorithm"].native
            if args.policy_oid and pid["oid"].dotted != args.policy_oid:
                problems.append(f"policy OID {pid['oid'].dotted} != {args.policy_oid}")
            if args.policy_hash_b64:
                if (pid["hash"]["alg"]["algorithm"].native != args.policy_hash_alg
                        or pid["hash"]["value"].native != base64.b64decode(args.policy_hash_b64)):
                    problems.append("policy hash differs from the expected one")
            for q in pid["qualifiers"] or []:
                if q["id"].dotted == "1.2.840.113549.1.9.16.5.1":
                    attrs["spuri"] = core.IA5String.load(q["qualifier"].dump()).native
        if counter_of is None:
            ch = found.get("content-hints")
            if ch is None:
                problems.append("content-hints missing")
            else:
                attrs["content-hints"] = ContentHints.load(ch[0][0].dump())["description"].native
    attrs["present"] = sorted(found)
    return problems, attrs


def pyhanko_validate(ci, si, root, data):
    from pyhanko.sign.validation import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext
    from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
    from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy
    # pyHanko validates one SignerInfo of a detached SignedData: copy the structure with only
    # this signer and without eContent (the signature covers the signed attributes only).
    copy = cms.ContentInfo.load(ci.dump())
    inner = copy["content"]
    inner["encap_content_info"] = cms.ContentInfo({"content_type": inner["encap_content_info"]["content_type"].native})
    inner["signer_infos"] = [cms.SignerInfo.load(si.dump())]
    inner = cms.ContentInfo.load(copy.dump())["content"]
    vc = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail",
                           algorithm_usage_policy=DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset({"md5"})))
    policy = CMSAlgorithmUsagePolicy.lift_policy(DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset({"md5"})))
    status = asyncio.run(async_validate_detached_cms(data, inner, signer_validation_context=vc, algorithm_policy=policy))
    result = {"intact": status.intact, "valid": status.valid, "trusted": status.trusted, "bottom_line": status.bottom_line}
    tv = status.timestamp_validity
    if tv is not None:
        result["timestamp"] = {"intact": tv.intact, "valid": tv.valid, "trusted": tv.trusted, "time": tv.timestamp.isoformat()}
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("signature")
    p.add_argument("root")
    p.add_argument("--content")
    p.add_argument("--policy-oid")
    p.add_argument("--policy-hash-alg", default="sha256")
    p.add_argument("--policy-hash-b64")
    p.add_argument("--cades", action="store_true")
    p.add_argument("--expect-timestamp", action="store_true",
                   help="every top-level signer must carry a signature time-stamp pyHanko accepts")
    args = p.parse_args()
    root_data = open(args.root, "rb").read()
    if pem.detect(root_data):
        _, _, root_data = pem.unarmor(root_data)
    root = x509.Certificate.load(root_data)
    ci = load(args.signature)
    sd = ci["content"]
    econtent = sd["encap_content_info"]["content"]
    content = bytes(econtent.native) if econtent.native is not None else (open(args.content, "rb").read() if args.content else None)
    result, ok = {"signers": []}, True

    def visit(si, counter_of, label):
        nonlocal ok
        problems, attrs = check_signer(sd, si, args, content, counter_of)
        entry = {"id": label, "problems": problems, "attrs": attrs}
        data = counter_of if counter_of is not None else content
        if data is None:
            entry["problems"].append("no content to validate with pyHanko")
        elif counter_of is None:
            entry["pyhanko"] = pyhanko_validate(ci, si, root, data)
            if not entry["pyhanko"]["bottom_line"]:
                entry["problems"].append("pyHanko does not accept the signature")
            ts = entry["pyhanko"].get("timestamp")
            if args.expect_timestamp and not (ts and ts["intact"] and ts["valid"] and ts["trusted"]):
                entry["problems"].append(f"pyHanko does not accept the signature time-stamp: {ts}")
        ok = ok and not entry["problems"]
        result["signers"].append(entry)
        for a in si["unsigned_attrs"] or []:
            if a["type"].dotted == "1.2.840.113549.1.9.6":
                for n, cs in enumerate(a["values"]):
                    visit(cs, si["signature"].native, f"{label}/counter-{n + 1}")

    for i, si in enumerate(sd["signer_infos"]):
        visit(si, None, f"signer-{i + 1}")
    print(json.dumps(result, indent=1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
