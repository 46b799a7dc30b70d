//! Validation of XAdES signatures after ETSI EN 319 102-1: structure, every reference digest
//! (what matched is returned as the signed objects), the `SignedInfo` signature value, the
//! `SigningCertificate` binding, the policy's rules, time-stamps and X.509 validation of the
//! signer through a pluggable [`CertificateValidator`]. Counter-signatures get their own
//! report.

pub(crate) mod certificate;
mod level;
mod reading;
pub(crate) mod references;
mod timestamps;

use ades_core::Format;
use ades_core::policy::{
    PolicyReference, PolicySelection, PolicySelector, SignatureFacts, SigningCertificateRef,
};
use ades_core::report::{
    CertificateSummary, CheckList, PolicySummary, SignatureReport, SignerSummary,
};
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{CheckId, LevelReached};
use ades_core::{SignatureAlgorithm, SubIndication, ValidationReport, datetime};

use crate::counter::counter_signatures;
use crate::dsig::SignatureElement;
use crate::names::{COUNTERSIGNED_SIGNATURE_TYPE, DS};
use crate::properties::read::read_signed_properties;
use crate::unsigned::{find_qualifying_properties, top_level_signatures};
use ades_xml::{Document, Limits, NodeId};
use ades_xml::{NodeSubset, canonicalize_to_vec};

pub use references::SignedObject;

/// One validated signature: the report and what its verified references cover.
#[derive(Debug, Clone)]
pub struct ValidatedSignature {
    /// The report.
    pub report: SignatureReport,
    /// The `ds:Signature` element.
    pub node: NodeId,
    /// The data objects whose digests matched: exactly what was verified.
    pub signed: Vec<SignedObject>,
}

/// Validates XAdES signatures.
pub struct XadesValidator<'a> {
    selector: &'a dyn PolicySelector,
    certificates: Option<&'a dyn CertificateValidator>,
    content: Option<&'a dyn DetachedContent>,
    at: Option<OffsetDateTime>,
    limits: Limits,
}

impl<'a> XadesValidator<'a> {
    /// A validator applying the rules `selector` chooses (a policy type demands itself).
    pub fn new(selector: &'a dyn PolicySelector) -> Self {
        XadesValidator {
            selector,
            certificates: None,
            content: None,
            at: None,
            limits: Limits::default(),
        }
    }

    /// Validates signer certificates with `validator` (chain, validity, revocation). Without
    /// one, every signature is INDETERMINATE with `NO_CERTIFICATE_CHAIN_FOUND`.
    pub fn certificate_validator(mut self, validator: &'a dyn CertificateValidator) -> Self {
        self.certificates = Some(validator);
        self
    }

    /// The content of a detached signature.
    pub fn detached_content(mut self, content: &'a dyn DetachedContent) -> Self {
        self.content = Some(content);
        self
    }

    /// Validates as of `at` instead of now.
    pub fn at(mut self, at: OffsetDateTime) -> Self {
        self.at = Some(at);
        self
    }

    /// Reading limits for the document.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Validates every signature of an XML document. A document that cannot be read, or
    /// holds no signature, gives one TOTAL-FAILED/FORMAT_FAILURE entry; `Err` only for I/O
    /// errors on detached content.
    pub fn validate(&self, bytes: &[u8], file_name: &str) -> std::io::Result<ValidationReport> {
        self.validate_owned(bytes.to_vec(), file_name)
    }

