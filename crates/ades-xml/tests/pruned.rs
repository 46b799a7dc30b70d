//! Pruned documents: what they keep, what they refuse to answer, and whole-document
//! canonicalization streamed from the input, byte for byte equal to the tree walk's.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ades_xml::{
    C14nError, C14nMethod, Document, KeptName, Limits, NodeSet, NodeSubset, XmlError,
    canonicalize_to_vec,
};
use std::time::{Duration, Instant};

const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const KEEP: [KeptName<'static>; 1] = [KeptName {
    namespace: Some(DS),
    local_name: "Signature",
}];

fn methods() -> Vec<C14nMethod> {
    let exc = |comments| C14nMethod::Exclusive10 {
        comments,
        inclusive_prefixes: Vec::new(),
    };
    vec![
        C14nMethod::Inclusive10 { comments: false },
        C14nMethod::Inclusive10 { comments: true },
        C14nMethod::Inclusive11 { comments: false },
        C14nMethod::Inclusive11 { comments: true },
        exc(false),
        exc(true),
        exc(false).with_inclusive_prefixes("#default a ds"),
    ]
}

fn pruned(xml: &str) -> Document {
    Document::parse_pruned(xml.as_bytes().to_vec(), &Limits::default(), &KEEP).unwrap()
}

/// Every method, the whole document with and without comments and minus each signature:
/// the pruned document's streamed form equals the full model's.
fn assert_same_forms(xml: &str) {
    let full = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let small = pruned(xml);
    let full_sigs: Vec<_> = full.elements_by_name(Some(DS), "Signature").collect();
    let small_sigs: Vec<_> = small.elements_by_name(Some(DS), "Signature").collect();
    assert_eq!(full_sigs.len(), small_sigs.len());
    for method in methods() {
        let mut cases = vec![
            (NodeSubset::document(), NodeSubset::document()),
            (
                NodeSubset::document().without_comments(),
                NodeSubset::document().without_comments(),
            ),
        ];
        for (f, s) in full_sigs.iter().zip(&small_sigs) {
            cases.push((
                NodeSubset::document().without_comments().excluding(*f),
                NodeSubset::document().without_comments().excluding(*s),
            ));
        }
        for (f, s) in cases {
            let tree = canonicalize_to_vec(&full, &f, &method);
            let stream = canonicalize_to_vec(&small, &s, &method);
            match (tree, stream) {
                (Ok(t), Ok(s)) => assert_eq!(
                    String::from_utf8_lossy(&s),
                    String::from_utf8_lossy(&t),
                    "{method:?} {xml}"
                ),
                (Err(_), Err(_)) => {}
                (t, s) => panic!("{method:?} {xml}: tree {t:?}, stream {s:?}"),
            }
        }
        // Every element the pruned model holds, whole (in a signature) or as a path, has
        // the same subtree form.
        for index in 0..full.node_count() {
            let f = ades_xml::NodeId::from_index(index);
            let Some(id) = full
                .attributes(f)
                .find(Document::is_id_attribute)
                .map(|a| a.value().to_owned())
            else {
                continue;
            };
            let Ok(Some(s)) = small.find_by_id(&id) else {
                continue;
            };
            let tree = canonicalize_to_vec(&full, &NodeSubset::subtree(f), &method);
            let stream = canonicalize_to_vec(&small, &NodeSubset::subtree(s), &method);
            match (tree, stream) {
                (Ok(t), Ok(s)) => assert_eq!(
                    String::from_utf8_lossy(&s),
                    String::from_utf8_lossy(&t),
                    "{method:?} subtree {id} of {xml}"
                ),
                (Err(_), Err(_)) => {}
                (t, s) => panic!("{method:?} subtree {id} of {xml}: tree {t:?}, stream {s:?}"),
            }
        }
    }
}

