//! Password-based encryption of PKCS#12 contents: the legacy PKCS#12 schemes (RFC 7292
//! Appendix C) and PBES2 (RFC 8018 §6.2), decryption and encryption.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit,
    KeyInit,
};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use rand_core::CryptoRng;
use zeroize::Zeroizing;

use super::Pkcs12Error;
use super::asn1::{self, AlgorithmId};
use super::hash::HashAlg;
use super::kdf::{self, KdfPurpose, PasswordForm};
use super::limits::{self, Budget};
use crate::ber::{self, Reader};
use crate::oid;

/// `id-scrypt` (RFC 7914 §7), a PBES2 KDF this reader refuses.
const SCRYPT: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11591.4.11");
/// Block size of DES and RC2 (the IV length of the legacy schemes).
const LEGACY_BLOCK: usize = 8;
/// Length of the salts written for the legacy schemes (as OpenSSL and Windows write them).
const LEGACY_SALT_LEN: usize = 8;
/// Length of the PBKDF2 salts written for PBES2.
const PBES2_SALT_LEN: usize = 16;

/// A legacy PKCS#12 PBE cipher (RFC 7292 Appendix C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LegacyCipher {
    /// Three-key triple DES in CBC mode.
    TripleDes3,
    /// Two-key triple DES in CBC mode.
    TripleDes2,
    /// RC2-CBC with a 128-bit key.
    Rc2_128,
    /// RC2-CBC with a 40-bit key.
    Rc2_40,
}

impl LegacyCipher {
    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            o if o == oid::PBE_SHA1_3DES => Some(Self::TripleDes3),
            o if o == oid::PBE_SHA1_2DES => Some(Self::TripleDes2),
            o if o == oid::PBE_SHA1_RC2_128 => Some(Self::Rc2_128),
            o if o == oid::PBE_SHA1_RC2_40 => Some(Self::Rc2_40),
            _ => None,
        }
    }

    fn key_len(self) -> usize {
        match self {
            Self::TripleDes3 => 24,
            Self::TripleDes2 | Self::Rc2_128 => 16,
            Self::Rc2_40 => 5,
        }
    }

    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, Pkcs12Error> {
        let result = match self {
            Self::TripleDes3 => cbc_decrypt(des::TdesEde3::new_from_slice(key), iv, data),
            Self::TripleDes2 => cbc_decrypt(des::TdesEde2::new_from_slice(key), iv, data),
            Self::Rc2_128 | Self::Rc2_40 => cbc_decrypt(
                Ok::<_, ()>(rc2::Rc2::new_with_eff_key_len(key, key.len() * 8)),
                iv,
                data,
            ),
        };
        result.ok_or(Pkcs12Error::Invalid {
            what: "cipher key or IV length",
        })?
    }
}

/// CBC decryption with PKCS#7 padding; the outer `None` means the key or IV did not fit.
fn cbc_decrypt<C: BlockCipherDecrypt, E>(
    cipher: Result<C, E>,
    iv: &[u8],
    data: &[u8],
) -> Option<Result<Vec<u8>, Pkcs12Error>> {
    let mode = cbc::Decryptor::<C>::inner_iv_slice_init(cipher.ok()?, iv).ok()?;
    Some(
        mode.decrypt_padded_vec::<Pkcs7>(data)
            .map_err(|_| Pkcs12Error::WrongPassword),
    )
}

/// CBC encryption with PKCS#7 padding; `None` if the key or IV did not fit.
fn cbc_encrypt<C: BlockCipherEncrypt, E>(
    cipher: Result<C, E>,
    iv: &[u8],
    data: &[u8],
) -> Option<Vec<u8>> {
    let mode = cbc::Encryptor::<C>::inner_iv_slice_init(cipher.ok()?, iv).ok()?;
    Some(mode.encrypt_padded_vec::<Pkcs7>(data))
}

