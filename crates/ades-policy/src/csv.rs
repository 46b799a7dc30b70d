//! Secure verification codes, CSV (policy §4.1.2, Real Decreto 1671/2009 art. 20): a short
//! code, printed on a document, that is unique per document and bound to the document, its
//! signer and the issuing body, so that anyone can have the document's integrity checked.
//!
//! A code is the HMAC-SHA-256, under the issuing body's secret, of the body's name, the
//! signer and the SHA-256 of the document, cut to 100 bits and written in 20 characters of
//! Crockford's base 32 (digits and capitals without I, L, O, U: nothing to confuse), then a
//! check character (Luhn mod 32) that catches any one mistyped character and most swaps of
//! two neighbours before the secret is even used. Shown as `XXXXXXX-XXXXXXX-XXXXXXX`.
//!
//! Without the secret no one can make a code that checks; two documents share a code with
//! probability 2^-100. The code reveals nothing about the document.
//!
//! ```
//! use ades_policy::csv::CsvIssuer;
//!
//! let issuer = CsvIssuer::new(&[7u8; 32], "Ayuntamiento de Madrid").unwrap();
//! let digest = [1u8; 32]; // SHA-256 of the document
//! let code = issuer.make(&digest, "12345678Z");
//! assert!(issuer.check(&code.to_string(), &digest, "12345678Z").is_ok());
//! assert!(issuer.check(&code.to_string(), &[2u8; 32], "12345678Z").is_err());
//! ```

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Crockford's base-32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of the code before the check character (5 bits each: 100 bits).
const DATA_CHARS: usize = 20;
/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 16;
/// Domain separation: what the HMAC input is, and its version.
const CONTEXT: &[u8] = b"ades-csv/1";

/// Why a code could not be made or did not check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// The secret is too short to resist guessing.
    #[error("the CSV secret has {0} bytes; at least {MIN_SECRET_LEN} are needed")]
    SecretTooShort(usize),
    /// The text is not a code: wrong length or characters.
    #[error("not a secure verification code: {0}")]
    Malformed(String),
    /// The check character does not match: a character was mistyped.
    #[error("the code's check character does not match: a character is mistyped")]
    Mistyped,
    /// The code is well formed but was not made for this document, signer and body.
    #[error("the code was not issued for this document, signer and issuing body")]
    NoMatch,
}

/// A secure verification code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvCode {
    /// The 20 data characters and the check character, without separators.
    chars: String,
}

impl std::fmt::Display for CsvCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, rest) = self.chars.split_at(7);
        let (b, c) = rest.split_at(7);
        write!(f, "{a}-{b}-{c}")
    }
}

/// An issuing body's code maker and checker.
pub struct CsvIssuer {
    secret: Zeroizing<Vec<u8>>,
    body: String,
}

impl std::fmt::Debug for CsvIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvIssuer")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl CsvIssuer {
    /// The codes of `body` (the issuing body's name, e.g. "Ayuntamiento de Madrid") under
    /// `secret` (kept by the body, at least [`MIN_SECRET_LEN`] bytes; copied and zeroized
    /// when dropped).
    pub fn new(secret: &[u8], body: &str) -> Result<Self, CsvError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(CsvError::SecretTooShort(secret.len()));
        }
        Ok(CsvIssuer {
            secret: Zeroizing::new(secret.to_vec()),
            body: body.to_owned(),
        })
    }

    /// The code of the document whose SHA-256 is `document_sha256`, signed by `signer`
    /// (a NIF, a subject DN; empty for none).
    pub fn make(&self, document_sha256: &[u8], signer: &str) -> CsvCode {
        let data = self.data_chars(document_sha256, signer);
        let check = ALPHABET[luhn_mod_32(&data)];
        let mut chars: String = data.iter().map(|&d| char::from(ALPHABET[d])).collect();
        chars.push(char::from(check));
        CsvCode { chars }
    }

    /// Checks `code` (any case; hyphens and spaces ignored; O read as 0, I and L as 1)
    /// against the document, its signer and this body; the comparison takes the same time
    /// whatever the code.
    pub fn check(&self, code: &str, document_sha256: &[u8], signer: &str) -> Result<(), CsvError> {
        let given = parse(code)?;
        let (data, check) = given.split_at(DATA_CHARS);
        if luhn_mod_32(data) != check[0] {
            return Err(CsvError::Mistyped);
        }
        let expected = self.data_chars(document_sha256, signer);
        if bool::from(expected.as_slice().ct_eq(data)) {
            Ok(())
        } else {
            Err(CsvError::NoMatch)
        }
    }

    /// The 20 data characters as alphabet indices.
    fn data_chars(&self, document_sha256: &[u8], signer: &str) -> Vec<usize> {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.secret) {
            Ok(m) => m,
            // HMAC takes keys of any length; this arm is not reached.
            Err(_) => return vec![0; DATA_CHARS],
        };
        mac.update(CONTEXT);
        for part in [self.body.as_bytes(), signer.as_bytes(), document_sha256] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        let tag = mac.finalize().into_bytes();
        (0..DATA_CHARS)
            .map(|i| {
                let bit = i * 5;
                let word = u16::from_be_bytes([tag[bit / 8], tag[bit / 8 + 1]]);
                usize::from((word >> (11 - bit % 8)) & 0x1f)
            })
            .collect()
    }
}