#[test]
fn streamed_forms_equal_the_tree_walk() {
    let documents = [
        // Comments and PIs around the document element, a signature inside.
        "<?xml version=\"1.0\"?>\n<!-- before --><?pi data?>\n<r xmlns=\"urn:r\" b='2' a=\"1\">\n  <x>t &amp; &lt; &#13; &#xA; <![CDATA[<c>]]></x>\n  <!-- inner --><?p?>\n  <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\"><ds:SignedInfo xmlns:u=\"urn:u\"><u:k/></ds:SignedInfo></ds:Signature>\n</r>\n<!-- after -->\n<?end?>",
        // Default namespace undone and redone, redundant declarations, prefixed attributes.
        "<a:r xmlns:a=\"urn:a\" xmlns=\"urn:d\"><b xmlns=\"\"><c xmlns=\"urn:d\" xmlns:a=\"urn:a\" a:z=\"1\" y=\"2\" xmlns:q=\"urn:q\" q:y=\"3\"/></b><a:e xmlns:a=\"urn:a2\"/></a:r>",
        // xml:* attributes, xml:base on the document element (Canonical XML 1.1 fix-up).
        "<r xml:lang=\"es\" xml:base=\"\" xml:space=\"preserve\"><s xml:base=\"x/\"><t xml:lang=\"\"/></s></r>",
        "<r xml:base=\"http://e/a/\"><s/></r>",
        // Two signatures, one nested in a signed element; the document element a signature.
        "<r><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"a\"><ds:Object><p xmlns=\"urn:p\">1</p></ds:Object></ds:Signature><w><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"b\"/></w>tail</r>",
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:Object Id=\"o\">data</ds:Object></ds:Signature>",
        // Line ends in text and attributes, CR by reference.
        "<r a=\"x&#9;y&#10;z\r\nw\">l1\r\nl2\rl3&#13;</r>",
        // Namespaces declared on the document element only used below.
        "<r xmlns:u=\"urn:u\" xmlns:v=\"urn:v\"><u:a v:b=\"1\"/><a xmlns=\"urn:z\"/></r>",
        // A relative namespace URI: refused by both.
        "<r xmlns:rel=\"rel/ative\"><rel:a/></r>",
        // Subtrees of path-only elements: inherited namespaces and xml:* attributes, a
        // relative namespace URI on an earlier sibling (not in the apex's scope), a
        // signature to exclude inside.
        "<r xmlns=\"urn:r\" xmlns:p=\"urn:p\" xml:lang=\"es\" xml:base=\"http://e/a/b/\" xml:space=\"preserve\"><rel xmlns:rel=\"rel/x\"/><m Id=\"m\" xml:base=\"../c/\" p:z=\"1\"><!-- c --><n xml:lang=\"fr\"><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\"/></n>t</m><after Id=\"x\"/></r>",
        "<r Id=\"r\" xml:base=\"\"><a><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\"/></a><?pi d?></r>",
    ];
    for xml in documents {
        assert_same_forms(xml);
    }
}