/// Decrypts `ciphertext` with the scheme `algorithm` names.
///
/// A padding error, the usual symptom of a wrong password, is reported as
/// [`Pkcs12Error::WrongPassword`].
pub(crate) fn decrypt(
    algorithm: &AlgorithmId<'_>,
    ciphertext: &[u8],
    password: &PasswordForm,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, Pkcs12Error> {
    if let Some(cipher) = LegacyCipher::from_oid(&algorithm.oid) {
        return decrypt_legacy(cipher, algorithm, ciphertext, password, budget);
    }
    if algorithm.oid == oid::PBES2 {
        return decrypt_pbes2(algorithm, ciphertext, password, budget);
    }
    Err(Pkcs12Error::UnsupportedAlgorithm { oid: algorithm.oid })
}

/// The legacy schemes take their parameters from `pkcs-12PbeParams` (RFC 7292 Appendix C):
///
/// ```asn1
/// pkcs-12PbeParams ::= SEQUENCE {
///     salt        OCTET STRING,
///     iterations  INTEGER }
/// ```
///
/// and derive key and IV with the PKCS#12 KDF over SHA-1 (IDs 1 and 2).
fn decrypt_legacy(
    cipher: LegacyCipher,
    algorithm: &AlgorithmId<'_>,
    ciphertext: &[u8],
    password: &PasswordForm,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, Pkcs12Error> {
    let invalid = Pkcs12Error::InvalidParameters { oid: algorithm.oid };
    let params = algorithm.params.ok_or(invalid)?;
    let mut fields = params.expect_tag(ber::SEQUENCE)?.children()?;
    let salt = asn1::read_octets(&mut fields)?;
    let iterations = asn1::read_uint(&mut fields, "PBE iteration count")?;
    fields.finish()?;
    limits::check_salt(&salt)?;
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(LEGACY_BLOCK) {
        return Err(Pkcs12Error::Invalid {
            what: "ciphertext length (not a whole number of blocks)",
        });
    }
    let iterations = budget.charge(iterations)?;
    let key = kdf::derive(
        HashAlg::Sha1,
        &password.bmp,
        &salt,
        KdfPurpose::Key,
        iterations,
        cipher.key_len(),
    );
    let iv = kdf::derive(
        HashAlg::Sha1,
        &password.bmp,
        &salt,
        KdfPurpose::Iv,
        iterations,
        LEGACY_BLOCK,
    );
    cipher.decrypt(&key, &iv, ciphertext).map(Zeroizing::new)
}

/// PBES2 (RFC 8018 §6.2, Appendix A.4), decrypted by the `pkcs5` crate once the KDF has been
/// checked against the limits:
///
/// ```asn1
/// PBES2-params ::= SEQUENCE {
///     keyDerivationFunc  AlgorithmIdentifier {{PBES2-KDFs}},
///     encryptionScheme   AlgorithmIdentifier {{PBES2-Encs}} }
/// ```
fn decrypt_pbes2(
    algorithm: &AlgorithmId<'_>,
    ciphertext: &[u8],
    password: &PasswordForm,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, Pkcs12Error> {
    let params_tlv = algorithm
        .params
        .ok_or(Pkcs12Error::InvalidParameters { oid: oid::PBES2 })?;
    let params = pkcs5::pbes2::Parameters::from_der(params_tlv.raw())
        .map_err(|_| pbes2_params_error(params_tlv.raw()))?;
    match &params.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(pbkdf2) => {
            limits::check_salt(pbkdf2.salt.as_ref())?;
            budget.charge(u64::from(pbkdf2.iteration_count))?;
        }
        // scrypt's memory cost is not bounded here: refused.
        other => return Err(Pkcs12Error::UnsupportedAlgorithm { oid: other.oid() }),
    }
    let block = match params.encryption {
        pkcs5::pbes2::EncryptionScheme::Aes128Cbc { .. }
        | pkcs5::pbes2::EncryptionScheme::Aes192Cbc { .. }
        | pkcs5::pbes2::EncryptionScheme::Aes256Cbc { .. } => 16,
        pkcs5::pbes2::EncryptionScheme::DesEde3Cbc { .. } => LEGACY_BLOCK,
        _ => 1,
    };
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(block) {
        return Err(Pkcs12Error::Invalid {
            what: "ciphertext length (not a whole number of blocks)",
        });
    }
    params
        .decrypt(password.utf8.as_slice(), ciphertext)
        .map(Zeroizing::new)
        .map_err(|e| match e {
            pkcs5::Error::DecryptFailed => Pkcs12Error::WrongPassword,
            pkcs5::Error::UnsupportedAlgorithm { oid } => Pkcs12Error::UnsupportedAlgorithm { oid },
            pkcs5::Error::AlgorithmParametersInvalid { oid } => {
                Pkcs12Error::InvalidParameters { oid }
            }
            _ => Pkcs12Error::InvalidParameters { oid: oid::PBES2 },
        })
}

/// Names what the `pkcs5` crate refused in PBES2 parameters: an unknown KDF or cipher is
/// reported as unsupported, anything else as invalid.
fn pbes2_params_error(params: &[u8]) -> Pkcs12Error {
    let unknown = |tlv: Option<ber::Tlv<'_>>, known: &[ObjectIdentifier]| {
        let algorithm = AlgorithmId::parse(tlv?, "PBES2 algorithm").ok()?;
        (!known.contains(&algorithm.oid)).then_some(algorithm.oid)
    };
    let Ok(mut fields) = Reader::single(params).and_then(|tlv| tlv.children()) else {
        return Pkcs12Error::InvalidParameters { oid: oid::PBES2 };
    };
    let kdf = fields.next_element().ok().flatten();
    let cipher = fields.next_element().ok().flatten();
    match unknown(kdf, &PBES2_KDFS).or_else(|| unknown(cipher, &PBES2_CIPHERS)) {
        Some(oid) => Pkcs12Error::UnsupportedAlgorithm { oid },
        None => Pkcs12Error::InvalidParameters { oid: oid::PBES2 },
    }
}

/// The PBES2 key derivation functions the `pkcs5` crate knows: PBKDF2 and scrypt.
const PBES2_KDFS: [ObjectIdentifier; 2] = [
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12"),
    SCRYPT,
];

/// The PBES2 ciphers the `pkcs5` crate knows (NIST CSOR; RFC 8018 Appendix B.2.2).
const PBES2_CIPHERS: [ObjectIdentifier; 6] = [
    // aes128-CBC-PAD, aes192-CBC-PAD, aes256-CBC-PAD
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.2"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.22"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.42"),
    // aes128-GCM, aes256-GCM
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.6"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.46"),
    // des-EDE3-CBC
    ObjectIdentifier::new_unwrap("1.2.840.113549.3.7"),
];

