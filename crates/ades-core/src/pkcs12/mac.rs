//! The integrity check of password-integrity mode: `MacData` (RFC 7292 §4), with the classic
//! HMAC keyed through the PKCS#12 KDF (Appendix B) and PBMAC1 (RFC 9579).

use std::borrow::Cow;

use const_oid::ObjectIdentifier;
use subtle::ConstantTimeEq;

use super::Pkcs12Error;
use super::asn1::{self, AlgorithmId};
use super::hash::HashAlg;
use super::kdf::{self, KdfPurpose, PasswordForm};
use super::limits::{self, Budget};
use crate::ber::{self, Tlv};
use crate::oid;

/// `id-PBKDF2` (RFC 8018 Appendix A.2).
const PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");

/// `MacData` (RFC 7292 §4):
///
/// ```asn1
/// MacData ::= SEQUENCE {
///     mac         DigestInfo,
///     macSalt     OCTET STRING,
///     iterations  INTEGER DEFAULT 1 }
///
/// DigestInfo ::= SEQUENCE {
///     digestAlgorithm  DigestAlgorithmIdentifier,
///     digest           OCTET STRING }
/// ```
#[derive(Debug)]
pub(crate) struct MacData<'a> {
    algorithm: AlgorithmId<'a>,
    digest: Cow<'a, [u8]>,
    salt: Cow<'a, [u8]>,
    iterations: u64,
}

impl<'a> MacData<'a> {
    /// Reads a `MacData` element.
    pub(crate) fn parse(tlv: Tlv<'a>) -> Result<Self, Pkcs12Error> {
        let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        let mut digest_info = fields.read_tag(ber::SEQUENCE)?.children()?;
        let algorithm = AlgorithmId::parse(digest_info.read()?, "MAC algorithm")?;
        let digest = asn1::read_octets(&mut digest_info)?;
        digest_info.finish()?;
        let salt = asn1::read_octets(&mut fields)?;
        let iterations = if fields.is_empty() {
            1
        } else {
            asn1::read_uint(&mut fields, "MAC iteration count")?
        };
        fields.finish()?;
        Ok(MacData {
            algorithm,
            digest,
            salt,
            iterations,
        })
    }

    /// Whether the MAC over `data` (the contents octets of the `authSafe`) verifies under
    /// `password`. Unsupported algorithms and malformed parameters are errors; a mismatch
    /// is `Ok(false)`. The comparison takes constant time.
    pub(crate) fn verify(
        &self,
        data: &[u8],
        password: &PasswordForm,
        budget: &mut Budget,
    ) -> Result<bool, Pkcs12Error> {
        let expected = if self.algorithm.oid == oid::PBMAC1 {
            self.pbmac1(data, password, budget)?
        } else {
            let hash = HashAlg::from_digest_oid(&self.algorithm.oid).ok_or(
                Pkcs12Error::UnsupportedAlgorithm {
                    oid: self.algorithm.oid,
                },
            )?;
            limits::check_salt(&self.salt)?;
            let iterations = budget.charge(self.iterations)?;
            compute(hash, &password.bmp, &self.salt, iterations, data)
        };
        Ok(bool::from(expected.as_slice().ct_eq(self.digest.as_ref())))
    }

    /// PBMAC1 (RFC 9579 §3; RFC 8018 §7.1): the key comes from PBKDF2 over the UTF-8
    /// password, and `macSalt` and `iterations` of `MacData` are ignored.
    ///
    /// ```asn1
    /// PBMAC1-params ::= SEQUENCE {
    ///     keyDerivationFunc  AlgorithmIdentifier {{PBMAC1-KDFs}},
    ///     messageAuthScheme  AlgorithmIdentifier {{PBMAC1-MACs}} }
    ///
    /// PBKDF2-params ::= SEQUENCE {
    ///     salt            CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
    ///     iterationCount  INTEGER (1..MAX),
    ///     keyLength       INTEGER (1..MAX) OPTIONAL,
    ///     prf             AlgorithmIdentifier {{PBKDF2-PRFs}} DEFAULT algid-hmacWithSHA1 }
    /// ```
    fn pbmac1(
        &self,
        data: &[u8],
        password: &PasswordForm,
        budget: &mut Budget,
    ) -> Result<Vec<u8>, Pkcs12Error> {
        let invalid = || Pkcs12Error::InvalidParameters { oid: oid::PBMAC1 };
        let params = self.algorithm.params.ok_or_else(invalid)?;
        let mut fields = params.expect_tag(ber::SEQUENCE)?.children()?;
        let kdf = AlgorithmId::parse(fields.read()?, "PBMAC1 key derivation function")?;
        let mac = AlgorithmId::parse(fields.read()?, "PBMAC1 message authentication scheme")?;
        fields.finish()?;
        if kdf.oid != PBKDF2 {
            return Err(Pkcs12Error::UnsupportedAlgorithm { oid: kdf.oid });
        }
        let mac_hash = HashAlg::from_hmac_oid(&mac.oid)
            .ok_or(Pkcs12Error::UnsupportedAlgorithm { oid: mac.oid })?;

        let kdf_params = kdf.params.ok_or_else(invalid)?;
        let mut kdf_fields = kdf_params.expect_tag(ber::SEQUENCE)?.children()?;
        if kdf_fields.peek_tag() == Some(ber::SEQUENCE) {
            // `otherSource` salts are not defined for PBMAC1.
            return Err(invalid());
        }
        let salt = asn1::read_octets(&mut kdf_fields)?;
        let iterations = asn1::read_uint(&mut kdf_fields, "PBKDF2 iteration count")?;
        // RFC 9579 §3 makes keyLength mandatory.
        let key_len = match kdf_fields.read_optional(ber::INTEGER)? {
            Some(tlv) => asn1::uint_value(tlv.content())
                .and_then(|len| usize::try_from(len).ok())
                .filter(|len| (1..=limits::MAX_MAC_KEY_LEN).contains(len))
                .ok_or_else(invalid)?,
            None => return Err(invalid()),
        };
        let prf = match kdf_fields.next_element()? {
            Some(tlv) => {
                let prf = AlgorithmId::parse(tlv, "PBKDF2 PRF")?;
                HashAlg::from_hmac_oid(&prf.oid)
                    .ok_or(Pkcs12Error::UnsupportedAlgorithm { oid: prf.oid })?
            }
            None => HashAlg::Sha1,
        };
        kdf_fields.finish()?;
        limits::check_salt(&salt)?;
        let iterations = budget.charge(iterations)?;
        let key = prf.pbkdf2(&password.utf8, &salt, iterations, key_len);
        Ok(mac_hash.hmac(&key, data))
    }
}

