//! Object identifiers used across the workspace, one constant each, with the document that
//! defines them. Logic compares these constants; it never compares dotted strings.

use const_oid::ObjectIdentifier as Oid;

// --- digests (RFC 3279, RFC 5758) ----------------------------------------------------------
/// `id-sha1` (RFC 3279).
pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
/// `id-sha256` (RFC 5758).
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
/// `id-sha384` (RFC 5758).
pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
/// `id-sha512` (RFC 5758).
pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
/// `id-sha224` (RFC 5758).
pub const SHA224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.4");
/// `id-sha3-224` (FIPS 202, NIST CSOR).
pub const SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.7");
/// `id-sha3-256` (FIPS 202, NIST CSOR).
pub const SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.8");
/// `id-sha3-384` (FIPS 202, NIST CSOR).
pub const SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.9");
/// `id-sha3-512` (FIPS 202, NIST CSOR).
pub const SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.10");
/// `id-md5` (RFC 1321): recognised only to be refused.
pub const MD5: Oid = Oid::new_unwrap("1.2.840.113549.2.5");

// --- RSA (RFC 8017) ------------------------------------------------------------------------
/// `rsaEncryption`.
pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
/// `sha1WithRSAEncryption`.
pub const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
/// `sha224WithRSAEncryption` (RFC 4055).
pub const SHA224_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.14");
/// `sha256WithRSAEncryption`.
pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
/// `sha384WithRSAEncryption`.
pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
/// `sha512WithRSAEncryption`.
pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
/// `md5WithRSAEncryption`: recognised only to be refused.
pub const MD5_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.4");
/// `id-RSASSA-PSS`.
pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
/// `id-mgf1` (RFC 8017).
pub const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
/// `id-rsassa-pkcs1-v1_5-with-sha3-224` (NIST CSOR).
pub const SHA3_224_WITH_RSA: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.13");
/// `id-rsassa-pkcs1-v1_5-with-sha3-256` (NIST CSOR).
pub const SHA3_256_WITH_RSA: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.14");
/// `id-rsassa-pkcs1-v1_5-with-sha3-384` (NIST CSOR).
pub const SHA3_384_WITH_RSA: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.15");
/// `id-rsassa-pkcs1-v1_5-with-sha3-512` (NIST CSOR).
pub const SHA3_512_WITH_RSA: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.16");