    /// [`XadesValidator::validate`] taking the document by value: a large document is then
    /// held once, its signatures in memory and the rest read again from it where a
    /// reference digests the whole document (about its own size in memory, whatever its
    /// size).
    pub fn validate_owned(
        &self,
        bytes: Vec<u8>,
        file_name: &str,
    ) -> std::io::Result<ValidationReport> {
        let parsed = reading::read(bytes, &self.limits);
        let signatures = match parsed {
            Ok((doc, encoding)) => self
                .validate_document(&doc)?
                .into_iter()
                .map(|mut s| {
                    if let Some(encoding) = encoding {
                        s.report.checks.insert(
                            0,
                            ades_core::Check {
                                name: CheckId::Format,
                                scope: None,
                                outcome: ades_core::Outcome::Info,
                                detail: format!("the document is in {encoding}: validated on its exact UTF-8 transcoding (canonical XML is UTF-8)"),
                                rule: None,
                                sub_indication: None,
                            },
                        );
                    }
                    s.report
                })
                .collect(),
            Err(e) => vec![SignatureReport::format_failure(
                "file",
                format!("not a readable XML document: {e}"),
            )],
        };
        Ok(ValidationReport {
            file: file_name.to_owned(),
            format: Format::Xades,
            signatures,
            validation_time: self.at.unwrap_or_else(datetime::now),
        })
    }

    /// Validates every signature of a parsed document, counter-signatures included.
    pub fn validate_document(&self, doc: &Document) -> std::io::Result<Vec<ValidatedSignature>> {
        let mut out = Vec::new();
        let signatures = top_level_signatures(doc);
        if signatures.is_empty() {
            out.push(ValidatedSignature {
                report: SignatureReport::format_failure(
                    "file",
                    "the document holds no ds:Signature",
                ),
                node: doc.root(),
                signed: Vec::new(),
            });
        }
        for (i, s) in signatures.into_iter().enumerate() {
            let label = doc
                .attribute(s, None, "Id")
                .map_or_else(|| format!("signature-{}", i + 1), str::to_owned);
            self.validate_signature(doc, s, None, label, 0, &mut out)?;
        }
        Ok(out)
    }

