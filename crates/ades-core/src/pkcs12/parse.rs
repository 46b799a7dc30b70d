//! Reading the PKCS#12 structures (RFC 7292 §4, CMS RFC 5652 §3 and §8) into the keys and
//! certificates they carry.
//!
//! Everything goes through the BER walker, so the indefinite lengths and constructed
//! `OCTET STRING`s that Windows and Java write are read like DER.

use std::borrow::Cow;

use const_oid::ObjectIdentifier;
use zeroize::Zeroizing;

use super::asn1::{self, AlgorithmId};
use super::kdf::PasswordForm;
use super::limits::{self, Budget};
use super::mac::MacData;
use super::{Pkcs12Error, pbe};
use crate::ber::{self, Reader, Tlv};
use crate::certificate::Certificate;
use crate::oid;

/// `crlBag` (RFC 7292 §4.2.4), skipped.
const BAG_CRL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.4");
/// `secretBag` (RFC 7292 §4.2.5), skipped.
const BAG_SECRET: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.5");
/// `safeContentsBag` (RFC 7292 §4.2.6), followed.
const BAG_SAFE_CONTENTS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.6");

/// The outer `PFX` (RFC 7292 §4):
///
/// ```asn1
/// PFX ::= SEQUENCE {
///     version   INTEGER {v3(3)}(v3,...),
///     authSafe  ContentInfo,
///     macData   MacData OPTIONAL }
/// ```
///
/// In password-integrity mode `authSafe` is a `ContentInfo` of type `data` whose contents
/// octets are the DER `AuthenticatedSafe` the MAC covers.
#[derive(Debug)]
pub(crate) struct Pfx<'a> {
    /// Contents octets of the `authSafe` `data` (the `AuthenticatedSafe` encoding).
    pub(crate) auth_safe: Cow<'a, [u8]>,
    /// The MAC, if the file has one.
    pub(crate) mac: Option<MacData<'a>>,
}

impl<'a> Pfx<'a> {
    /// Reads the `PFX` element that must span all of `der`.
    pub(crate) fn parse(der: &'a [u8]) -> Result<Self, Pkcs12Error> {
        let mut fields = Reader::single(der)?.expect_tag(ber::SEQUENCE)?.children()?;
        let version = asn1::read_uint(&mut fields, "PFX version")?;
        if version != 3 {
            return Err(Pkcs12Error::UnsupportedVersion { version });
        }
        let (content_type, content) = content_info(fields.read()?)?;
        if content_type != oid::ID_DATA {
            // signedData would be public-key integrity mode.
            return Err(Pkcs12Error::UnsupportedContentType { oid: content_type });
        }
        let content = content.ok_or(Pkcs12Error::Invalid {
            what: "authSafe (no content)",
        })?;
        let auth_safe = asn1::octets(content)?;
        let mac = fields.next_element()?.map(MacData::parse).transpose()?;
        fields.finish()?;
        Ok(Pfx { auth_safe, mac })
    }
}

/// `ContentInfo` (RFC 5652 §3): the content type and the element inside `[0]`.
///
/// ```asn1
/// ContentInfo ::= SEQUENCE {
///     contentType  ContentType,
///     content      [0] EXPLICIT ANY DEFINED BY contentType OPTIONAL }
/// ```
fn content_info(tlv: Tlv<'_>) -> Result<(ObjectIdentifier, Option<Tlv<'_>>), Pkcs12Error> {
    let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
    let content_type = asn1::read_oid(&mut fields, "ContentInfo content type")?;
    let content = fields
        .next_element()?
        .map(|tlv| asn1::explicit(tlv, 0))
        .transpose()?;
    fields.finish()?;
    Ok((content_type, content))
}

/// The bag attributes the reader keeps (PKCS#9, RFC 2985 §5.5.1 and §5.5.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BagAttributes {
    /// `friendlyName` (a `BMPString`).
    pub(crate) friendly_name: Option<String>,
    /// `localKeyId` (an `OCTET STRING`).
    pub(crate) local_key_id: Option<Vec<u8>>,
}

