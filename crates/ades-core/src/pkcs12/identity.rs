//! Choosing the signing identity among the keys and certificates of a file.

use super::parse::{CertEntry, Contents};
use super::{Pkcs12Error, Pkcs12Identity};
use crate::key::RsaSoftwareKey;

/// Pairs the first usable private key with its certificate.
///
/// The certificate is the one whose `localKeyId` equals the key's and that carries the key's
/// public key, or failing that any certificate carrying it. Every other certificate goes to
/// the chain in file order (copies of the key's certificate are dropped). The friendly name
/// is the key's, or else its certificate's.
pub(crate) fn select(contents: Contents) -> Result<Pkcs12Identity, Pkcs12Error> {
    let Contents {
        keys,
        mut certificates,
    } = contents;
    let mut first_error = None;
    for entry in keys {
        let key = match RsaSoftwareKey::from_pkcs8_der(&entry.pkcs8) {
            Ok(key) => key,
            Err(e) => {
                first_error.get_or_insert(Pkcs12Error::Key(e));
                continue;
            }
        };
        let Some(index) = matching_certificate(
            &key,
            entry.attributes.local_key_id.as_deref(),
            &certificates,
        ) else {
            first_error.get_or_insert(if certificates.is_empty() {
                Pkcs12Error::NoCertificate
            } else {
                Pkcs12Error::NoMatchingCertificate
            });
            continue;
        };
        let leaf = certificates.remove(index);
        let chain = certificates
            .into_iter()
            .map(|c| c.certificate)
            .filter(|c| *c != leaf.certificate)
            .collect();
        return Ok(Pkcs12Identity {
            key,
            certificate: leaf.certificate,
            chain,
            friendly_name: entry
                .attributes
                .friendly_name
                .or(leaf.attributes.friendly_name),
        });
    }
    Err(first_error.unwrap_or(Pkcs12Error::NoPrivateKey))
}

/// Index of the certificate of `key`, preferring one with the same `localKeyId`.
fn matching_certificate(
    key: &RsaSoftwareKey,
    local_key_id: Option<&[u8]>,
    certificates: &[CertEntry],
) -> Option<usize> {
    let carries_key = |entry: &CertEntry| key.check_certificate(&entry.certificate).is_ok();
    local_key_id
        .and_then(|id| {
            certificates.iter().position(|entry| {
                entry.attributes.local_key_id.as_deref() == Some(id) && carries_key(entry)
            })
        })
        .or_else(|| certificates.iter().position(carries_key))
}