#[test]
fn keeps_signatures_and_the_path_to_them_only() {
    let mut xml = String::from("<r xmlns=\"urn:r\" Id=\"root\"><lines>");
    for i in 0..10_000 {
        xml.push_str(&format!("<l Id=\"l{i}\"><d>item {i}</d></l>\n"));
    }
    xml.push_str("</lines><w x=\"1\"><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"sig\"><ds:Object Id=\"obj\">o</ds:Object></ds:Signature></w><tail>t</tail></r>");
    let doc = pruned(&xml);
    // Document node, r, w, the signature, its object and the object's text.
    assert_eq!(doc.node_count(), 6);
    let root = doc.document_element();
    let w = doc.child_elements(root).next().unwrap();
    assert_eq!(doc.local_name(w), Some("w"));
    assert_eq!(doc.attribute(w, None, "x"), Some("1"));
    assert!(doc.is_path_only(root) && doc.is_path_only(w));
    let sig = doc.find_by_id("sig").unwrap().unwrap();
    assert!(!doc.is_path_only(sig));
    assert_eq!(doc.text_content(sig), "o");
    assert_eq!(doc.find_by_id("root").unwrap(), Some(root));
    assert_eq!(doc.find_by_id("absent").unwrap(), None);
    // An Id carried by a dropped element cannot be answered from the model.
    assert!(matches!(
        doc.find_by_id("l5"),
        Err(XmlError::NotKept { .. })
    ));
    // Nor can a node-set of the tree that includes dropped content be canonicalized (a
    // subtree of a path-only element is streamed instead).
    let method = C14nMethod::Inclusive10 { comments: false };
    let mut set = NodeSet::new(&doc);
    set.insert(w);
    assert!(matches!(
        canonicalize_to_vec(&doc, &NodeSubset::nodes(set), &method),
        Err(C14nError::Xml(XmlError::NotKept { .. }))
    ));
    let full_w = full_doc_element(&xml, "w");
    assert_eq!(
        canonicalize_to_vec(&doc, &NodeSubset::subtree(w), &method).unwrap(),
        canonicalize_to_vec(&full_w.0, &NodeSubset::subtree(full_w.1), &method).unwrap()
    );
    // The whole document is streamed from the input.
    let full = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(
        canonicalize_to_vec(&doc, &NodeSubset::document(), &method).unwrap(),
        canonicalize_to_vec(&full, &NodeSubset::document(), &method).unwrap()
    );
    assert_eq!(doc.into_source().unwrap(), xml.as_bytes());
}

/// The full model of `xml` and its first element named `local` in `urn:r`.
fn full_doc_element(xml: &str, local: &str) -> (Document, ades_xml::NodeId) {
    let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let e = doc.elements_by_name(Some("urn:r"), local).next().unwrap();
    (doc, e)
}

#[test]
fn a_duplicate_of_a_kept_id_among_dropped_elements_is_not_resolved() {
    let xml = "<r><a Id=\"s\"/><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\"/></r>";
    assert!(matches!(
        pruned(xml).find_by_id("s"),
        Err(XmlError::NotKept { .. })
    ));
    assert!(matches!(
        Document::parse(xml.as_bytes(), &Limits::default())
            .unwrap()
            .find_by_id("s"),
        Err(XmlError::DuplicateId { .. })
    ));
}

