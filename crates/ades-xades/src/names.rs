//! Namespace names, type URIs and transform URIs of XML-DSig and XAdES.

/// XML-DSig (`ds:`).
pub const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XAdES 1.3.2, the version this crate writes (policy §3.2.1).
pub const XADES_132: &str = "http://uri.etsi.org/01903/v1.3.2#";
/// XAdES 1.4.1 (unsigned properties added to 1.3.2 signatures: archive time-stamps, …).
pub const XADES_141: &str = "http://uri.etsi.org/01903/v1.4.1#";
/// XAdES 1.2.2, read (policy §3.2.1 accepts 1.2.2 implementations).
pub const XADES_122: &str = "http://uri.etsi.org/01903/v1.2.2#";
/// XAdES 1.1.1, read for old signatures.
pub const XADES_111: &str = "http://uri.etsi.org/01903/v1.1.1#";
/// XPath Filter 2.0 (`dsig-xpath:`).
pub const XPATH_FILTER2_NS: &str = "http://www.w3.org/2002/06/xmldsig-filter2";

/// The XAdES namespaces a `QualifyingProperties` may be in.
pub const XADES_NAMESPACES: [&str; 4] = [XADES_132, XADES_122, XADES_111, XADES_141];

/// `Type` of the reference to `SignedProperties`.
pub const SIGNED_PROPERTIES_TYPE: &str = "http://uri.etsi.org/01903#SignedProperties";
/// `Type` of the reference a counter-signature makes to the countersigned `SignatureValue`.
pub const COUNTERSIGNED_SIGNATURE_TYPE: &str = "http://uri.etsi.org/01903#CountersignedSignature";
/// `Type` of a reference to a `ds:Object`.
pub const OBJECT_TYPE: &str = "http://www.w3.org/2000/09/xmldsig#Object";
/// `Type` of a reference to a `ds:Manifest`.
pub const MANIFEST_TYPE: &str = "http://www.w3.org/2000/09/xmldsig#Manifest";

/// The enveloped-signature transform.
pub const ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// The base64 decoding transform (also the `Encoding` of base64 content).
pub const BASE64: &str = "http://www.w3.org/2000/09/xmldsig#base64";
/// The XPath 1.0 filtering transform.
pub const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
/// The XPath Filter 2.0 transform.
pub const XPATH_FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";

/// `OIDAsURN`: the `Identifier` holds an OID as `urn:oid:…`.
pub const OID_AS_URN: &str = "OIDAsURN";