/// A private key found in a `keyBag` or decrypted from a `pkcs8ShroudedKeyBag`.
pub(crate) struct KeyEntry {
    /// The `PrivateKeyInfo` DER, wiped on drop.
    pub(crate) pkcs8: Zeroizing<Vec<u8>>,
    /// Its bag attributes.
    pub(crate) attributes: BagAttributes,
}

/// An X.509 certificate found in a `certBag`.
pub(crate) struct CertEntry {
    /// The certificate.
    pub(crate) certificate: Certificate,
    /// Its bag attributes.
    pub(crate) attributes: BagAttributes,
}

/// Everything the reader took out of a file, in file order.
#[derive(Default)]
pub(crate) struct Contents {
    /// The private keys.
    pub(crate) keys: Vec<KeyEntry>,
    /// The certificates.
    pub(crate) certificates: Vec<CertEntry>,
}

/// Walks an `AuthenticatedSafe`, decrypting what is encrypted.
pub(crate) struct Decoder<'p> {
    password: &'p PasswordForm,
    budget: &'p mut Budget,
    /// Whether the MAC verified: if not, garbage after decryption means a wrong password.
    verified: bool,
    contents: Contents,
}

impl<'p> Decoder<'p> {
    /// A decoder that decrypts with `password`.
    pub(crate) fn new(password: &'p PasswordForm, budget: &'p mut Budget, verified: bool) -> Self {
        Decoder {
            password,
            budget,
            verified,
            contents: Contents::default(),
        }
    }

    /// Reads the `AuthenticatedSafe` (RFC 7292 §4.1) and returns what it holds.
    ///
    /// ```asn1
    /// AuthenticatedSafe ::= SEQUENCE OF ContentInfo
    ///     -- Data if unencrypted
    ///     -- EncryptedData if password-encrypted
    ///     -- EnvelopedData if public key-encrypted
    /// ```
    pub(crate) fn decode(mut self, auth_safe: &[u8]) -> Result<Contents, Pkcs12Error> {
        let mut items = Reader::single(auth_safe)?
            .expect_tag(ber::SEQUENCE)?
            .children()?;
        while let Some(item) = items.next_element()? {
            let (content_type, content) = content_info(item)?;
            let content = content.ok_or(Pkcs12Error::Invalid {
                what: "AuthenticatedSafe item (no content)",
            })?;
            if content_type == oid::ID_DATA {
                let safe_contents = asn1::octets(content)?;
                self.safe_contents(&safe_contents, 0)?;
            } else if content_type == oid::ID_ENCRYPTED_DATA {
                self.encrypted_data(content)?;
            } else {
                return Err(Pkcs12Error::UnsupportedContentType { oid: content_type });
            }
        }
        Ok(self.contents)
    }

    /// `EncryptedData` (RFC 5652 §8) holding an encrypted `SafeContents`.
    ///
    /// ```asn1
    /// EncryptedData ::= SEQUENCE {
    ///     version               CMSVersion,
    ///     encryptedContentInfo  EncryptedContentInfo,
    ///     unprotectedAttrs      [1] IMPLICIT UnprotectedAttributes OPTIONAL }
    ///
    /// EncryptedContentInfo ::= SEQUENCE {
    ///     contentType                 ContentType,
    ///     contentEncryptionAlgorithm  ContentEncryptionAlgorithmIdentifier,
    ///     encryptedContent            [0] IMPLICIT EncryptedContent OPTIONAL }
    /// ```
    fn encrypted_data(&mut self, tlv: Tlv<'_>) -> Result<(), Pkcs12Error> {
        let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        asn1::read_uint(&mut fields, "EncryptedData version")?;
        let mut info = fields.read_tag(ber::SEQUENCE)?.children()?;
        asn1::read_oid(&mut info, "EncryptedContentInfo content type")?;
        let algorithm = AlgorithmId::parse(info.read()?, "content encryption algorithm")?;
        // `[0] IMPLICIT OCTET STRING`: primitive, or constructed with BER segments.
        let encrypted = info.next_element()?.ok_or(Pkcs12Error::Invalid {
            what: "EncryptedContentInfo (no encrypted content)",
        })?;
        if encrypted.tag() != ber::context_primitive(0)
            && encrypted.tag() != ber::context_constructed(0)
        {
            return Err(Pkcs12Error::Invalid {
                what: "EncryptedContentInfo encrypted content tag",
            });
        }
        let ciphertext = encrypted.string_value()?;
        info.finish()?;
        // `unprotectedAttrs`, if any, are ignored.
        let plaintext = pbe::decrypt(&algorithm, &ciphertext, self.password, self.budget)?;
        let result = self.safe_contents(&plaintext, 0);
        self.garbage_means_wrong_password(result)
    }