/// The alphabet indices of a typed code, normalised.
fn parse(code: &str) -> Result<Vec<usize>, CsvError> {
    let mut out = Vec::with_capacity(DATA_CHARS + 1);
    for c in code.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let index = ALPHABET
            .iter()
            .position(|&a| char::from(a) == c)
            .ok_or_else(|| CsvError::Malformed(format!("{c:?} is not a code character")))?;
        out.push(index);
    }
    if out.len() != DATA_CHARS + 1 {
        return Err(CsvError::Malformed(format!(
            "{} characters, a code has {}",
            out.len(),
            DATA_CHARS + 1
        )));
    }
    Ok(out)
}

/// The Luhn mod N check character (N = 32) of `digits`, as an alphabet index.
fn luhn_mod_32(digits: &[usize]) -> usize {
    const N: usize = 32;
    let sum: usize = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = if i % 2 == 0 { d * 2 } else { d };
            d / N + d % N
        })
        .sum();
    (N - sum % N) % N
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> CsvIssuer {
        CsvIssuer::new(&[42u8; 32], "Ayuntamiento de Madrid").unwrap()
    }

    #[test]
    fn a_code_checks_against_its_document_only() {
        let code = issuer().make(&[1; 32], "12345678Z").to_string();
        assert_eq!(code.len(), 23);
        assert!(issuer().check(&code, &[1; 32], "12345678Z").is_ok());
        assert_eq!(
            issuer().check(&code, &[2; 32], "12345678Z"),
            Err(CsvError::NoMatch)
        );
        assert_eq!(
            issuer().check(&code, &[1; 32], "87654321X"),
            Err(CsvError::NoMatch)
        );
        let other_body = CsvIssuer::new(&[42u8; 32], "Otro organismo").unwrap();
        assert_eq!(
            other_body.check(&code, &[1; 32], "12345678Z"),
            Err(CsvError::NoMatch)
        );
        let other_secret = CsvIssuer::new(&[43u8; 32], "Ayuntamiento de Madrid").unwrap();
        assert_eq!(
            other_secret.check(&code, &[1; 32], "12345678Z"),
            Err(CsvError::NoMatch)
        );
    }

    #[test]
    fn typing_is_forgiving_and_typos_are_caught() {
        let code = issuer().make(&[1; 32], "").to_string();
        let relaxed = code.replace('-', " ").to_ascii_lowercase();
        assert!(issuer().check(&relaxed, &[1; 32], "").is_ok());
        // Every single-character change is caught by the check character.
        let plain: Vec<char> = code.chars().filter(|&c| c != '-').collect();
        for i in 0..plain.len() {
            for &a in ALPHABET {
                let mut typo = plain.clone();
                if typo[i] == char::from(a) {
                    continue;
                }
                typo[i] = char::from(a);
                let typo: String = typo.into_iter().collect();
                assert_eq!(issuer().check(&typo, &[1; 32], ""), Err(CsvError::Mistyped));
            }
        }
        assert!(matches!(
            issuer().check("ABC", &[1; 32], ""),
            Err(CsvError::Malformed(_))
        ));
        assert!(matches!(
            issuer().check("UUUUUUU-UUUUUUU-UUUUUUU", &[1; 32], ""),
            Err(CsvError::Malformed(_))
        ));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(
            CsvIssuer::new(&[1; 8], "x").err(),
            Some(CsvError::SecretTooShort(8))
        );
    }
}
