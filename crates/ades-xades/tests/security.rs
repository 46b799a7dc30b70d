//! Hostile input: typed errors, quickly, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};

use ades_xades::{
    C14nMethod, Document, EncodingError, Limit, Limits, NamespaceError, NodeSubset,
    WellFormednessError, XmlError, canonicalize_to_vec,
};

/// An input and a check of the error kind it must produce.
type Case<K> = (&'static [u8], fn(&K) -> bool);

/// Generous even for debug builds on a loaded machine; the point is "no blow-up".
const FAST: Duration = Duration::from_secs(3);

fn refuse(input: &[u8]) -> XmlError {
    refuse_with(input, &Limits::default())
}

fn refuse_with(input: &[u8], limits: &Limits) -> XmlError {
    let start = Instant::now();
    let err = Document::parse(input, limits).unwrap_err();
    assert!(
        start.elapsed() < FAST,
        "took {:?} to refuse: {err}",
        start.elapsed()
    );
    assert!(!err.to_string().is_empty());
    err
}

#[test]
fn xxe_is_refused() {
    let err = refuse(
        br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#,
    );
    assert!(matches!(err, XmlError::Dtd { position: 21 }), "{err:?}");
    let err = refuse(br#"<!DOCTYPE x SYSTEM "http://attacker.invalid/x.dtd"><x/>"#);
    assert!(matches!(err, XmlError::Dtd { .. }), "{err:?}");
    // Parameter entities, external subsets: all DTDs go.
    let err = refuse(br#"<!DOCTYPE x [<!ENTITY % p SYSTEM "http://attacker.invalid/p">%p;]><x/>"#);
    assert!(matches!(err, XmlError::Dtd { .. }), "{err:?}");
}

#[test]
fn billion_laughs_is_refused() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>");
    assert!(matches!(refuse(xml.as_bytes()), XmlError::Dtd { .. }));
    // Without the DTD, the reference is simply undefined.
    let err = refuse(b"<lolz>&lol9;</lolz>");
    assert!(
        matches!(&err, XmlError::UndefinedEntity { name, .. } if name == "lol9"),
        "{err:?}"
    );
    let err = refuse(b"<lolz a=\"&lol9;\"/>");
    assert!(matches!(err, XmlError::UndefinedEntity { .. }), "{err:?}");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 100_000;
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = refuse(xml.as_bytes());
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::Depth,
                max: 256,
                position: 768
            }
        ),
        "{err:?}"
    );
    // Exactly at the limit is fine, and canonicalization (iterative) copes with it.
    let xml = format!("{}{}", "<a>".repeat(256), "</a>".repeat(256));
    let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let out = canonicalize_to_vec(
        &doc,
        &NodeSubset::document(),
        &C14nMethod::Inclusive10 { comments: false },
    )
    .unwrap();
    assert_eq!(out, xml.as_bytes());
    // A bigger limit: 100,000 levels parse and canonicalize without stack overflow.
    let limits = Limits {
        max_depth: 200_000,
        ..Limits::default()
    };
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let doc = Document::parse(xml.as_bytes(), &limits).unwrap();
    let subset = NodeSubset::subtree(doc.descendants(doc.root()).nth(50_000).unwrap());
    for method in methods() {
        canonicalize_to_vec(&doc, &subset, &method).unwrap();
    }
}

#[test]
fn many_attributes_are_refused() {
    let mut xml = String::from("<a");
    for i in 0..100_000 {
        xml.push_str(&format!(" a{i}=\"{i}\""));
    }
    xml.push_str("/>");
    let err = refuse(xml.as_bytes());
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::Attributes,
                max: 256,
                ..
            }
        ),
        "{err:?}"
    );
    // Namespace declarations count too.
    let mut xml = String::from("<a");
    for i in 0..300 {
        xml.push_str(&format!(" xmlns:p{i}=\"urn:{i}\""));
    }
    xml.push_str("/>");
    assert!(matches!(
        refuse(xml.as_bytes()),
        XmlError::LimitExceeded {
            limit: Limit::Attributes,
            ..
        }
    ));
}

