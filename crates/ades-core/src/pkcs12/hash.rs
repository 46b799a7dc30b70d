//! The hash functions PKCS#12 files use, found by OID, with the HMAC and PBKDF2 built on them.
//!
//! One enum keeps the dispatch to the concrete RustCrypto types in one place, so the KDF, the
//! MAC and PBMAC1 can stay free of generic bounds.

use const_oid::ObjectIdentifier;
use digest::{Digest, KeyInit, Mac};
use hmac::Hmac;
use zeroize::Zeroizing;

use crate::oid;

/// `id-sha224` (RFC 5754 §2.1); not in [`crate::oid`] as nothing else uses it.
const SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.4");
/// `hmacWithSHA1` (RFC 8018 Appendix B.1.1).
const HMAC_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.7");
/// `hmacWithSHA224` (RFC 8018 Appendix B.1.2).
const HMAC_WITH_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.8");
/// `hmacWithSHA256` (RFC 8018 Appendix B.1.2).
const HMAC_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.9");
/// `hmacWithSHA384` (RFC 8018 Appendix B.1.2).
const HMAC_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.10");
/// `hmacWithSHA512` (RFC 8018 Appendix B.1.2).
const HMAC_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.11");

/// A hash function of the SHA-1 / SHA-2 family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HashAlg {
    /// SHA-1 (legacy files and MACs).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// The hash named by a digest OID (the `digestAlgorithm` of `MacData`).
    pub(crate) fn from_digest_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            o if o == oid::SHA1 => Some(Self::Sha1),
            o if o == SHA224 => Some(Self::Sha224),
            o if o == oid::SHA256 => Some(Self::Sha256),
            o if o == oid::SHA384 => Some(Self::Sha384),
            o if o == oid::SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The hash of an HMAC OID (`hmacWithSHA*`, the PRFs and MACs of RFC 8018 / RFC 9579).
    pub(crate) fn from_hmac_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            o if o == HMAC_WITH_SHA1 => Some(Self::Sha1),
            o if o == HMAC_WITH_SHA224 => Some(Self::Sha224),
            o if o == HMAC_WITH_SHA256 => Some(Self::Sha256),
            o if o == HMAC_WITH_SHA384 => Some(Self::Sha384),
            o if o == HMAC_WITH_SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The digest OID of this hash.
    pub(crate) fn digest_oid(self) -> ObjectIdentifier {
        match self {
            Self::Sha1 => oid::SHA1,
            Self::Sha224 => SHA224,
            Self::Sha256 => oid::SHA256,
            Self::Sha384 => oid::SHA384,
            Self::Sha512 => oid::SHA512,
        }
    }

    /// Output length in bytes.
    pub(crate) fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Sha224 => sha2::Sha224::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    /// HMAC (RFC 2104) of `data` under `key`.
    pub(crate) fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        fn run<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
            // HMAC accepts keys of any length, so `new_from_slice` cannot fail; the
            // fallback only keeps this free of panics.
            match <M as KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(data);
                    mac.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        }
        match self {
            Self::Sha1 => run::<Hmac<sha1::Sha1>>(key, data),
            Self::Sha224 => run::<Hmac<sha2::Sha224>>(key, data),
            Self::Sha256 => run::<Hmac<sha2::Sha256>>(key, data),
            Self::Sha384 => run::<Hmac<sha2::Sha384>>(key, data),
            Self::Sha512 => run::<Hmac<sha2::Sha512>>(key, data),
        }
    }

    /// PBKDF2 (RFC 8018 §5.2) with HMAC over this hash as the PRF.
    pub(crate) fn pbkdf2(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
        len: usize,
    ) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(vec![0u8; len]);
        match self {
            Self::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out),
            Self::Sha224 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, iterations, &mut out)
            }
            Self::Sha256 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out)
            }
            Self::Sha384 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, iterations, &mut out)
            }
            Self::Sha512 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut out)
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_round_trip() {
        for alg in [
            HashAlg::Sha1,
            HashAlg::Sha224,
            HashAlg::Sha256,
            HashAlg::Sha384,
            HashAlg::Sha512,
        ] {
            assert_eq!(HashAlg::from_digest_oid(&alg.digest_oid()), Some(alg));
            assert_eq!(alg.digest(b"abc").len(), alg.output_len());
            assert_eq!(alg.hmac(b"k", b"abc").len(), alg.output_len());
        }
    }

    #[test]
    fn hmac_sha256_rfc4231_case_2() {
        // RFC 4231 §4.3 (test case 2).
        let mac = HashAlg::Sha256.hmac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