/// The classic PKCS#12 MAC: HMAC over `data` keyed with `hash.output_len()` bytes of the
/// PKCS#12 KDF (ID 3) from the `BMPString` password (RFC 7292 Appendix B.4).
pub(crate) fn compute(
    hash: HashAlg,
    bmp_password: &[u8],
    salt: &[u8],
    iterations: u32,
    data: &[u8],
) -> Vec<u8> {
    let key = kdf::derive(
        hash,
        bmp_password,
        salt,
        KdfPurpose::Mac,
        iterations,
        hash.output_len(),
    );
    hash.hmac(&key, data)
}

/// Encodes a classic `MacData` (the `digestAlgorithm` parameters are `NULL`, as OpenSSL
/// writes them).
pub(crate) fn encode(hash: HashAlg, digest: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
    let algorithm = asn1::encode_algorithm(&hash.digest_oid(), &[ber::NULL, 0]);
    let digest_info = ber::constructed(
        ber::SEQUENCE,
        &[&algorithm, &ber::tlv(ber::OCTET_STRING, digest)],
    );
    ber::constructed(
        ber::SEQUENCE,
        &[
            &digest_info,
            &ber::tlv(ber::OCTET_STRING, salt),
            &asn1::encode_uint(u64::from(iterations)),
        ],
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::ber::Reader;

    #[test]
    fn classic_mac_round_trip() {
        let data = b"authenticated safe";
        let bmp = kdf::bmp_password("secret");
        let digest = compute(HashAlg::Sha256, &bmp, &[7; 8], 5, data);
        let encoded = encode(HashAlg::Sha256, &digest, &[7; 8], 5);
        let mac = MacData::parse(Reader::single(&encoded).unwrap()).unwrap();
        let mut budget = Budget::new();
        let good = PasswordForm::standard("secret");
        let bad = PasswordForm::standard("Secret");
        assert!(mac.verify(data, &good, &mut budget).unwrap());
        assert!(!mac.verify(data, &bad, &mut budget).unwrap());
        assert!(!mac.verify(b"tampered", &good, &mut budget).unwrap());
    }

    #[test]
    fn iterations_default_to_one() {
        let data = b"x";
        let bmp = kdf::bmp_password("");
        let digest = compute(HashAlg::Sha1, &bmp, &[1; 8], 1, data);
        let algorithm = asn1::encode_algorithm(&oid::SHA1, &[ber::NULL, 0]);
        let digest_info = ber::constructed(
            ber::SEQUENCE,
            &[&algorithm, &ber::tlv(ber::OCTET_STRING, &digest)],
        );
        let encoded = ber::constructed(
            ber::SEQUENCE,
            &[&digest_info, &ber::tlv(ber::OCTET_STRING, &[1; 8])],
        );
        let mac = MacData::parse(Reader::single(&encoded).unwrap()).unwrap();
        let form = PasswordForm::standard("");
        assert!(mac.verify(data, &form, &mut Budget::new()).unwrap());
    }

    #[test]
    fn excessive_iterations_are_refused() {
        let encoded = encode(HashAlg::Sha1, &[0; 20], &[1; 8], 0);
        let mac = MacData::parse(Reader::single(&encoded).unwrap()).unwrap();
        let result = mac.verify(b"x", &PasswordForm::standard(""), &mut Budget::new());
        assert!(matches!(result, Err(Pkcs12Error::IterationCount { .. })));
        let mut huge = encode(HashAlg::Sha1, &[0; 20], &[1; 8], 1);
        // Replace the iteration count 1 with 2^31.
        huge.truncate(huge.len() - 3);
        huge.extend_from_slice(&[0x02, 0x04, 0x7F, 0xFF, 0xFF, 0xFF]);
        let len = huge.len() - 2;
        huge[1] = len as u8;
        let mac = MacData::parse(Reader::single(&huge).unwrap()).unwrap();
        let result = mac.verify(b"x", &PasswordForm::standard(""), &mut Budget::new());
        assert!(matches!(result, Err(Pkcs12Error::IterationCount { .. })));
    }
}