    fn validate_signature(
        &self,
        doc: &Document,
        node: NodeId,
        counter_signed: Option<&SignatureElement>,
        label: String,
        depth: usize,
        out: &mut Vec<ValidatedSignature>,
    ) -> std::io::Result<()> {
        let signature = match SignatureElement::read(doc, node) {
            Ok(s) => s,
            Err(e) => {
                out.push(ValidatedSignature {
                    report: SignatureReport::format_failure(label, e.to_string()),
                    node,
                    signed: Vec::new(),
                });
                return Ok(());
            }
        };
        let mut checks = CheckList::new();
        let mut facts = SignatureFacts::new(Format::Xades);
        facts.is_counter_signature = counter_signed.is_some();
        let counters = counter_signatures(doc, node);
        facts.counter_signatures = counters.len();
        facts.signature_algorithm =
            SignatureAlgorithm::from_xmldsig_uri(&signature.signature_method);
        facts.signature_algorithm_id = signature.signature_method.clone();

        // Integrity of every reference.
        let signed =
            references::check_references(doc, &signature, self.content, &self.limits, &mut checks)?;
        for r in &signature.references {
            facts.data_digests.push(
                ades_core::DigestAlgorithm::from_xmldsig_uri(&r.digest_method)
                    .ok_or_else(|| r.digest_method.clone()),
            );
        }

        // The signed properties are those a verified reference covers, inside this signature.
        let properties = signed_properties(doc, &signature, &signed, &mut checks);
        let props = properties
            .map(|sp| read_signed_properties(doc, sp))
            .unwrap_or_default();
        check_data_objects(
            doc,
            &signature,
            &signed,
            counter_signed,
            properties,
            &mut checks,
        );
        for manifest in signed
            .iter()
            .filter_map(|o| o.element)
            .filter(|&e| doc.has_name(e, Some(DS), "Manifest"))
        {
            references::check_manifest(
                doc,
                manifest,
                &signature,
                self.content,
                &self.limits,
                &mut checks,
            )?;
        }

        let claimed_time = match &props.signing_time {
            Some(Ok(t)) => Some(*t),
            Some(Err(e)) => {
                checks.fail(
                    CheckId::SigningTime,
                    SubIndication::FormatFailure,
                    e.clone(),
                );
                None
            }
            None => None,
        };
        facts.signing_time = claimed_time;

        // Identification of the signing certificate (EN 319 102-1 §5.2.3).
        let pool = certificate::pool(doc, &signature);
        let signer = certificate::identify(&signature, &props, &pool, &mut checks, &mut facts);
        let mut embedded = crate::long_term::embedded(doc, signature.node);
        pool.iter()
            .for_each(|c| embedded.add_certificate(c.clone()));
        if props.signing_certificate.is_some() {
            facts.signing_certificate = Some(SigningCertificateRef::Xades);
        }

        // The signature value over the canonical SignedInfo.
        if let Some(cert) = &signer {
            facts.signer_key_bits = cert.public_key_bits();
            verify_signature_value(
                doc,
                &signature,
                cert,
                facts.signature_algorithm,
                &mut checks,
            );
        } else if let Some(key) = &signature.key_value {
            verify_with_key_value(doc, &signature, key, facts.signature_algorithm, &mut checks);
        }

        // Signature acceptance: the policy's rules.
        match &props.policy {
            Some(Ok(p)) => facts.policy = Some(p.clone()),
            Some(Err(e)) => {
                checks.fail(
                    CheckId::SignaturePolicy,
                    SubIndication::FormatFailure,
                    e.clone(),
                );
            }
            None => {}
        }
        // A DataObjectFormat counts (§3.6.4 d) when it names a verified reference to data
        // (`ObjectReference` = `#` + that reference's Id), not the properties' own.
        facts.has_data_format = props.data_object_formats.iter().any(|f| {
            f.object_reference
                .as_deref()
                .and_then(|r| r.strip_prefix('#'))
                .is_some_and(|id| {
                    signed.iter().any(|o| {
                        o.reference_id.as_deref() == Some(id)
                            && o.element.is_none_or(|e| Some(e) != properties)
                    })
                })
        });
        facts.claimed_roles = props.claimed_roles.clone();
        let applied = self.selector.select(facts.policy.as_ref());
        applied.check(&facts, &mut checks);

        // Time-stamps and X.509 validation at the best signature time (policy §3.7).
        let now = self.at.unwrap_or_else(datetime::now);
        let evidence = timestamps::check(
            doc,
            &signature,
            &props,
            &signed,
            self.content,
            self.certificates,
            &embedded,
            now,
            &self.limits,
            &mut checks,
        );
        evidence.check(claimed_time, &mut checks);
        let records = crate::evidence::Context {
            doc,
            signature: &signature,
            content: self.content,
            limits: &self.limits,
        };
        crate::evidence::check_embedded_records(&records, self.certificates, now, &mut checks);
        let mut chain = Vec::new();
        if let Some(cert) = &signer {
            match self.certificates {
                Some(validator) => {
                    if !embedded.ocsp_responses.is_empty() || !embedded.crls.is_empty() {
                        checks.info(
                            CheckId::ValidationData,
                            format!("the signature carries {}", embedded.summary()),
                        );
                    }
                    chain = validator.validate_certificate_with(
                        cert,
                        &embedded,
                        &evidence.validation_time(now),
                        &mut checks,
                    );
                }
                None => {
                    checks.fail(
                        CheckId::CertificateChain,
                        SubIndication::NoCertificateChainFound,
                        "no trust anchors were given (--trust): the signer certificate's chain was not validated",
                    );
                }
            }
        }

        applied.cite(&mut checks);
        let (indication, sub_indication) = checks.verdict();
        let (signing_time, signing_time_source) = evidence.reported_time(claimed_time, now);
        let policy = PolicySummary {
            oid: match &facts.policy {
                Some(PolicyReference::Explicit {
                    identifier, oid, ..
                }) => Some(oid.map_or_else(|| identifier.clone(), |o| o.to_string())),
                _ => None,
            },
            hash_ok: checks.policy_hash_ok(),
            name: match applied.how {
                PolicySelection::Generic => None,
                _ => applied.identity.as_ref().map(|i| i.name.to_owned()),
            },
            digest: match applied.how {
                PolicySelection::Generic => None,
                _ => applied.identity.as_ref().map(|i| i.hash.clone()),
            },
        };
        out.push(ValidatedSignature {
            report: SignatureReport {
                id: label.clone(),
                level: if find_qualifying_properties(doc, node).is_some() {
                    LevelReached::signature(
                        Format::Xades,
                        level::level(doc, node, facts.policy.is_some()),
                    )
                } else {
                    LevelReached::XmlDsig
                },
                indication,
                sub_indication,
                signing_time: Some(signing_time),
                signing_time_source,
                signer: signer.as_ref().map(SignerSummary::of).unwrap_or_default(),
                policy,
                checks: checks.into_checks(),
                chain: CertificateSummary::chain(&chain),
            },
            node,
            signed,
        });
        // Nesting is bounded by the parser's depth limit; this bound keeps reports sane.
        if depth < 16 {
            for (i, c) in counters.into_iter().enumerate() {
                self.validate_signature(
                    doc,
                    c,
                    Some(&signature),
                    format!("{label}/counter-{}", i + 1),
                    depth + 1,
                    out,
                )?;
            }
        }
        Ok(())
    }
}

