//! Writing a PKCS#12 file in password-privacy and password-integrity mode, laid out as
//! OpenSSL's `pkcs12 -export` lays it out: an encrypted `SafeContents` with the
//! certificates, a plain one with the shrouded key, and a `MacData`.

use rand_core::CryptoRng;

use super::asn1;
use super::hash::HashAlg;
use super::kdf;
use super::limits;
use super::mac;
use super::pbe::{self, WriteScheme};
use super::{Pkcs12Encryption, Pkcs12Error, WriteOptions};
use crate::ber;
use crate::certificate::Certificate;
use crate::key::RsaSoftwareKey;
use crate::oid;

/// Length of the MAC salt (OpenSSL's `PKCS12_SALT_LEN`).
const MAC_SALT_LEN: usize = 8;

/// Builds the file; see [`super::write()`].
pub(crate) fn write<R: CryptoRng + ?Sized>(
    key: &RsaSoftwareKey,
    certificate: &Certificate,
    chain: &[Certificate],
    password: &str,
    options: &WriteOptions,
    rng: &mut R,
) -> Result<Vec<u8>, Pkcs12Error> {
    let iterations = limits::check_iterations(u64::from(options.iterations))?;
    key.check_certificate(certificate)?;
    let (scheme, mac_hash) = match options.encryption {
        Pkcs12Encryption::Aes256Cbc => (WriteScheme::Pbes2Aes256, HashAlg::Sha256),
        Pkcs12Encryption::Legacy3Des => (WriteScheme::Legacy3Des, HashAlg::Sha1),
    };

    // The key and its certificate share a localKeyId: the SHA-1 of the certificate, as
    // OpenSSL and Windows derive it.
    let mut attributes = vec![attribute(
        &oid::ATTR_LOCAL_KEY_ID,
        &ber::tlv(ber::OCTET_STRING, &HashAlg::Sha1.digest(certificate.der())),
    )];
    if let Some(name) = &options.friendly_name {
        attributes.push(attribute(&oid::ATTR_FRIENDLY_NAME, &asn1::encode_bmp(name)));
    }
    let attributes = ber::set_of(attributes);

    // The certificates, encrypted as one EncryptedData.
    let mut cert_bags = vec![cert_bag(certificate, Some(&attributes))];
    cert_bags.extend(chain.iter().map(|c| cert_bag(c, None)));
    let cert_contents = sequence_of(&cert_bags);
    let (algorithm, ciphertext) = pbe::encrypt(scheme, &cert_contents, password, iterations, rng)?;
    let encrypted_content_info = ber::constructed(
        ber::SEQUENCE,
        &[
            &asn1::encode_oid(&oid::ID_DATA),
            &algorithm,
            &ber::tlv(ber::context_primitive(0), &ciphertext),
        ],
    );
    let encrypted_data = ber::constructed(
        ber::SEQUENCE,
        &[&asn1::encode_uint(0), &encrypted_content_info],
    );
    let certs_info = content_info(&oid::ID_ENCRYPTED_DATA, &encrypted_data);

    // The key, shrouded, in a plain SafeContents.
    let pkcs8 = key.to_pkcs8_der()?;
    let (algorithm, ciphertext) = pbe::encrypt(scheme, &pkcs8, password, iterations, rng)?;
    let shrouded = ber::constructed(
        ber::SEQUENCE,
        &[&algorithm, &ber::tlv(ber::OCTET_STRING, &ciphertext)],
    );
    let key_bag = safe_bag(&oid::BAG_SHROUDED_KEY, &shrouded, Some(&attributes));
    let key_contents = sequence_of(&[key_bag]);
    let key_info = content_info(&oid::ID_DATA, &ber::tlv(ber::OCTET_STRING, &key_contents));

    let auth_safe = sequence_of(&[certs_info, key_info]);

    let mut salt = [0u8; MAC_SALT_LEN];
    rng.fill_bytes(&mut salt);
    let bmp = kdf::bmp_password(password);
    let digest = mac::compute(mac_hash, &bmp, &salt, iterations, &auth_safe);
    let mac_data = mac::encode(mac_hash, &digest, &salt, iterations);

    Ok(ber::constructed(
        ber::SEQUENCE,
        &[
            &asn1::encode_uint(3),
            &content_info(&oid::ID_DATA, &ber::tlv(ber::OCTET_STRING, &auth_safe)),
            &mac_data,
        ],
    ))
}

/// `SEQUENCE OF` already-encoded elements, in order.
fn sequence_of(items: &[Vec<u8>]) -> Vec<u8> {
    let parts: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    ber::constructed(ber::SEQUENCE, &parts)
}

/// `ContentInfo { contentType, [0] EXPLICIT content }`.
fn content_info(content_type: &const_oid::ObjectIdentifier, content: &[u8]) -> Vec<u8> {
    ber::constructed(
        ber::SEQUENCE,
        &[
            &asn1::encode_oid(content_type),
            &ber::tlv(ber::context_constructed(0), content),
        ],
    )
}

/// `SafeBag { bagId, [0] EXPLICIT bagValue, bagAttributes }`.
fn safe_bag(
    bag_id: &const_oid::ObjectIdentifier,
    value: &[u8],
    attributes: Option<&[u8]>,
) -> Vec<u8> {
    let id = asn1::encode_oid(bag_id);
    let value = ber::tlv(ber::context_constructed(0), value);
    match attributes {
        Some(attributes) => ber::constructed(ber::SEQUENCE, &[&id, &value, attributes]),
        None => ber::constructed(ber::SEQUENCE, &[&id, &value]),
    }
}

/// A `certBag` holding an X.509 certificate.
fn cert_bag(certificate: &Certificate, attributes: Option<&[u8]>) -> Vec<u8> {
    let cert_bag = ber::constructed(
        ber::SEQUENCE,
        &[
            &asn1::encode_oid(&oid::CERT_TYPE_X509),
            &ber::tlv(
                ber::context_constructed(0),
                &ber::tlv(ber::OCTET_STRING, certificate.der()),
            ),
        ],
    );
    safe_bag(&oid::BAG_CERT, &cert_bag, attributes)
}

/// `PKCS12Attribute { attrId, SET OF value }` with one value.
fn attribute(id: &const_oid::ObjectIdentifier, value: &[u8]) -> Vec<u8> {
    ber::constructed(
        ber::SEQUENCE,
        &[&asn1::encode_oid(id), &ber::set_of(vec![value.to_vec()])],
    )
}