#[test]
fn huge_attribute_and_text_are_refused() {
    let xml = format!("<a v=\"{}\"/>", "x".repeat(9 << 20));
    let err = refuse(xml.as_bytes());
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::AttributeSize,
                ..
            }
        ),
        "{err:?}"
    );
    let limits = Limits {
        max_text_len: 1 << 20,
        ..Limits::default()
    };
    // Text split by references and CDATA still counts as one node.
    let chunk = "y".repeat(300_000);
    let xml = format!("<a>{chunk}&amp;{chunk}<![CDATA[{chunk}]]>{chunk}</a>");
    let err = refuse_with(xml.as_bytes(), &limits);
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::TextSize,
                ..
            }
        ),
        "{err:?}"
    );
    let xml = format!("<a><!--{}--></a>", "z".repeat(2 << 20));
    let err = refuse_with(xml.as_bytes(), &limits);
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::TextSize,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn node_and_size_limits() {
    let limits = Limits {
        max_nodes: 1000,
        ..Limits::default()
    };
    let xml = format!("<a>{}</a>", "<b/>".repeat(2000));
    let err = refuse_with(xml.as_bytes(), &limits);
    assert!(
        matches!(
            err,
            XmlError::LimitExceeded {
                limit: Limit::Nodes,
                max: 1000,
                ..
            }
        ),
        "{err:?}"
    );
    let xml = format!("<a>{}</a>", "t<!---->".repeat(2000));
    assert!(matches!(
        refuse_with(xml.as_bytes(), &limits),
        XmlError::LimitExceeded {
            limit: Limit::Nodes,
            ..
        }
    ));
    let limits = Limits {
        max_total_size: 100,
        ..Limits::default()
    };
    let xml = format!("<a>{}</a>", "x".repeat(200));
    let err = refuse_with(xml.as_bytes(), &limits);
    assert!(
        matches!(
            err,
            XmlError::InputTooLarge {
                size: 207,
                max: 100
            }
        ),
        "{err:?}"
    );
}