/// The `SignedProperties` element of this signature, if a verified reference covers it and
/// it sits in this signature's own `QualifyingProperties` (signature-wrapping defence).
fn signed_properties(
    doc: &Document,
    signature: &SignatureElement,
    signed: &[SignedObject],
    checks: &mut CheckList,
) -> Option<NodeId> {
    let qp = find_qualifying_properties(doc, signature.node);
    if let Some((_, false)) = qp {
        checks.warn(
            CheckId::QualifyingProperties,
            "the QualifyingProperties Target does not name this signature's Id exactly",
        );
    }
    let Some((qp, _)) = qp else {
        // A plain XML-DSig signature: judged for what it is (integrity, signature value,
        // certificate); the XAdES properties and levels do not apply.
        checks.info(
            CheckId::SignedProperties,
            "plain XML-DSig signature (no xades:QualifyingProperties): its references and signature value are checked, XAdES properties and levels do not apply",
        );
        return None;
    };
    let ns = doc.namespace(qp).unwrap_or_default();
    let candidate = doc
        .child_elements(qp)
        .find(|&c| doc.has_name(c, Some(ns), "SignedProperties"));
    let Some(sp) = candidate else {
        checks.fail(
            CheckId::SignedProperties,
            SubIndication::FormatFailure,
            "xades:QualifyingProperties without SignedProperties",
        );
        return None;
    };
    if signed.iter().any(|o| o.element == Some(sp) && !o.filtered) {
        checks.pass(
            CheckId::SignedProperties,
            "the SignedProperties are covered by a verified reference",
        );
        Some(sp)
    } else {
        checks.fail(
            CheckId::SignedProperties,
            SubIndication::HashFailure,
            "no verified reference covers this signature's SignedProperties entirely",
        );
        None
    }
}

/// A signature must cover some data (not only its own properties), and a counter-signature
/// must cover the `SignatureValue` of the signature it is on.
fn check_data_objects(
    doc: &Document,
    signature: &SignatureElement,
    signed: &[SignedObject],
    counter_signed: Option<&SignatureElement>,
    properties: Option<NodeId>,
    checks: &mut CheckList,
) {
    let data: Vec<&SignedObject> = signed
        .iter()
        .filter(|o| o.element.is_none_or(|e| Some(e) != properties))
        .filter(|o| o.element.is_none_or(|e| !is_key_info(doc, signature, e)))
        .collect();
    match counter_signed {
        Some(parent) => {
            if signed
                .iter()
                .any(|o| o.element == Some(parent.signature_value_node) && !o.filtered)
            {
                checks.pass(
                    CheckId::CountersignedValue,
                    "covers the SignatureValue of the signature it counter-signs",
                );
            } else {
                checks.fail(
                    CheckId::CountersignedValue,
                    SubIndication::FormatFailure,
                    "the counter-signature does not cover the SignatureValue of its parent signature",
                );
            }
            let typed = signature
                .references
                .iter()
                .any(|r| r.reference_type.as_deref() == Some(COUNTERSIGNED_SIGNATURE_TYPE));
            if !typed {
                checks.warn(
                    CheckId::CountersignedValue,
                    "no reference of type CountersignedSignature",
                );
            }
        }
        None if data.is_empty() => {
            checks.fail(
                CheckId::SignedData,
                SubIndication::SignedDataNotFound,
                "no verified reference covers a data object: nothing is signed but the signature's own properties",
            );
        }
        None => {
            let names: Vec<String> = data
                .iter()
                .map(|o| match (o.whole_document, o.external, o.element) {
                    (true, _, _) => "the whole document".to_owned(),
                    (_, true, _) => format!("detached {}", o.uri.as_deref().unwrap_or("content")),
                    (_, _, Some(e)) => format!("<{}>", doc.name(e).unwrap_or("?")),
                    _ => "data".to_owned(),
                })
                .collect();
            checks.info(CheckId::SignedData, format!("signed: {}", names.join(", ")));
        }
    }
}

