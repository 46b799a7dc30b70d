//! The test PKI's services as functions: RFC 3161 time-stamp responses, RFC 6960 OCSP
//! responses and RFC 5280 CRLs, each signed by the right key of the PKI. The HTTP server in
//! [`crate::server`] puts them on 127.0.0.1; tests may also call them directly.

use ades_core::algorithm::{encode_oid, parse_oid};
use ades_core::ber::{self, Reader, constructed, tlv};
use ades_core::cms::{self, SignedData};
use ades_core::time::{Duration, OffsetDateTime};
use ades_core::{DigestAlgorithm, SignatureAlgorithm, Signer, digest, oid};

use crate::{Identity, TestPki, TestkitError, err};

const SHA256_RSA: SignatureAlgorithm = SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256);

/// GeneralizedTime in whole seconds.
fn generalized_time(t: OffsetDateTime) -> Vec<u8> {
    let text = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    tlv(0x18, text.as_bytes())
}

fn x509_time(t: OffsetDateTime) -> Result<Vec<u8>, TestkitError> {
    use ades_core::der::Encode;
    ades_core::datetime::to_x509_time(t)
        .map_err(err)?
        .to_der()
        .map_err(err)
}

fn integer(bytes: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if v.first().is_none_or(|b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    tlv(ber::INTEGER, &v)
}

/// How a time-stamp response should misbehave (for fault tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TsaMode {
    /// A correct response.
    #[default]
    Normal,
    /// A token for another imprint.
    WrongImprint,
    /// A token without the request's nonce.
    WrongNonce,
    /// A rejection (PKIStatus 2).
    Reject,
}

/// A `TimeStampResp` granting `token` (PKIStatus 0).
fn granted(token: &[u8]) -> Vec<u8> {
    let status = tlv(ber::SEQUENCE, &tlv(ber::INTEGER, &[0]));
    constructed(ber::SEQUENCE, &[&status, token])
}

/// The time-stamp request fields the TSA needs.
struct ParsedRequest {
    imprint: Vec<u8>,
    nonce: Option<Vec<u8>>,
    cert_req: bool,
}

fn parse_request(request: &[u8]) -> Result<ParsedRequest, TestkitError> {
    let top = Reader::single(request).map_err(err)?;
    let mut r = top.children().map_err(err)?;
    r.read_tag(ber::INTEGER).map_err(err)?;
    let imprint = r.read_tag(ber::SEQUENCE).map_err(err)?.raw().to_vec();
    let mut nonce = None;
    let mut cert_req = false;
    while let Some(t) = r.next_element().map_err(err)? {
        match t.tag() {
            ber::INTEGER => nonce = Some(t.content().to_vec()),
            0x01 => cert_req = t.content().first().is_some_and(|b| *b != 0),
            _ => {}
        }
    }
    Ok(ParsedRequest {
        imprint,
        nonce,
        cert_req,
    })
}

impl TestPki {
    /// A DER `TimeStampResp` to a DER `TimeStampReq`, made by the PKI's TSA at `now`.
    pub fn timestamp_response(
        &self,
        request: &[u8],
        now: OffsetDateTime,
        mode: TsaMode,
    ) -> Result<Vec<u8>, TestkitError> {
        if mode == TsaMode::Reject {
            let status = constructed(
                ber::SEQUENCE,
                &[
                    &tlv(ber::INTEGER, &[2]),
                    &tlv(ber::SEQUENCE, &tlv(0x0C, b"rejected by test")),
                ],
            );
            return Ok(tlv(ber::SEQUENCE, &status));
        }
        let req = parse_request(request)?;
        let mut imprint = req.imprint.clone();
        if mode == TsaMode::WrongImprint
            && let Some(last) = imprint.last_mut()
        {
            *last ^= 0xFF;
        }
        let nonce = match mode {
            TsaMode::WrongNonce => Some(vec![0x01, 0x02, 0x03]),
            _ => req.nonce.clone(),
        };
        let token = self.timestamp_token(&imprint, nonce.as_deref(), req.cert_req, now)?;
        Ok(granted(&token))
    }

