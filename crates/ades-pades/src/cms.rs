//! The CMS a PAdES signature embeds (ETSI TS 102 778-3, EN 319 142-1 B-B): a detached CAdES
//! over the digest of the PDF's byte ranges, with signing-certificate-v2 and the signature
//! policy. As the Madrid policy's Annex I says for PAdES, it has no content-hints, no
//! signing-time (the time is the signature dictionary's `/M`) and no counter-signatures: the
//! builder has no method for them, and only policies that permit PAdES accept it.

use ades_cades::attributes::{self, Attribute};
use ades_cades::{CommitmentType, Prepared, Result, prepare_external_digest};
use ades_core::algorithm::RsaPkcs1v15;
use ades_core::policy::format::Pades;
use ades_core::policy::packaging::Detached;
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, oid};

use crate::sign::{NoCertificate, SignerCertificate};

/// Builds the CMS of a PAdES signature under policy `P`.
#[must_use]
pub struct PdfCmsBuilder<P, C = NoCertificate> {
    policy: P,
    certificate: C,
    roles: Vec<String>,
    commitment: Option<CommitmentType>,
    content_timestamp: Option<Vec<u8>>,
}

impl<P: Policy + PermitsPackaging<Pades, Detached>> PdfCmsBuilder<P> {
    /// Starts a PAdES CMS under `policy`.
    pub fn new(policy: P) -> Self {
        PdfCmsBuilder {
            policy,
            certificate: NoCertificate,
            roles: Vec::new(),
            commitment: None,
            content_timestamp: None,
        }
    }
}

impl<P: Policy + PermitsPackaging<Pades, Detached>, C> PdfCmsBuilder<P, C> {
    /// The signer certificate and the chain to embed.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> PdfCmsBuilder<P, SignerCertificate> {
        PdfCmsBuilder {
            policy: self.policy,
            certificate: SignerCertificate { certificate, chain },
            roles: self.roles,
            commitment: self.commitment,
            content_timestamp: self.content_timestamp,
        }
    }

    /// A claimed role (signer-attributes).
    pub fn claimed_role(mut self, role: impl Into<String>) -> Self {
        self.roles.push(role.into());
        self
    }

    /// The signer's commitment (commitment-type-indication).
    pub fn commitment(mut self, commitment: CommitmentType) -> Self {
        self.commitment = Some(commitment);
        self
    }

    /// A content-time-stamp over the byte ranges' digest, obtained before signing.
    pub fn content_timestamp(mut self, token: &ades_tsp::TimeStampToken) -> Self {
        self.content_timestamp = Some(token.der().to_vec());
        self
    }
}

impl<P: Policy + PermitsPackaging<Pades, Detached>> PdfCmsBuilder<P, SignerCertificate> {
    /// Fixes the signed attributes for `byte_range_digest` (the digest with `D` of the two
    /// byte ranges), checking the signer certificate at `signing_time` (the `/M` the
    /// signature dictionary will carry).
    pub fn prepare<D>(
        self,
        byte_range_digest: Vec<u8>,
        signing_time: OffsetDateTime,
    ) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let mut extra = Vec::new();
        if !self.roles.is_empty() {
            extra.push(attributes::signer_roles(&self.roles));
        }
        if let Some(c) = self.commitment {
            extra.push(attributes::commitment_type(&c.oid()));
        }
        if let Some(token) = self.content_timestamp {
            extra.push(Attribute::single(oid::ATTR_CONTENT_TIMESTAMP, token));
        }
        prepare_external_digest(
            self.policy,
            self.certificate.certificate,
            self.certificate.chain,
            byte_range_digest,
            extra,
            signing_time,
        )
    }
}