fn is_key_info(doc: &Document, signature: &SignatureElement, element: NodeId) -> bool {
    doc.parent(element) == Some(signature.node) && doc.has_name(element, Some(DS), "KeyInfo")
}

/// The signature value of a signature that names no certificate, with the bare public key
/// of its `KeyInfo/KeyValue`: the integrity is established, the signer is not.
fn verify_with_key_value(
    doc: &Document,
    signature: &SignatureElement,
    key: &ades_core::verify::VerifyingKey,
    algorithm: Option<SignatureAlgorithm>,
    checks: &mut CheckList,
) {
    let Some(algorithm) = algorithm else {
        return;
    };
    let verified = canonicalize_to_vec(
        doc,
        &NodeSubset::subtree(signature.signed_info),
        &signature.canonicalization,
    )
    .ok()
    .is_some_and(|signed_info| {
        key.verify(algorithm, &signed_info, &signature.signature_value)
            .is_ok()
    });
    if verified {
        checks.pass(
            CheckId::SignatureValue,
            format!("{algorithm} signature over the canonical SignedInfo verifies with the KeyInfo's RSAKeyValue (a bare key: no certificate identifies the signer)"),
        );
    } else {
        checks.fail(
            CheckId::SignatureValue,
            SubIndication::SigCryptoFailure,
            "the signature value does not verify with the KeyInfo's RSAKeyValue",
        );
    }
}

fn verify_signature_value(
    doc: &Document,
    signature: &SignatureElement,
    cert: &ades_core::Certificate,
    algorithm: Option<SignatureAlgorithm>,
    checks: &mut CheckList,
) {
    let Some(algorithm) = algorithm else {
        checks.fail(
            CheckId::SignatureValue,
            SubIndication::CryptoConstraintsFailure,
            format!(
                "unknown signature method {}: no XML-DSig algorithm (RFC 6931, RFC 9231) has this identifier",
                signature.signature_method
            ),
        );
        return;
    };
    let signed_info = match canonicalize_to_vec(
        doc,
        &NodeSubset::subtree(signature.signed_info),
        &signature.canonicalization,
    ) {
        Ok(b) => b,
        Err(e) => {
            checks.fail(
                CheckId::SignatureValue,
                SubIndication::FormatFailure,
                e.to_string(),
            );
            return;
        }
    };
    match ades_core::verify::verify_xmldsig_signature(
        cert,
        algorithm,
        &signed_info,
        &signature.signature_value,
    ) {
        Ok(()) => {
            checks.pass(
                CheckId::SignatureValue,
                format!("{algorithm} signature over the canonical SignedInfo verifies with the signer's key"),
            );
        }
        Err(
            ades_core::verify::VerifyError::KeyMismatch(_)
            | ades_core::verify::VerifyError::Unsupported(_)
            | ades_core::verify::VerifyError::UnsupportedKey(_),
        ) => {
            checks.fail(
                CheckId::SignatureValue,
                SubIndication::CryptoConstraintsFailure,
                format!("the signer's key cannot be used with {algorithm}"),
            );
        }
        Err(e) => {
            checks.fail(
                CheckId::SignatureValue,
                SubIndication::SigCryptoFailure,
                e.to_string(),
            );
        }
    }
}