    /// Without a verified MAC, decrypted bytes that do not parse mean a wrong password
    /// (a wrong key still yields valid padding about once in 256 tries).
    fn garbage_means_wrong_password(
        &self,
        result: Result<(), Pkcs12Error>,
    ) -> Result<(), Pkcs12Error> {
        match result {
            Err(
                Pkcs12Error::Malformed(_)
                | Pkcs12Error::Invalid { .. }
                | Pkcs12Error::Certificate(_),
            ) if !self.verified => Err(Pkcs12Error::WrongPassword),
            other => other,
        }
    }

    /// `SafeContents` (RFC 7292 §4.2).
    ///
    /// ```asn1
    /// SafeContents ::= SEQUENCE OF SafeBag
    /// ```
    fn safe_contents(&mut self, der: &[u8], depth: usize) -> Result<(), Pkcs12Error> {
        let tlv = Reader::single(der)?;
        self.safe_contents_element(tlv, depth)
    }

    fn safe_contents_element(&mut self, tlv: Tlv<'_>, depth: usize) -> Result<(), Pkcs12Error> {
        if depth > limits::MAX_BAG_NESTING {
            return Err(Pkcs12Error::TooDeep {
                max: limits::MAX_BAG_NESTING,
            });
        }
        let mut bags = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        while let Some(bag) = bags.next_element()? {
            self.safe_bag(bag, depth)?;
        }
        Ok(())
    }

    /// One `SafeBag` (RFC 7292 §4.2).
    ///
    /// ```asn1
    /// SafeBag ::= SEQUENCE {
    ///     bagId          BAG-TYPE.&id ({PKCS12BagSet}),
    ///     bagValue       [0] EXPLICIT BAG-TYPE.&Type({PKCS12BagSet}{@bagId}),
    ///     bagAttributes  SET OF PKCS12Attribute OPTIONAL }
    /// ```
    fn safe_bag(&mut self, tlv: Tlv<'_>, depth: usize) -> Result<(), Pkcs12Error> {
        let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        let bag_id = asn1::read_oid(&mut fields, "SafeBag bag type")?;
        let value = asn1::explicit(fields.read()?, 0)?;
        let attributes = match fields.next_element()? {
            Some(set) => bag_attributes(set)?,
            None => BagAttributes::default(),
        };
        fields.finish()?;

        if bag_id == oid::BAG_KEY {
            // keyBag: a plain `PrivateKeyInfo` (RFC 5208 §5).
            let pkcs8 = Zeroizing::new(value.expect_tag(ber::SEQUENCE)?.raw().to_vec());
            self.contents.keys.push(KeyEntry { pkcs8, attributes });
        } else if bag_id == oid::BAG_SHROUDED_KEY {
            let pkcs8 = self.shrouded_key(value)?;
            self.contents.keys.push(KeyEntry { pkcs8, attributes });
        } else if bag_id == oid::BAG_CERT {
            if let Some(certificate) = cert_bag(value)? {
                self.contents.certificates.push(CertEntry {
                    certificate,
                    attributes,
                });
            }
        } else if bag_id == BAG_SAFE_CONTENTS {
            self.safe_contents_element(value, depth + 1)?;
        } else if bag_id == BAG_CRL || bag_id == BAG_SECRET {
            // Not needed to sign.
        }
        // Other (unknown) bag types are skipped too.
        Ok(())
    }