// --- elliptic curves (RFC 5480, RFC 5758, RFC 8410) ----------------------------------------
/// `id-ecPublicKey` (RFC 5480).
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` / P-256 (RFC 5480).
pub const CURVE_P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
/// `secp384r1` / P-384 (RFC 5480).
pub const CURVE_P384: Oid = Oid::new_unwrap("1.3.132.0.34");
/// `secp521r1` / P-521 (RFC 5480).
pub const CURVE_P521: Oid = Oid::new_unwrap("1.3.132.0.35");
/// `brainpoolP256r1` (RFC 5639).
pub const CURVE_BRAINPOOL_P256R1: Oid = Oid::new_unwrap("1.3.36.3.3.2.8.1.1.7");
/// `brainpoolP384r1` (RFC 5639).
pub const CURVE_BRAINPOOL_P384R1: Oid = Oid::new_unwrap("1.3.36.3.3.2.8.1.1.11");
/// `ecdsa-with-SHA1` (RFC 3279).
pub const ECDSA_WITH_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
/// `ecdsa-with-SHA224` (RFC 5758).
pub const ECDSA_WITH_SHA224: Oid = Oid::new_unwrap("1.2.840.10045.4.3.1");
/// `ecdsa-with-SHA256` (RFC 5758).
pub const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
/// `ecdsa-with-SHA384` (RFC 5758).
pub const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
/// `ecdsa-with-SHA512` (RFC 5758).
pub const ECDSA_WITH_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
/// `id-ecdsa-with-sha3-224` (NIST CSOR).
pub const ECDSA_WITH_SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.9");
/// `id-ecdsa-with-sha3-256` (NIST CSOR).
pub const ECDSA_WITH_SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.10");
/// `id-ecdsa-with-sha3-384` (NIST CSOR).
pub const ECDSA_WITH_SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.11");
/// `id-ecdsa-with-sha3-512` (NIST CSOR).
pub const ECDSA_WITH_SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.12");
/// `ecdsa-plain-SHA1` (BSI TR-03111 §5.2.1: the value is `r || s`, not DER).
pub const ECDSA_PLAIN_SHA1: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.1");
/// `ecdsa-plain-SHA224` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA224: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.2");
/// `ecdsa-plain-SHA256` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA256: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.3");
/// `ecdsa-plain-SHA384` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA384: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.4");
/// `ecdsa-plain-SHA512` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA512: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.5");
/// `ecdsa-plain-SHA3-224` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA3_224: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.8");
/// `ecdsa-plain-SHA3-256` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA3_256: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.9");
/// `ecdsa-plain-SHA3-384` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA3_384: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.10");
/// `ecdsa-plain-SHA3-512` (BSI TR-03111).
pub const ECDSA_PLAIN_SHA3_512: Oid = Oid::new_unwrap("0.4.0.127.0.7.1.1.4.1.11");
/// `id-Ed25519` (RFC 8410).
pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");

// --- CMS content types (RFC 5652) ----------------------------------------------------------
/// `id-data`.
pub const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
/// `id-signedData`.
pub const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
/// `id-encryptedData`.
pub const ID_ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
/// `id-ct-TSTInfo` (RFC 3161).
pub const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");

// --- CMS / PKCS#9 attributes ---------------------------------------------------------------
/// `id-contentType` (RFC 5652 §11.1).
pub const ATTR_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
/// `id-messageDigest` (RFC 5652 §11.2).
pub const ATTR_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
/// `id-signingTime` (RFC 5652 §11.3).
pub const ATTR_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
/// `id-countersignature` (RFC 5652 §11.4).
pub const ATTR_COUNTER_SIGNATURE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.6");
/// `id-aa-contentHint` (RFC 2634 §2.9).
pub const ATTR_CONTENT_HINTS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.4");
/// `id-aa-contentIdentifier` (RFC 2634 §2.7).
pub const ATTR_CONTENT_IDENTIFIER: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.7");
/// `id-aa-contentReference` (RFC 2634 §2.11).
pub const ATTR_CONTENT_REFERENCE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.10");
/// `id-aa-signingCertificate` (RFC 2634 §5.4).
pub const ATTR_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// `id-aa-signingCertificateV2` (RFC 5035).
pub const ATTR_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// `id-aa-ets-sigPolicyId` (TS 101 733 §5.8.1).
pub const ATTR_SIGNATURE_POLICY: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.15");
/// `id-aa-ets-commitmentType` (TS 101 733 §5.11.1).
pub const ATTR_COMMITMENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.16");
/// `id-aa-ets-signerLocation` (TS 101 733 §5.11.2).
pub const ATTR_SIGNER_LOCATION: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.17");
/// `id-aa-ets-signerAttr` (TS 101 733 §5.11.3).
pub const ATTR_SIGNER_ATTRIBUTES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.18");
/// `id-aa-ets-signerAttrV2` (EN 319 122-1 §5.2.6.1).
pub const ATTR_SIGNER_ATTRIBUTES_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.49");
/// `id-aa-ets-contentTimestamp` (TS 101 733 §5.11.4).
pub const ATTR_CONTENT_TIMESTAMP: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.20");
/// `id-aa-signatureTimeStampToken` (RFC 3161 Appendix A).
pub const ATTR_SIGNATURE_TIMESTAMP: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// `id-aa-ets-certificateRefs` (CAdES-C).
pub const ATTR_CERTIFICATE_REFS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.21");
/// `id-aa-ets-revocationRefs` (CAdES-C).
pub const ATTR_REVOCATION_REFS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.22");
/// `id-aa-ets-certValues` (CAdES-X-L).
pub const ATTR_CERT_VALUES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.23");
/// `id-aa-ets-revocationValues` (CAdES-X-L).
pub const ATTR_REVOCATION_VALUES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.24");
/// `id-aa-ets-escTimeStamp` (CAdES-X type 1).
pub const ATTR_ESC_TIMESTAMP: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.25");
/// `id-aa-ets-certCRLTimestamp` (CAdES-X type 2).
pub const ATTR_CERT_CRL_TIMESTAMP: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.26");
/// `id-aa-ets-archiveTimestamp` (CAdES-A v1).
pub const ATTR_ARCHIVE_TIMESTAMP: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.27");
/// `id-aa-ets-archiveTimestampV2` (CAdES-A v2).
pub const ATTR_ARCHIVE_TIMESTAMP_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.48");
/// `id-aa-er-internal` (TS 119 122-3): an evidence record over the CMS signature it is in.
pub const ATTR_ER_INTERNAL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.49");
/// `id-aa-er-external` (TS 119 122-3): an evidence record over the signature and its
/// detached content.
pub const ATTR_ER_EXTERNAL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.50");
/// `id-aa-ets-archiveTimestampV3` (EN 319 122-1).
pub const ATTR_ARCHIVE_TIMESTAMP_V3: Oid = Oid::new_unwrap("0.4.0.1733.2.4");
/// `id-aa-ATSHashIndex` (TS 101 733 v2.2.1): the hash index of an archive time-stamp v3.
pub const ATTR_ATS_HASH_INDEX: Oid = Oid::new_unwrap("0.4.0.1733.2.5");
/// `id-aa-ATSHashIndex-v2` (EN 319 122-1 v1.0).
pub const ATTR_ATS_HASH_INDEX_V2: Oid = Oid::new_unwrap("0.4.0.19122.1.4");
/// `id-aa-ATSHashIndex-v3` (EN 319 122-1 §5.5.2): the hash index of an archive time-stamp v3,
/// an unsigned attribute of the time-stamp token.
pub const ATTR_ATS_HASH_INDEX_V3: Oid = Oid::new_unwrap("0.4.0.19122.1.5");
/// `id-ri-ocsp-response` (RFC 5940): an OCSP response among a `SignedData`'s `crls`.
pub const RI_OCSP_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.16.2");
/// `id-aa-CMSAlgorithmProtection` (RFC 6211).
pub const ATTR_CMS_ALGORITHM_PROTECTION: Oid = Oid::new_unwrap("1.2.840.113549.1.9.52");
/// PKCS#9 `id-aa-smimeCapabilities`.
pub const ATTR_SMIME_CAPABILITIES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.15");
/// `id-aa-ets-mimeType` (EN 319 122-1 §5.2.4, `mime-type`).
pub const ATTR_MIME_TYPE: Oid = Oid::new_unwrap("0.4.0.1733.2.1");

/// `id-spq-ets-uri`: the SPuri policy qualifier (TS 101 733 §5.8.1).
pub const SPQ_ETS_URI: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.5.1");
/// `id-spq-ets-unotice`: the user-notice policy qualifier.
pub const SPQ_ETS_UNOTICE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.5.2");

// --- commitment types (TS 101 733 §5.11.1) -------------------------------------------------
/// `id-cti-ets-proofOfOrigin`.
pub const CTI_PROOF_OF_ORIGIN: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.1");
/// `id-cti-ets-proofOfReceipt`.
pub const CTI_PROOF_OF_RECEIPT: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.2");
/// `id-cti-ets-proofOfDelivery`.
pub const CTI_PROOF_OF_DELIVERY: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.3");
/// `id-cti-ets-proofOfSender`.
pub const CTI_PROOF_OF_SENDER: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.4");
/// `id-cti-ets-proofOfApproval`.
pub const CTI_PROOF_OF_APPROVAL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.5");
/// `id-cti-ets-proofOfCreation`.
pub const CTI_PROOF_OF_CREATION: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.6.6");

// --- X.500 attribute types (X.520) ---------------------------------------------------------
/// `id-at-commonName`.
pub const AT_COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
/// `id-at-surname`.
pub const AT_SURNAME: Oid = Oid::new_unwrap("2.5.4.4");
/// `id-at-serialNumber` (the NIF/NIE of Spanish personal certificates).
pub const AT_SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
/// `id-at-countryName`.
pub const AT_COUNTRY: Oid = Oid::new_unwrap("2.5.4.6");
/// `id-at-localityName`.
pub const AT_LOCALITY: Oid = Oid::new_unwrap("2.5.4.7");
/// `id-at-organizationName`.
pub const AT_ORGANIZATION: Oid = Oid::new_unwrap("2.5.4.10");
/// `id-at-organizationalUnitName`.
pub const AT_ORGANIZATIONAL_UNIT: Oid = Oid::new_unwrap("2.5.4.11");
/// `id-at-title`.
pub const AT_TITLE: Oid = Oid::new_unwrap("2.5.4.12");
/// `id-at-givenName`.
pub const AT_GIVEN_NAME: Oid = Oid::new_unwrap("2.5.4.42");
/// `id-at-organizationIdentifier` (EN 319 412-1, e.g. `VATES-P2807900B`).
pub const AT_ORGANIZATION_IDENTIFIER: Oid = Oid::new_unwrap("2.5.4.97");
/// `id-at-role` (X.520), used for claimed roles.
pub const AT_ROLE: Oid = Oid::new_unwrap("2.5.4.72");
/// PKCS#9 `emailAddress`.
pub const AT_EMAIL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");

// --- X.509 extensions (RFC 5280) -----------------------------------------------------------
/// `id-ce-keyUsage`.
pub const EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
/// `id-ce-certificatePolicies`.
pub const EXT_CERTIFICATE_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");
/// `id-ce-basicConstraints`.
pub const EXT_BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
/// `id-ce-extKeyUsage`.
pub const EXT_EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
/// `id-ce-subjectKeyIdentifier`.
pub const EXT_SUBJECT_KEY_ID: Oid = Oid::new_unwrap("2.5.29.14");
/// `id-ce-authorityKeyIdentifier`.
pub const EXT_AUTHORITY_KEY_ID: Oid = Oid::new_unwrap("2.5.29.35");
/// `id-ce-cRLDistributionPoints`.
pub const EXT_CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
/// `id-pe-authorityInfoAccess`.
pub const EXT_AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
/// `id-pkix-ocsp-nocheck` (RFC 6960 §4.2.2.2.1).
pub const EXT_OCSP_NOCHECK: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.5");
/// `id-ce-cRLReasons` (CRL entry extension).
pub const EXT_CRL_REASON: Oid = Oid::new_unwrap("2.5.29.21");
/// `id-ce-cRLNumber`.
pub const EXT_CRL_NUMBER: Oid = Oid::new_unwrap("2.5.29.20");
/// `id-ce-deltaCRLIndicator`.
pub const EXT_DELTA_CRL_INDICATOR: Oid = Oid::new_unwrap("2.5.29.27");
/// `id-ce-issuingDistributionPoint`.
pub const EXT_ISSUING_DISTRIBUTION_POINT: Oid = Oid::new_unwrap("2.5.29.28");
/// `id-pkix-ocsp-basic`.
pub const OCSP_BASIC: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// `id-pkix-ocsp-nonce`.
pub const OCSP_NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// `id-kp-emailProtection` (RFC 5280 §4.2.1.12: e-mail protection, S/MIME signing).
pub const KP_EMAIL_PROTECTION: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.4");
/// `id-kp-timeStamping`.
pub const KP_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
/// `id-kp-OCSPSigning`.
pub const KP_OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");
/// `id-ad-ocsp`.
pub const AD_OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
/// `id-ad-caIssuers`.
pub const AD_CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");

// --- PKCS#12 (RFC 7292) and PKCS#5 (RFC 8018) ----------------------------------------------
/// `pbeWithSHAAnd128BitRC4`.
pub const PBE_SHA1_RC4_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.1");
/// `pbeWithSHAAnd3-KeyTripleDES-CBC`.
pub const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
/// `pbeWithSHAAnd2-KeyTripleDES-CBC`.
pub const PBE_SHA1_2DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.4");
/// `pbeWithSHAAnd128BitRC2-CBC`.
pub const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
/// `pbewithSHAAnd40BitRC2-CBC`.
pub const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");
/// `id-PBES2`.
pub const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
/// `id-PBMAC1` (RFC 9579).
pub const PBMAC1: Oid = Oid::new_unwrap("1.2.840.113549.1.5.14");
/// `keyBag`.
pub const BAG_KEY: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
/// `pkcs8ShroudedKeyBag`.
pub const BAG_SHROUDED_KEY: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
/// `certBag`.
pub const BAG_CERT: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
/// `x509Certificate` (certificate type inside a certBag).
pub const CERT_TYPE_X509: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
/// PKCS#9 `friendlyName`.
pub const ATTR_FRIENDLY_NAME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.20");
/// PKCS#9 `localKeyId`.
pub const ATTR_LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");