/// The encryption the writer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteScheme {
    /// PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC.
    Pbes2Aes256,
    /// `pbeWithSHAAnd3-KeyTripleDES-CBC`.
    Legacy3Des,
}

/// Encrypts `plaintext`; returns the encoded `AlgorithmIdentifier` and the ciphertext.
pub(crate) fn encrypt<R: CryptoRng + ?Sized>(
    scheme: WriteScheme,
    plaintext: &[u8],
    password: &str,
    iterations: u32,
    rng: &mut R,
) -> Result<(Vec<u8>, Vec<u8>), Pkcs12Error> {
    limits::check_iterations(u64::from(iterations))?;
    match scheme {
        WriteScheme::Legacy3Des => {
            let mut salt = [0u8; LEGACY_SALT_LEN];
            rng.fill_bytes(&mut salt);
            let bmp = kdf::bmp_password(password);
            let key = kdf::derive(HashAlg::Sha1, &bmp, &salt, KdfPurpose::Key, iterations, 24);
            let iv = kdf::derive(
                HashAlg::Sha1,
                &bmp,
                &salt,
                KdfPurpose::Iv,
                iterations,
                LEGACY_BLOCK,
            );
            let ciphertext = cbc_encrypt(des::TdesEde3::new_from_slice(&key), &iv, plaintext)
                .ok_or(Pkcs12Error::EncryptionFailed)?;
            let params = ber::constructed(
                ber::SEQUENCE,
                &[
                    &ber::tlv(ber::OCTET_STRING, &salt),
                    &asn1::encode_uint(u64::from(iterations)),
                ],
            );
            Ok((
                asn1::encode_algorithm(&oid::PBE_SHA1_3DES, &params),
                ciphertext,
            ))
        }
        WriteScheme::Pbes2Aes256 => {
            let mut salt = [0u8; PBES2_SALT_LEN];
            rng.fill_bytes(&mut salt);
            let mut iv = [0u8; 16];
            rng.fill_bytes(&mut iv);
            let params =
                pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, &salt, iv)
                    .map_err(|_| Pkcs12Error::EncryptionFailed)?;
            let scheme = pkcs5::EncryptionScheme::Pbes2(params);
            let ciphertext = scheme
                .encrypt(password.as_bytes(), plaintext)
                .map_err(|_| Pkcs12Error::EncryptionFailed)?;
            let algorithm = scheme.to_der().map_err(|_| Pkcs12Error::EncryptionFailed)?;
            Ok((algorithm, ciphertext))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// `pbeWithSHAAnd40BitRC4` (RFC 7292 Appendix C).
    const PBE_SHA1_RC4_40: ObjectIdentifier =
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.1.2");

    struct Counter(u8);

    impl rand_core::TryRng for Counter {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(u32::from(self.next()))
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(u64::from(self.next()))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            dst.iter_mut().for_each(|b| *b = self.next());
            Ok(())
        }
    }

    impl rand_core::TryCryptoRng for Counter {}

    impl Counter {
        fn next(&mut self) -> u8 {
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
            self.0
        }
    }

    fn round_trip(scheme: WriteScheme) {
        let plaintext = b"attack at dawn, bring the PKCS#12 file".to_vec();
        let (alg_der, ciphertext) = encrypt(scheme, &plaintext, "pw", 3, &mut Counter(1)).unwrap();
        let alg = AlgorithmId::parse(Reader::single(&alg_der).unwrap(), "test").unwrap();
        let mut budget = Budget::new();
        let good = PasswordForm::standard("pw");
        let plain = decrypt(&alg, &ciphertext, &good, &mut budget).unwrap();
        assert_eq!(plain.as_slice(), plaintext.as_slice());
        let bad = PasswordForm::standard("wrong");
        // A wrong key leaves valid padding about once in 256 tries; these inputs do not.
        assert!(matches!(
            decrypt(&alg, &ciphertext, &bad, &mut budget),
            Err(Pkcs12Error::WrongPassword)
        ));
    }

    #[test]
    fn legacy_3des_round_trip() {
        round_trip(WriteScheme::Legacy3Des);
    }

    #[test]
    fn pbes2_round_trip() {
        round_trip(WriteScheme::Pbes2Aes256);
    }

    #[test]
    fn rc4_is_refused() {
        let params = ber::constructed(
            ber::SEQUENCE,
            &[&ber::tlv(ber::OCTET_STRING, &[1; 8]), &asn1::encode_uint(1)],
        );
        for oid in [oid::PBE_SHA1_RC4_128, PBE_SHA1_RC4_40] {
            let alg_der = asn1::encode_algorithm(&oid, &params);
            let alg = AlgorithmId::parse(Reader::single(&alg_der).unwrap(), "test").unwrap();
            let result = decrypt(
                &alg,
                &[0; 8],
                &PasswordForm::standard("x"),
                &mut Budget::new(),
            );
            assert!(matches!(
                result,
                Err(Pkcs12Error::UnsupportedAlgorithm { oid: found }) if found == oid
            ));
        }
    }

    // Known answers from `openssl enc -<cipher> -K <key> -iv 0001020304050607` (OpenSSL
    // 3.0.19 with the legacy provider), keys 0102...; they pin the RC2 effective key length
    // and the two-key triple DES layout (K1, K2, K1).
    #[test]
    fn legacy_ciphers_known_answers() {
        let iv = [0, 1, 2, 3, 4, 5, 6, 7];
        let key16: Vec<u8> = (1..=16).collect();
        type Case<'a> = (LegacyCipher, &'a [u8], &'a [u8], &'a [u8]);
        let cases: [Case<'_>; 3] = [
            (
                LegacyCipher::Rc2_40,
                &[1, 2, 3, 4, 5],
                b"PKCS#12 RC2 test",
                &[
                    0xf4, 0x76, 0xae, 0x8a, 0xe3, 0x36, 0x9b, 0x48, 0x89, 0x76, 0x8d, 0xa7, 0x8b,
                    0xe3, 0x3f, 0x35, 0x0e, 0xb1, 0x9c, 0xfd, 0x8d, 0xab, 0x78, 0x53,
                ],
            ),
            (
                LegacyCipher::TripleDes2,
                &key16,
                b"PKCS#12 2DES test",
                &[
                    0xe1, 0x5b, 0x14, 0x31, 0xe4, 0x6c, 0x10, 0xa2, 0x5d, 0x56, 0x90, 0x09, 0x01,
                    0xa8, 0x4b, 0x69, 0x74, 0xc0, 0x58, 0x6a, 0xe7, 0x08, 0xcc, 0x3c,
                ],
            ),
            (
                LegacyCipher::Rc2_128,
                &key16,
                b"PKCS#12 RC2 test",
                &[
                    0xa2, 0x6d, 0xae, 0xc8, 0xcb, 0xed, 0x23, 0x35, 0x2d, 0x7b, 0xe6, 0x30, 0x2a,
                    0xbb, 0xdf, 0x38, 0xcd, 0x6c, 0xa2, 0x8b, 0xca, 0xc7, 0xa6, 0xbb,
                ],
            ),
        ];
        for (cipher, key, plain, ciphertext) in cases {
            assert_eq!(cipher.key_len(), key.len());
            assert_eq!(cipher.decrypt(key, &iv, ciphertext).unwrap(), plain);
        }
    }
}