    /// `pkcs8ShroudedKeyBag`: an `EncryptedPrivateKeyInfo` (RFC 5208 §6).
    ///
    /// ```asn1
    /// EncryptedPrivateKeyInfo ::= SEQUENCE {
    ///     encryptionAlgorithm  EncryptionAlgorithmIdentifier,
    ///     encryptedData        EncryptedData }   -- OCTET STRING
    /// ```
    fn shrouded_key(&mut self, tlv: Tlv<'_>) -> Result<Zeroizing<Vec<u8>>, Pkcs12Error> {
        let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        let algorithm = AlgorithmId::parse(fields.read()?, "key encryption algorithm")?;
        let ciphertext = asn1::read_octets(&mut fields)?;
        fields.finish()?;
        let plaintext = pbe::decrypt(&algorithm, &ciphertext, self.password, self.budget)?;
        let well_formed = Reader::single(&plaintext).is_ok_and(|tlv| tlv.tag() == ber::SEQUENCE);
        if well_formed {
            Ok(plaintext)
        } else if self.verified {
            Err(Pkcs12Error::Invalid {
                what: "decrypted private key (not a PrivateKeyInfo)",
            })
        } else {
            Err(Pkcs12Error::WrongPassword)
        }
    }
}

/// `CertBag` (RFC 7292 §4.2.3); `None` for certificate types other than X.509.
///
/// ```asn1
/// CertBag ::= SEQUENCE {
///     certId     BAG-TYPE.&id   ({CertTypes}),
///     certValue  [0] EXPLICIT BAG-TYPE.&Type ({CertTypes}{@certId}) }
///
/// x509Certificate BAG-TYPE ::= {OCTET STRING IDENTIFIED BY {certTypes 1}}
/// ```
fn cert_bag(tlv: Tlv<'_>) -> Result<Option<Certificate>, Pkcs12Error> {
    let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
    let cert_type = asn1::read_oid(&mut fields, "CertBag certificate type")?;
    let value = asn1::explicit(fields.read()?, 0)?;
    fields.finish()?;
    if cert_type != oid::CERT_TYPE_X509 {
        return Ok(None);
    }
    let der = asn1::octets(value)?;
    Ok(Some(Certificate::from_der(&der)?))
}

/// The `friendlyName` and `localKeyId` among the bag attributes (RFC 7292 §4.2).
///
/// ```asn1
/// PKCS12Attribute ::= SEQUENCE {
///     attrId      ATTRIBUTE.&id ({PKCS12AttrSet}),
///     attrValues  SET OF ATTRIBUTE.&Type ({PKCS12AttrSet}{@attrId}) }
/// ```
fn bag_attributes(set: Tlv<'_>) -> Result<BagAttributes, Pkcs12Error> {
    let mut out = BagAttributes::default();
    let mut attributes = set.expect_tag(ber::SET)?.children()?;
    while let Some(attribute) = attributes.next_element()? {
        let mut fields = attribute.expect_tag(ber::SEQUENCE)?.children()?;
        let id = asn1::read_oid(&mut fields, "bag attribute type")?;
        let mut values = fields.read_tag(ber::SET)?.children()?;
        fields.finish()?;
        let Some(first) = values.next_element()? else {
            continue;
        };
        // Values of another type than the one defined are ignored, not fatal.
        if id == oid::ATTR_FRIENDLY_NAME && out.friendly_name.is_none() {
            if first.tag() & !0x20 == asn1::BMP_STRING {
                out.friendly_name = Some(asn1::decode_bmp(&first.string_value()?));
            }
        } else if id == oid::ATTR_LOCAL_KEY_ID && out.local_key_id.is_none() {
            out.local_key_id = asn1::octets(first).ok().map(Cow::into_owned);
        }
    }
    Ok(out)
}