#[test]
fn encodings() {
    let utf16le = [0xFF, 0xFE, b'<', 0, b'a', 0, b'/', 0, b'>', 0];
    let utf16_no_bom = [b'<', 0, b'a', 0, b'/', 0, b'>', 0];
    for input in [&utf16le[..], &utf16_no_bom[..], b"\xFE\xFF\0<\0a\0/\0>"] {
        let err = refuse(input);
        assert!(
            matches!(
                err,
                XmlError::Encoding {
                    kind: EncodingError::Utf16,
                    ..
                }
            ),
            "{err:?}"
        );
    }
    let err = refuse(b"<a>\xC3\x28</a>");
    assert!(
        matches!(
            err,
            XmlError::Encoding {
                kind: EncodingError::InvalidUtf8,
                position: 3
            }
        ),
        "{err:?}"
    );
    let err = refuse("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>日本</a>".as_bytes());
    assert!(
        matches!(&err, XmlError::Encoding { kind: EncodingError::Unsupported(e), .. } if e == "Shift_JIS"),
        "{err:?}"
    );
    let err = refuse(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>");
    assert!(matches!(err, XmlError::Encoding { .. }), "{err:?}");
    for ok in [
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>é</a>",
        "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a/>",
        "<?xml version='1.0' encoding='windows-1252' standalone='yes'?><a/>",
    ] {
        Document::parse(ok.as_bytes(), &Limits::default()).unwrap();
    }
}

#[test]
fn characters_and_references() {
    for (input, code) in [
        (&b"<a>\x01</a>"[..], 1),
        (b"<a b=\"\x1F\"/>", 0x1F),
        ("<a>\u{FFFE}</a>".as_bytes(), 0xFFFE),
        (b"<!--\x0B--><a/>", 0x0B),
    ] {
        let err = refuse(input);
        assert!(
            matches!(err, XmlError::IllegalCharacter { code: c, .. } if c == code),
            "{err:?}"
        );
    }
    for input in [
        &b"<a>&#0;</a>"[..],
        b"<a>&#xD800;</a>",
        b"<a>&#x110000;</a>",
        b"<a>&#1;</a>",
        b"<a>&#99999999999;</a>",
        b"<a b='&#x;'/>",
    ] {
        let err = refuse(input);
        assert!(
            matches!(err, XmlError::InvalidCharReference { .. }),
            "{err:?}"
        );
    }
}

#[test]
fn not_well_formed() {
    use WellFormednessError as W;
    let cases: &[Case<WellFormednessError>] = &[
        (b"", |k| *k == W::NoRootElement),
        (b"  <!-- only -->  ", |k| *k == W::NoRootElement),
        (b"<a/><b/>", |k| *k == W::MultipleRootElements),
        (b"<a/>text", |k| *k == W::TextOutsideRoot),
        (b"x<a/>", |k| *k == W::TextOutsideRoot),
        (b"<a>", |k| matches!(k, W::UnclosedElement(n) if n == "a")),
        (b" <?xml version=\"1.0\"?><a/>", |k| {
            *k == W::MisplacedDeclaration
        }),
        (b"<a/><?xml version=\"1.0\"?>", |k| {
            *k == W::MisplacedDeclaration
        }),
        (
            b"<?xml version=\"1.1\"?><a/>",
            |k| matches!(k, W::UnsupportedVersion(v) if v == "1.1"),
        ),
        (b"<1a/>", |k| matches!(k, W::InvalidName(_))),
        (b"<a:b:c/>", |k| matches!(k, W::InvalidName(_))),
        (b"<a 1b=\"x\"/>", |k| matches!(k, W::InvalidName(_))),
        (b"<a xmlns:=\"urn:x\"/>", |k| matches!(k, W::InvalidName(_))),
        (b"<a xmlns:1=\"urn:x\"/>", |k| {
            matches!(k, W::InvalidName(_))
        }),
        (b"<a><?XmL x?></a>", |k| matches!(k, W::ReservedPiTarget(_))),
        (b"<a b=\"<\"/>", |k| *k == W::LtInAttributeValue),
        (b"<a b=\"1\"c=\"2\"/>", |k| *k == W::AttributesNotSeparated),
        (b"<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", |k| {
            *k == W::MalformedDeclaration
        }),
        (b"<?xml version=\"1.0\" foo=\"x\"?><a/>", |k| {
            *k == W::MalformedDeclaration
        }),
        (
            b"<?xml version=\"1.0\" standalone=\"no\" encoding=\"UTF-8\"?><a/>",
            |k| *k == W::MalformedDeclaration,
        ),
        (b"<a b=\"&\"/>", |k| *k == W::BareAmpersand),
        (b"<a>]]></a>", |k| *k == W::CdataEndInText),
        (b"<a><!-- x -- y --></a>", |k| {
            *k == W::DoubleHyphenInComment
        }),
        (b"<a><!-- x ---></a>", |k| *k == W::DoubleHyphenInComment),
    ];
    for (input, check) in cases {
        let err = refuse(input);
        match &err {
            XmlError::NotWellFormed { kind, .. } => {
                assert!(check(kind), "{}: {err:?}", String::from_utf8_lossy(input))
            }
            _ => panic!("{}: {err:?}", String::from_utf8_lossy(input)),
        }
    }
    // Tokenizer-level errors are typed as syntax errors.
    for input in [
        &b"<a></b>"[..],
        b"<a b=\"1\" b=\"2\"/>",
        b"<a b/>",
        b"<a b=c/>",
        b"<a",
        b"<a><!-- x",
        b"</a>",
        b"<a>x & y</a>",
    ] {
        let err = refuse(input);
        assert!(
            matches!(
                err,
                XmlError::Syntax { .. } | XmlError::NotWellFormed { .. }
            ),
            "{}: {err:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn namespace_errors() {
    use NamespaceError as N;
    let cases: &[Case<NamespaceError>] = &[
        (b"<p:a/>", |k| matches!(k, N::UnboundPrefix(p) if p == "p")),
        (
            b"<a p:b=\"1\"/>",
            |k| matches!(k, N::UnboundPrefix(p) if p == "p"),
        ),
        (b"<a xmlns:p=\"\"/>", |k| {
            matches!(k, N::EmptyPrefixBinding(_))
        }),
        (b"<a xmlns:xml=\"urn:x\"/>", |k| matches!(k, N::Reserved(_))),
        (b"<a xmlns:xmlns=\"urn:x\"/>", |k| {
            matches!(k, N::Reserved(_))
        }),
        (
            b"<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
            |k| matches!(k, N::Reserved(_)),
        ),
        (b"<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>", |k| {
            matches!(k, N::Reserved(_))
        }),
        (b"<xmlns:a/>", |k| matches!(k, N::Reserved(_))),
        (
            b"<a xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:b=\"1\" q:b=\"2\"/>",
            |k| matches!(k, N::DuplicateAttribute(_)),
        ),
    ];
    for (input, check) in cases {
        let err = refuse(input);
        match &err {
            XmlError::Namespace { kind, .. } => {
                assert!(check(kind), "{}: {err:?}", String::from_utf8_lossy(input))
            }
            _ => panic!("{}: {err:?}", String::from_utf8_lossy(input)),
        }
    }
    // Scoping: a prefix declared on a sibling is not in scope.
    assert!(matches!(
        refuse(b"<r><a xmlns:p=\"urn:p\"/><p:b/></r>"),
        XmlError::Namespace { .. }
    ));
    Document::parse(
        b"<r xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"x\"/>",
        &Limits::default(),
    )
    .unwrap();
}

#[test]
fn duplicate_ids_are_an_error() {
    let doc = Document::parse(
        br#"<r><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object><x Id="data">evil</x></ds:Object></ds:Signature><x Id="data">good</x></r>"#,
        &Limits::default(),
    )
    .unwrap();
    let start = Instant::now();
    assert!(matches!(
        doc.find_by_id("data"),
        Err(XmlError::DuplicateId { .. })
    ));
    assert!(NodeSubset::from_same_document_reference(&doc, "#data").is_err());
    assert!(NodeSubset::from_same_document_reference(&doc, "#xpointer(id('data'))").is_err());
    assert!(start.elapsed() < FAST);
}

#[test]
fn foreign_node_ids_never_panic() {
    let big = Document::parse(b"<a><b/><c>t</c><!--x--><?p?></a>", &Limits::default()).unwrap();
    let small = Document::parse(b"<z/>", &Limits::default()).unwrap();
    for n in big.descendants(big.root()) {
        let _ = (
            small.kind(n),
            small.parent(n),
            small.children(n).count(),
            small.descendants(n).count(),
            small.name(n),
            small.attributes(n).count(),
            small.text_content(n),
            small.byte_range(n),
            small.lookup_namespace(n, None),
            small.in_scope_namespaces(n),
        );
        for method in methods() {
            let _ = canonicalize_to_vec(&small, &NodeSubset::subtree(n), &method);
            let _ = canonicalize_to_vec(&small, &NodeSubset::document().excluding(n), &method);
        }
    }
}

fn methods() -> Vec<C14nMethod> {
    vec![
        C14nMethod::Inclusive10 { comments: true },
        C14nMethod::Exclusive10 {
            comments: false,
            inclusive_prefixes: vec!["#default".into(), "ds".into()],
        },
        C14nMethod::Inclusive11 { comments: false },
    ]
}

/// A real XAdES signature when the corpus is there, a small one of ours otherwise.
fn sample() -> Vec<u8> {
    let corpus = std::env::var_os("ADES_CORPUS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    std::fs::read(corpus.join("af_x_enveloped_sha1.xml")).unwrap_or_else(|_| {
        println!("corpus absent: using a built-in sample");
        br##"<?xml version="1.0" encoding="UTF-8"?><doc Id="d"><data>x&amp;y</data><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#s"><xades:SignedProperties Id="sp"><!-- c --><xades:SigningTime>2024-01-01T00:00:00Z</xades:SigningTime></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature></doc>"##.to_vec()
    })
}

/// Parses, and when that succeeds canonicalizes every way a verifier would.
fn exercise(input: &[u8]) -> bool {
    let Ok(doc) = Document::parse(input, &Limits::default()) else {
        return false;
    };
    let sig = doc
        .elements_by_name(Some("http://www.w3.org/2000/09/xmldsig#"), "Signature")
        .next();
    for method in methods() {
        let _ = canonicalize_to_vec(&doc, &NodeSubset::document(), &method);
        if let Some(sig) = sig {
            let _ = canonicalize_to_vec(&doc, &NodeSubset::document().excluding(sig), &method);
            let _ = canonicalize_to_vec(&doc, &NodeSubset::subtree(sig), &method);
        }
        for n in doc
            .descendants(doc.root())
            .filter(|&n| doc.is_element(n))
            .take(50)
        {
            let _ = canonicalize_to_vec(&doc, &NodeSubset::subtree(n), &method);
        }
    }
    for n in doc.descendants(doc.root()) {
        for a in doc.attributes(n) {
            let _ = doc.find_by_id(a.value());
        }
    }
    true
}

#[test]
fn truncations_never_panic() {
    let input = sample();
    assert!(exercise(&input));
    let step = (input.len() / 1500).max(1);
    let mut parsed = 0;
    for len in (0..input.len())
        .step_by(step)
        .chain(input.len().saturating_sub(64)..input.len())
    {
        if exercise(&input[..len]) {
            parsed += 1;
        }
    }
    println!(
        "{} truncations of {} bytes, {parsed} still parse",
        input.len() / step + 64,
        input.len()
    );
}

#[test]
fn bit_flips_never_panic() {
    let input = sample();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut parsed = 0;
    let rounds = 1500;
    for _ in 0..rounds {
        let mut mutated = input.clone();
        for _ in 0..(next() % 4 + 1) {
            let i = (next() % mutated.len() as u64) as usize;
            mutated[i] ^= 1 << (next() % 8);
        }
        if exercise(&mutated) {
            parsed += 1;
        }
    }
    println!("{rounds} mutated inputs, {parsed} still parse");
}

/// A `ds:Signature` whose `SignedInfo` holds `n` references.
fn signature_with_references(n: usize) -> Vec<u8> {
    let ds = "http://www.w3.org/2000/09/xmldsig#";
    let mut xml = format!(
        "<ds:Signature xmlns:ds=\"{ds}\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/><ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
    );
    for i in 0..n {
        xml.push_str(&format!(
            "<ds:Reference URI=\"#o{i}\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>"
        ));
    }
    xml.push_str("</ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>");
    xml.into_bytes()
}

#[test]
fn the_reference_limit_is_a_configurable_budget() {
    // EU DSS's test files carry 500 and 900 references: read with the defaults.
    let input = signature_with_references(900);
    let doc = Document::parse(&input, &Limits::default()).unwrap();
    let read = ades_xades::dsig::SignatureElement::read(&doc, doc.document_element()).unwrap();
    assert_eq!(read.references.len(), 900);
    // A stricter reader refuses, with the limit named.
    let strict = Limits {
        max_references: 100,
        ..Limits::default()
    };
    let doc = Document::parse(&input, &strict).unwrap();
    let refused =
        ades_xades::dsig::SignatureElement::read(&doc, doc.document_element()).unwrap_err();
    assert!(refused.to_string().contains("references"), "{refused}");
}
