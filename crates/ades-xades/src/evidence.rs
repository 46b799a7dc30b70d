//! Evidence records embedded in a XAdES signature (ETSI TS 119 132-3):
//! `xadesen:SealingEvidenceRecords` among the unsigned signature properties, holding RFC 4998
//! records (`ASN1EvidenceRecord`, base64) or RFC 6283 ones (`ers:EvidenceRecord`). The data object of a record is the group of the
//! signature's parts an archive time-stamp placed where the record is would cover (the signed
//! data, `SignedInfo`, `SignatureValue`, `KeyInfo`, the properties before it and the objects,
//! each canonicalized with `SignedInfo`'s method), hashed one by one and as a group (RFC 4998
//! §4.2: the hashes sorted and concatenated).
//! A record that covers something else proves nothing: NO_POE (INDETERMINATE), never a pass.

use std::io;

use ades_core::digest::Digester;
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{CheckId, DigestAlgorithm, SubIndication, digest};
use ades_ers::{EvidenceRecord, Verifier};
use ades_xml::{C14nMethod, Document, Limits, NodeId};

use crate::archive::{ArchiveKind, ObjectSink, unsigned_signature_properties, write_input};
use crate::dsig::SignatureElement;
use crate::markup::decode_base64;

/// The namespace of TS 119 132-3.
const XADES_EN: &str = "http://uri.etsi.org/19132/v1.1.1#";

/// What verifying a signature's records needs.
pub(crate) struct Context<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) signature: &'a SignatureElement,
    pub(crate) content: Option<&'a dyn DetachedContent>,
    pub(crate) limits: &'a Limits,
}

/// Checks the evidence records embedded in the signature of `ctx`.
pub(crate) fn check_embedded_records(
    ctx: &Context<'_>,
    validator: Option<&dyn CertificateValidator>,
    now: OffsetDateTime,
    checks: &mut CheckList,
) {
    let Some(usp) = unsigned_signature_properties(ctx.doc, ctx.signature.node) else {
        return;
    };
    let doc = ctx.doc;
    let sealing = doc
        .child_elements(usp)
        .filter(|&c| doc.has_name(c, Some(XADES_EN), "SealingEvidenceRecords"));
    for element in sealing.collect::<Vec<_>>() {
        for record in doc.child_elements(element) {
            let parsed = match doc.local_name(record) {
                Some("ASN1EvidenceRecord") => decode_base64(&doc.text_content(record))
                    .ok()
                    .and_then(|der| EvidenceRecord::from_der(&der).ok()),
                Some("EvidenceRecord") => EvidenceRecord::from_xml_element(doc, record).ok(),
                _ => continue,
            };
            verify_one(ctx, element, parsed, validator, now, checks);
        }
    }
}

fn verify_one(
    ctx: &Context<'_>,
    sealing: NodeId,
    parsed: Option<EvidenceRecord>,
    validator: Option<&dyn CertificateValidator>,
    now: OffsetDateTime,
    checks: &mut CheckList,
) {
    let Some(parsed) = parsed else {
        checks.fail(
            CheckId::EvidenceRecord,
            SubIndication::NoPoe,
            "an unreadable embedded evidence record: it proves nothing",
        );
        return;
    };
    let method = ctx
        .doc
        .child_elements(ctx.signature.signed_info)
        .find(|&c| ctx.doc.local_name(c) == Some("CanonicalizationMethod"))
        .and_then(|c| ctx.doc.attribute(c, None, "Algorithm"))
        .and_then(|uri| C14nMethod::from_uri(uri).ok())
        .unwrap_or(C14nMethod::Inclusive10 { comments: false });
    let input = ArchiveInput {
        ctx,
        method,
        before: sealing,
    };
    let result = Verifier { validator, now }.verify(&parsed, &[&input]);
    checks.extend_with_evidence(result, ": the embedded evidence record proves nothing");
}

/// The signature's parts an archive time-stamp at `before` would cover, as a group hash.
struct ArchiveInput<'a> {
    ctx: &'a Context<'a>,
    method: C14nMethod,
    before: NodeId,
}

impl DetachedContent for ArchiveInput<'_> {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        let mut group = GroupHasher {
            algorithm,
            current: Digester::new(algorithm),
            hashes: Vec::new(),
        };
        write_input(
            self.ctx.doc,
            self.ctx.signature,
            &self.method,
            ArchiveKind::V141,
            Some(self.before),
            self.ctx.content,
            self.ctx.limits,
            &mut group,
        )
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        group.hashes.sort();
        Ok(digest::digest(algorithm, &group.hashes.concat()))
    }
}

/// Hashes each data object on its own.
struct GroupHasher {
    algorithm: DigestAlgorithm,
    current: Digester,
    hashes: Vec<Vec<u8>>,
}

impl io::Write for GroupHasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.current.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl ObjectSink for GroupHasher {
    fn end_object(&mut self) {
        let done = std::mem::replace(&mut self.current, Digester::new(self.algorithm));
        self.hashes.push(done.finish());
    }
}