    /// A granted `TimeStampResp` to a DER `TimeStampReq`, made by `tsa` at `now`.
    pub fn timestamp_response_by(
        &self,
        tsa: &Identity,
        request: &[u8],
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, TestkitError> {
        let req = parse_request(request)?;
        let token =
            self.timestamp_token_by(tsa, &req.imprint, req.nonce.as_deref(), req.cert_req, now)?;
        Ok(granted(&token))
    }

    /// A time-stamp token (CMS `SignedData` over `TSTInfo`) for an encoded `MessageImprint`.
    pub fn timestamp_token(
        &self,
        message_imprint: &[u8],
        nonce: Option<&[u8]>,
        include_certificate: bool,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, TestkitError> {
        self.timestamp_token_by(&self.tsa, message_imprint, nonce, include_certificate, now)
    }

    /// [`TestPki::timestamp_token`] signed by `tsa` (another TSA of the intermediate).
    pub fn timestamp_token_by(
        &self,
        tsa: &Identity,
        message_imprint: &[u8],
        nonce: Option<&[u8]>,
        include_certificate: bool,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, TestkitError> {
        let serial = now.unix_timestamp_nanos().to_be_bytes();
        let mut fields = vec![
            tlv(ber::INTEGER, &[1]),
            encode_oid(&crate::POLICY_TSA),
            message_imprint.to_vec(),
            integer(&serial),
            generalized_time(now),
            // accuracy: 1 second
            tlv(ber::SEQUENCE, &tlv(ber::INTEGER, &[1])),
        ];
        if let Some(n) = nonce {
            fields.push(integer(n));
        }
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let tst_info = constructed(ber::SEQUENCE, &refs);
        let attrs = vec![
            cms::content_type(&oid::ID_CT_TST_INFO),
            cms::signing_time(now).map_err(err)?,
            cms::message_digest(&digest::digest(DigestAlgorithm::Sha256, &tst_info)),
            cms::ess::signing_certificate_v2(&tsa.certificate, DigestAlgorithm::Sha256)
                .map_err(err)?,
        ];
        let signer_info =
            cms::sign_attributes(attrs, &tsa.certificate, SHA256_RSA, &tsa.key).map_err(err)?;
        let mut sd = SignedData::new(oid::ID_CT_TST_INFO, Some(tst_info));
        sd.add_digest_algorithm(DigestAlgorithm::Sha256.algorithm_identifier());
        if include_certificate {
            sd.add_certificate(&tsa.certificate);
            sd.add_certificate(&self.ape.certificate);
        }
        sd.signer_infos_mut().push(signer_info);
        Ok(sd.to_der())
    }

    /// The PKI's certificates with their issuers, for OCSP and CRL answers.
    fn issued_by_ape(&self) -> [&Identity; 7] {
        [
            &self.signer1,
            &self.signer2,
            &self.revoked,
            &self.expired,
            &self.no_repudiation,
            &self.tsa,
            &self.ocsp,
        ]
    }

    /// A CRL of the intermediate (`ape`, listing [`TestPki::revoked`]) or of the root
    /// (`root`, empty), valid from `now - 1 h` to `now + next_update`.
    pub fn crl(
        &self,
        issuer: &str,
        now: OffsetDateTime,
        next_update: Duration,
    ) -> Result<Vec<u8>, TestkitError> {
        self.crl_also_revoking(issuer, now, next_update, &[])
    }

    /// The CRLs of both CAs, current for a day from `now`, the intermediate's also listing
    /// `also` as revoked: `[("ape.crl", der), ("root.crl", der)]`, for offline checkers.
    pub fn current_crls(
        &self,
        now: OffsetDateTime,
        also: &[&ades_core::Certificate],
    ) -> Result<[(&'static str, Vec<u8>); 2], TestkitError> {
        let day = Duration::days(1);
        Ok([
            ("ape.crl", self.crl_also_revoking("ape", now, day, also)?),
            ("root.crl", self.crl("root", now, day)?),
        ])
    }

    /// [`TestPki::crl`] that also lists `also` as revoked (for key compromise, at
    /// [`TestPki::revocation_time`]).
    pub fn crl_also_revoking(
        &self,
        issuer: &str,
        now: OffsetDateTime,
        next_update: Duration,
        also: &[&ades_core::Certificate],
    ) -> Result<Vec<u8>, TestkitError> {
        let (ca, mut revoked): (&Identity, Vec<&ades_core::Certificate>) = match issuer {
            "ape" => (&self.ape, vec![&self.revoked.certificate]),
            "root" => (&self.root, Vec::new()),
            other => return Err(err(format!("no CA named {other}"))),
        };
        revoked.extend_from_slice(also);
        let entries: Vec<Vec<u8>> = revoked
            .iter()
            .map(|certificate| {
                let reason_ext = constructed(
                    ber::SEQUENCE,
                    &[
                        &encode_oid(&oid::EXT_CRL_REASON),
                        &tlv(ber::OCTET_STRING, &tlv(0x0A, &[1])),
                    ],
                );
                Ok(constructed(
                    ber::SEQUENCE,
                    &[
                        &tlv(ber::INTEGER, certificate.serial_number()),
                        &x509_time(TestPki::revocation_time())?,
                        &tlv(ber::SEQUENCE, &reason_ext),
                    ],
                ))
            })
            .collect::<Result<_, TestkitError>>()?;
        let mut parts = vec![
            tlv(ber::INTEGER, &[1]),
            SHA256_RSA.algorithm_identifier(),
            ca.certificate.subject_der().map_err(err)?,
            x509_time(now - Duration::hours(1))?,
            x509_time(now + next_update)?,
        ];
        if !entries.is_empty() {
            let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
            parts.push(constructed(ber::SEQUENCE, &refs));
        }
        let crl_number = constructed(
            ber::SEQUENCE,
            &[
                &encode_oid(&oid::EXT_CRL_NUMBER),
                &tlv(
                    ber::OCTET_STRING,
                    &integer(&now.unix_timestamp().to_be_bytes()),
                ),
            ],
        );
        parts.push(tlv(
            ber::context_constructed(0),
            &tlv(ber::SEQUENCE, &crl_number),
        ));
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let tbs = constructed(ber::SEQUENCE, &refs);
        signed_structure(&tbs, &ca.key)
    }

    /// A DER `OCSPResponse` to a DER `OCSPRequest`, signed by the delegated responder
    /// (`signer` = `ocsp`) or, to test refusals, by another identity's key.
    pub fn ocsp_response(
        &self,
        request: &[u8],
        now: OffsetDateTime,
        signer: &Identity,
    ) -> Result<Vec<u8>, TestkitError> {
        self.ocsp_answer(request, now, signer, false)
    }

    /// [`TestPki::ocsp_response`], or with `wrong_nonce` a response that would answer another
    /// request: the request's nonce with every bit flipped (or a nonce the request did not
    /// ask for).
    pub(crate) fn ocsp_answer(
        &self,
        request: &[u8],
        now: OffsetDateTime,
        signer: &Identity,
        wrong_nonce: bool,
    ) -> Result<Vec<u8>, TestkitError> {
        let top = Reader::single(request).map_err(err)?;
        let tbs = top
            .children()
            .map_err(err)?
            .read_tag(ber::SEQUENCE)
            .map_err(err)?;
        let mut t = tbs.children().map_err(err)?;
        let mut list = None;
        let mut nonce = None;
        while let Some(field) = t.next_element().map_err(err)? {
            match field.tag() {
                ber::SEQUENCE => list = Some(field),
                0xA2 => nonce = find_nonce(&field),
                _ => {}
            }
        }
        if wrong_nonce {
            nonce = Some(match nonce {
                Some(n) if !n.is_empty() => n.iter().map(|b| !b).collect(),
                _ => vec![0x01, 0x02, 0x03],
            });
        }
        let list = list.ok_or_else(|| err("no requestList"))?;
        let request_one = list.children().map_err(err)?.read().map_err(err)?;
        let cert_id = request_one
            .children()
            .map_err(err)?
            .read_tag(ber::SEQUENCE)
            .map_err(err)?;
        let serial = cert_id
            .children()
            .map_err(err)?
            .collect_all()
            .map_err(err)?
            .last()
            .map(|s| s.content().to_vec())
            .unwrap_or_default();
        let status = match self
            .issued_by_ape()
            .iter()
            .find(|id| id.certificate.serial_number() == serial.as_slice())
        {
            Some(id) if id.label == "revoked" => {
                let info = constructed(
                    ber::SEQUENCE,
                    &[
                        &generalized_time(TestPki::revocation_time()),
                        &tlv(ber::context_constructed(0), &tlv(0x0A, &[1])),
                    ],
                );
                tlv(0xA1, &info[2..])
            }
            Some(_) => vec![0x80, 0x00],
            None => vec![0x82, 0x00],
        };
        let single = constructed(
            ber::SEQUENCE,
            &[
                cert_id.raw(),
                &status,
                &generalized_time(now - Duration::minutes(1)),
                &tlv(
                    ber::context_constructed(0),
                    &generalized_time(now + Duration::days(1)),
                ),
            ],
        );
        let responder_key_hash = digest::digest(
            DigestAlgorithm::Sha1,
            signer
                .certificate
                .subject_public_key()
                .ok_or_else(|| err("responder key"))?,
        );
        let mut data = vec![
            tlv(0xA2, &tlv(ber::OCTET_STRING, &responder_key_hash)),
            generalized_time(now),
            tlv(ber::SEQUENCE, &single),
        ];
        if let Some(n) = nonce {
            let ext = constructed(
                ber::SEQUENCE,
                &[
                    &encode_oid(&oid::OCSP_NONCE),
                    &tlv(ber::OCTET_STRING, &tlv(ber::OCTET_STRING, &n)),
                ],
            );
            data.push(tlv(ber::context_constructed(1), &tlv(ber::SEQUENCE, &ext)));
        }
        let refs: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
        let response_data = constructed(ber::SEQUENCE, &refs);
        let signature = signer.key.sign(SHA256_RSA, &response_data).map_err(err)?;
        let mut bits = vec![0u8];
        bits.extend_from_slice(&signature);
        let certs = tlv(
            ber::context_constructed(0),
            &tlv(ber::SEQUENCE, signer.certificate.der()),
        );
        let basic = constructed(
            ber::SEQUENCE,
            &[
                &response_data,
                &SHA256_RSA.algorithm_identifier(),
                &tlv(ber::BIT_STRING, &bits),
                &certs,
            ],
        );
        let bytes = constructed(
            ber::SEQUENCE,
            &[
                &encode_oid(&oid::OCSP_BASIC),
                &tlv(ber::OCTET_STRING, &basic),
            ],
        );
        Ok(constructed(
            ber::SEQUENCE,
            &[&tlv(0x0A, &[0]), &tlv(ber::context_constructed(0), &bytes)],
        ))
    }
}

fn find_nonce(extensions: &ber::Tlv<'_>) -> Option<Vec<u8>> {
    let mut list = extensions.children().ok()?.read().ok()?.children().ok()?;
    while let Some(ext) = list.next_element().ok()? {
        let mut f = ext.children().ok()?;
        let id = parse_oid(&f.read().ok()?).ok()?;
        let value = f.read_tag(ber::OCTET_STRING).ok()?;
        if id == oid::OCSP_NONCE {
            let inner = Reader::single(value.content()).ok()?;
            return Some(inner.content().to_vec());
        }
    }
    None
}

/// `SEQUENCE { tbs, signatureAlgorithm, BIT STRING signature }` signed with `key`.
pub(crate) fn signed_structure(
    tbs: &[u8],
    key: &ades_core::RsaSoftwareKey,
) -> Result<Vec<u8>, TestkitError> {
    let signature = key.sign(SHA256_RSA, tbs).map_err(err)?;
    let mut bits = vec![0u8];
    bits.extend_from_slice(&signature);
    Ok(constructed(
        ber::SEQUENCE,
        &[
            tbs,
            &SHA256_RSA.algorithm_identifier(),
            &tlv(ber::BIT_STRING, &bits),
        ],
    ))
}
