//! The document model: accessors, text and attribute normalization, Ids, byte ranges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use ades_xml::{Document, Limits, NamespaceDeclaration, NodeId, NodeKind, XML_NAMESPACE, XmlError};

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

fn parse(xml: &str) -> Document {
    Document::parse(xml.as_bytes(), &Limits::default()).unwrap()
}

fn first(doc: &Document, local: &str) -> NodeId {
    doc.descendants(doc.root())
        .find(|&n| doc.local_name(n) == Some(local))
        .unwrap()
}

const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- before -->
<doc xmlns="urn:d" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="root">
  <ds:Signature Id="sig" xml:lang="es"><ds:SignedInfo/></ds:Signature>
  <item a="x&#9;y&#xA;z" b="p&amp;q&lt;r" c="l1
l2" ds:k="v">one &amp; <![CDATA[<two>]]> three&#x20AC;</item>
  <?pi  some data ?>
  <empty/>
</doc>
<?after?>"#;

#[test]
fn structure_and_names() {
    let doc = parse(SAMPLE);
    let root = doc.root();
    assert_eq!(doc.kind(root), Some(NodeKind::Document));
    let kinds: Vec<_> = doc.children(root).map(|c| doc.kind(c).unwrap()).collect();
    assert_eq!(
        kinds,
        [
            NodeKind::Comment,
            NodeKind::Element,
            NodeKind::ProcessingInstruction
        ]
    );
    let de = doc.document_element();
    assert_eq!(doc.parent(de), Some(root));
    assert_eq!(doc.parent(root), None);
    assert_eq!(doc.name(de), Some("doc"));
    assert_eq!(doc.prefix(de), None);
    assert_eq!(doc.namespace(de), Some("urn:d"));
    let sig = first(&doc, "Signature");
    assert_eq!(doc.name(sig), Some("ds:Signature"));
    assert_eq!(doc.prefix(sig), Some("ds"));
    assert_eq!(doc.local_name(sig), Some("Signature"));
    assert_eq!(doc.namespace(sig), Some(DSIG));
    assert!(doc.has_name(sig, Some(DSIG), "Signature"));
    assert_eq!(doc.attribute(sig, Some(XML_NAMESPACE), "lang"), Some("es"));
    assert_eq!(doc.attribute(sig, None, "Id"), Some("sig"));
    assert_eq!(doc.ancestors(sig).collect::<Vec<_>>(), [de, root]);
    assert_eq!(doc.elements_by_name(Some(DSIG), "SignedInfo").count(), 1);
    assert_eq!(doc.elements_by_name(None, "doc").count(), 0);
    assert_eq!(doc.child_elements(de).count(), 3);
    assert!(doc.is_ancestor_or_self(de, sig) && !doc.is_ancestor_or_self(sig, de));
    // Namespace declarations in document order; lookups; in-scope namespaces.
    let decls: Vec<_> = doc.namespace_declarations(de).collect();
    assert_eq!(
        decls,
        [
            NamespaceDeclaration {
                prefix: None,
                uri: "urn:d"
            },
            NamespaceDeclaration {
                prefix: Some("ds"),
                uri: DSIG
            },
        ]
    );
    assert_eq!(doc.namespace_declarations(sig).count(), 0);
    assert_eq!(doc.lookup_namespace(sig, Some("ds")), Some(DSIG));
    assert_eq!(doc.lookup_namespace(sig, None), Some("urn:d"));
    assert_eq!(doc.lookup_namespace(sig, Some("xml")), Some(XML_NAMESPACE));
    assert_eq!(doc.lookup_namespace(sig, Some("nope")), None);
    assert_eq!(doc.in_scope_namespaces(sig), decls);
    // Unknown ids never panic.
    let bogus = NodeId::clone(&sig);
    let far = doc.descendants(root).last().unwrap();
    assert!(far.index() < doc.node_count());
    assert_eq!(doc.kind(bogus), Some(NodeKind::Element));
}

#[test]
fn text_attributes_and_pis() {
    let doc = parse(SAMPLE);
    let item = first(&doc, "item");
    let attrs: Vec<_> = doc
        .attributes(item)
        .map(|a| (a.name(), a.raw_value(), a.value(), a.namespace()))
        .collect();
    assert_eq!(
        attrs,
        [
            ("a", "x&#9;y&#xA;z", "x\ty\nz", None),
            ("b", "p&amp;q&lt;r", "p&q<r", None),
            ("c", "l1\nl2", "l1 l2", None),
            ("ds:k", "v", "v", Some(DSIG)),
        ]
    );
    // Text, references and CDATA merge into one text node.
    let texts: Vec<_> = doc.children(item).map(|c| doc.text(c).unwrap()).collect();
    assert_eq!(texts, ["one & <two> three€"]);
    assert_eq!(doc.text_content(item), "one & <two> three€");
    let pi = doc
        .descendants(doc.root())
        .find(|&n| doc.kind(n) == Some(NodeKind::ProcessingInstruction))
        .unwrap();
    assert_eq!(doc.pi_target(pi), Some("pi"));
    assert_eq!(doc.text(pi), Some("some data "));
    let comment = doc.children(doc.root()).next().unwrap();
    assert_eq!(doc.text(comment), Some(" before "));
    assert!(doc.text_content(doc.root()).contains("one & <two>"));
}