#[test]
fn pruned_parsing_refuses_what_parsing_refuses() {
    for bad in [
        "<r><a></r>",
        "<!DOCTYPE r><r/>",
        "<r>&custom;</r>",
        "<r><p:a/></r>",
        "<r/><r/>",
    ] {
        assert!(Document::parse(bad.as_bytes(), &Limits::default()).is_err());
        assert!(
            Document::parse_pruned(bad.as_bytes().to_vec(), &Limits::default(), &KEEP).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn parsing_and_canonicalizing_in_one_pass_equals_the_tree() {
    let xml = "<?xml version=\"1.0\"?>\n<!-- c --><r xmlns=\"urn:r\" b=\"2\" a=\"1\"><x>t &amp; <![CDATA[<c>]]></x><!-- i --><y xmlns=\"\"/></r><?end?>";
    let full = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    for method in methods() {
        for keep_comments in [false, true] {
            let subset = if keep_comments {
                NodeSubset::document()
            } else {
                NodeSubset::document().without_comments()
            };
            let mut out = Vec::new();
            let doc = ades_xml::parse_and_canonicalize(
                xml.as_bytes().to_vec(),
                &Limits::default(),
                &method,
                keep_comments,
                &mut out,
            )
            .unwrap();
            assert_eq!(
                out,
                canonicalize_to_vec(&full, &subset, &method).unwrap(),
                "{method:?} comments {keep_comments}"
            );
            assert_eq!(doc.node_count(), 2, "the document node and its element");
        }
    }
    assert!(
        ades_xml::parse_and_canonicalize(
            b"<r><a></r>".to_vec(),
            &Limits::default(),
            &C14nMethod::Inclusive10 { comments: false },
            false,
            &mut Vec::new()
        )
        .is_err()
    );
}

/// The adversarial shape of the namespace axis: `levels` nested elements, each redeclaring
/// `redeclared` shared prefixes and declaring `fresh` prefixes of its own, all used by
/// attributes (so that exclusive canonicalization renders them too); under the innermost,
/// `leaves` siblings declaring and using `fresh` prefixes unseen above (one in seven also
/// redeclares the shared prefixes as they are in scope and undeclares the default
/// namespace; one in fifty is followed by a comment), then a signature. The innermost
/// element carries `Id="apex"` and is held only as a path.
fn namespace_heavy_document(
    levels: usize,
    redeclared: usize,
    fresh: usize,
    leaves: usize,
) -> String {
    let mut xml = String::new();
    for i in 0..levels {
        xml.push_str("<e xmlns=\"urn:d\"");
        if i + 1 == levels {
            xml.push_str(" Id=\"apex\"");
        }
        for j in 0..redeclared {
            xml.push_str(&format!(" xmlns:p{j}=\"urn:r:{i}:{j}\" p{j}:a=\"{i}\""));
        }
        for j in 0..fresh {
            xml.push_str(&format!(
                " xmlns:q{i}x{j}=\"urn:q:{i}:{j}\" q{i}x{j}:a=\"{j}\""
            ));
        }
        xml.push('>');
    }
    for k in 0..leaves {
        xml.push_str("<l");
        if k % 7 == 0 {
            xml.push_str(" xmlns=\"\"");
            for j in 0..redeclared {
                xml.push_str(&format!(" xmlns:p{j}=\"urn:r:{}:{j}\"", levels - 1));
            }
        }
        for j in 0..fresh {
            xml.push_str(&format!(" xmlns:f{j}=\"urn:f:{j}\" f{j}:b=\"{k}\""));
        }
        xml.push_str("/>");
        if k % 50 == 0 {
            xml.push_str("<!-- c -->");
        }
    }
    xml.push_str("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\"/>");
    for _ in 0..levels {
        xml.push_str("</e>");
    }
    xml
}

/// Regression (denial of service): each namespace lookup of the streamed canonicalization
/// used to scan every binding rendered by the open elements, and the namespaces in scope at
/// a path-only subtree's root were gathered in quadratic time: about 20 s per
/// canonicalization of this document in a debug build. Now the cost follows the input's
/// size, and the output is still the tree walk's.
#[test]
fn deeply_redeclared_namespaces_stream_in_linear_time() {
    let xml = namespace_heavy_document(200, 50, 50, 400);
    let full = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let small = pruned(&xml);
    let apex_full = full.find_by_id("apex").unwrap().unwrap();
    let apex_small = small.find_by_id("apex").unwrap().unwrap();
    assert!(small.is_path_only(apex_small));
    let sig_full = full.elements_by_name(Some(DS), "Signature").next().unwrap();
    let sig_small = small
        .elements_by_name(Some(DS), "Signature")
        .next()
        .unwrap();
    let (mut total, mut slowest) = (Duration::ZERO, Duration::ZERO);
    for method in methods() {
        let cases = [
            (NodeSubset::document(), NodeSubset::document()),
            (
                NodeSubset::document()
                    .without_comments()
                    .excluding(sig_full),
                NodeSubset::document()
                    .without_comments()
                    .excluding(sig_small),
            ),
            (
                NodeSubset::subtree(apex_full),
                NodeSubset::subtree(apex_small),
            ),
        ];
        for (f, s) in cases {
            let tree = canonicalize_to_vec(&full, &f, &method).unwrap();
            let started = Instant::now();
            let stream = canonicalize_to_vec(&small, &s, &method).unwrap();
            let took = started.elapsed();
            (total, slowest) = (total + took, slowest.max(took));
            assert!(
                tree == stream,
                "{method:?} {s:?}: the streamed form differs"
            );
        }
    }
    eprintln!(
        "{} bytes: streamed in {total:?}, slowest {slowest:?}",
        xml.len()
    );
    assert!(
        slowest < Duration::from_secs(5),
        "a streamed canonicalization took {slowest:?}"
    );
}