#[test]
fn find_by_id_and_duplicates() {
    let doc = parse(
        r#"<r><a Id="1"/><b ID="2"/><c id="3"/><d xml:id="4"/><e Id="5" id="5"/><f wsu:Id="6" xmlns:wsu="urn:wsu"/></r>"#,
    );
    for (value, local) in [("1", "a"), ("2", "b"), ("3", "c"), ("4", "d"), ("5", "e")] {
        assert_eq!(
            doc.find_by_id(value).unwrap(),
            Some(first(&doc, local)),
            "{value}"
        );
    }
    // Only unqualified Id/ID/id and xml:id count.
    assert_eq!(doc.find_by_id("6").unwrap(), None);
    assert_eq!(doc.find_by_id("missing").unwrap(), None);
    // The same value on two elements, under any of the names, is refused.
    for xml in [
        r#"<r><a Id="x"/><b Id="x"/></r>"#,
        r#"<r><a Id="x"/><b id="x"/></r>"#,
        r#"<r Id="x"><b xml:id="x"/></r>"#,
    ] {
        let doc = parse(xml);
        let err = doc.find_by_id("x").unwrap_err();
        assert!(
            matches!(err, XmlError::DuplicateId { ref value, .. } if value == "x"),
            "{err:?}"
        );
    }
}

/// Byte ranges point into the original input: from `<` to after the final `>`.
fn check_ranges(input: &[u8], doc: &Document) -> usize {
    let mut checked = 0;
    for n in std::iter::once(doc.root()).chain(doc.descendants(doc.root())) {
        let Some(range) = doc.byte_range(n) else {
            continue;
        };
        let qname = doc.name(n).unwrap();
        let slice = &input[range.clone()];
        let start = &input[doc.start_tag_range(n).unwrap()];
        assert!(start.starts_with(format!("<{qname}").as_bytes()), "{qname}");
        assert!(start.ends_with(b">"));
        assert!(slice.ends_with(b">"));
        match doc.end_tag_range(n) {
            Some(end) => {
                let end = &input[end];
                assert!(end.starts_with(format!("</{qname}").as_bytes()), "{qname}");
                assert_eq!(end.last(), Some(&b'>'));
            }
            None => assert!(start.ends_with(b"/>") && start.len() == slice.len()),
        }
        checked += 1;
    }
    checked
}

#[test]
fn byte_ranges_in_the_original_input() {
    let doc = parse(SAMPLE);
    assert_eq!(check_ranges(SAMPLE.as_bytes(), &doc), 5);
    let sig = first(&doc, "Signature");
    assert_eq!(
        &SAMPLE[doc.byte_range(sig).unwrap()],
        r#"<ds:Signature Id="sig" xml:lang="es"><ds:SignedInfo/></ds:Signature>"#
    );
    // A byte-order mark is skipped but counted.
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), b"<a><b  x='1' /></a >"].concat();
    let doc = Document::parse(&with_bom, &Limits::default()).unwrap();
    let b = first(&doc, "b");
    assert_eq!(doc.byte_range(b), Some(6..18));
    assert_eq!(doc.byte_range(doc.document_element()), Some(3..23));
    assert_eq!(doc.end_tag_range(doc.document_element()), Some(18..23));
    check_ranges(&with_bom, &doc);
}

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for (var, default) in [
        ("ADES_CORPUS_DIR", "../shared/corpus"),
        ("ADES_REFERENCE_DIR", "../shared/interop/reference"),
    ] {
        let dir = std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join(default));
        match std::fs::read_dir(&dir) {
            Ok(entries) => files.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "xsig")),
            ),
            Err(_) => println!("{var}: {} absent, skipped", dir.display()),
        }
    }
    files.sort();
    files
}

#[test]
fn corpus_byte_ranges_and_ids() {
    let files = corpus_files();
    let mut elements = 0;
    for file in &files {
        let input = std::fs::read(file).unwrap();
        let doc = Document::parse(&input, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        elements += check_ranges(&input, &doc);
        // Every Id of a signature resolves (or is reported as duplicated).
        for n in doc.descendants(doc.root()) {
            for a in doc.attributes(n) {
                if Document::is_id_attribute(&a) {
                    match doc.find_by_id(a.value()) {
                        Ok(found) => assert_eq!(found, Some(n)),
                        Err(XmlError::DuplicateId { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        }
    }
    println!(
        "{} files, {elements} element byte ranges checked",
        files.len()
    );
}
