//! The examples of the W3C specifications, byte for byte: Canonical XML 1.0 §3.1–3.8,
//! Exclusive XML Canonicalization 1.0 §2.2, and the `xml:base` / `xml:id` behaviour of
//! Canonical XML 1.1 §2.4 / §3.8.
//!
//! Input/expected pairs are transcribed from the specifications' text. Our parser refuses
//! DTDs, so examples that carry one are run without it: where the DTD only declares things
//! that do not change the output (an external DTD, `ID` types) it is simply dropped; where
//! it supplies a default attribute (`attr="default"` on `e9` in §3.3, `xml:space` on `e2` in
//! §3.7) the expected output drops it or the input writes it out, as noted per test; the
//! attribute-type-dependent normalizations of §3.4 (NMTOKENS, ID) become CDATA
//! normalization; the entity example of §3.5 is a refusal test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ades_xml::{C14nMethod, Document, Limits, NodeSet, NodeSubset, XmlError, canonicalize_to_vec};

const C14N: C14nMethod = C14nMethod::Inclusive10 { comments: false };
const C14N_COMMENTS: C14nMethod = C14nMethod::Inclusive10 { comments: true };
const C14N11: C14nMethod = C14nMethod::Inclusive11 { comments: false };

fn exc(prefixes: &[&str]) -> C14nMethod {
    C14nMethod::Exclusive10 {
        comments: false,
        inclusive_prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn parse(xml: &str) -> Document {
    Document::parse(xml.as_bytes(), &Limits::default()).unwrap()
}

fn c14n(doc: &Document, subset: &NodeSubset, method: &C14nMethod) -> String {
    String::from_utf8(canonicalize_to_vec(doc, subset, method).unwrap()).unwrap()
}

fn whole(xml: &str, method: &C14nMethod) -> String {
    c14n(&parse(xml), &NodeSubset::document(), method)
}

fn element(doc: &Document, local: &str) -> ades_xml::NodeId {
    doc.descendants(doc.root())
        .find(|&n| doc.local_name(n) == Some(local))
        .unwrap()
}

/// §3.1 PIs, Comments, and Outside of Document Element (the `<!DOCTYPE doc SYSTEM
/// "doc.dtd">` line is dropped; see `dtd_examples_are_refused`).
const SPEC_3_1: &str = r#"<?xml version="1.0"?>

<?xml-stylesheet   href="doc.xsl"
   type="text/xsl"   ?>

<doc>Hello, world!<!-- Comment 1 --></doc>

<?pi-without-data     ?>

<!-- Comment 2 -->

<!-- Comment 3 -->"#;

#[test]
fn spec_3_1_outside_document_element() {
    assert_eq!(
        whole(SPEC_3_1, &C14N),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
    );
    assert_eq!(
        whole(SPEC_3_1, &C14N_COMMENTS),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->"
    );
    // `""` references select the document without comments, even for #WithComments.
    let doc = parse(SPEC_3_1);
    let subset = NodeSubset::from_same_document_reference(&doc, "").unwrap();
    assert_eq!(c14n(&doc, &subset, &C14N_COMMENTS), whole(SPEC_3_1, &C14N));
    let subset = NodeSubset::from_same_document_reference(&doc, "#xpointer(/)").unwrap();
    assert_eq!(
        c14n(&doc, &subset, &C14N_COMMENTS),
        whole(SPEC_3_1, &C14N_COMMENTS)
    );
}

/// §3.2 Whitespace in Document Content: output identical to input.
#[test]
fn spec_3_2_whitespace_in_content() {
    let input = "<doc>\n   <clean>   </clean>\n   <dirty>   A   B   </dirty>\n   <mixed>\n      A\n      <clean>   </clean>\n      B\n      <dirty>   A   B   </dirty>\n      C\n   </mixed>\n</doc>";
    assert_eq!(whole(input, &C14N), input);
    assert_eq!(whole(input, &exc(&[])), input);
    assert_eq!(whole(input, &C14N11), input);
}

/// §3.3 Start and End Tags. The DTD (`<!ATTLIST e9 attr CDATA "default">`) is dropped, so
/// `e9` has no `attr="default"` in the output.
#[test]
fn spec_3_3_start_and_end_tags() {
    let input = r#"<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>"#;
    let expected = r#"<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>"#;
    assert_eq!(whole(input, &C14N), expected);
    assert_eq!(whole(input, &C14N11), expected);
}

/// §3.4 Character Modifications and Character References. Without the DTD, `normNames`
/// (NMTOKENS) and `normId` (ID) get CDATA normalization, like `norm`.
#[test]
fn spec_3_4_character_modifications_and_references() {
    let input = r#"<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
   <normNames attr='   A   &#x20;&#13;&#xa;&#9;   B   '/>
   <normId id=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>"#;
    let expected = r#"<doc>
   <text>First line&#xD;
Second line</text>
   <value>2</value>
   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>
   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>
   <norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm>
   <normNames attr="   A    &#xD;&#xA;&#x9;   B   "></normNames>
   <normId id=" '    &#xD;&#xA;&#x9;   ' "></normId>
</doc>"#;
    assert_eq!(whole(input, &C14N), expected);
}

/// §3.4 with literal line ends: CR LF and CR in content become LF, and in attribute values a
/// space, before canonicalization.
#[test]
fn line_ends_are_normalized_before_canonicalization() {
    let input = "<doc a=\"x\r\ny\rz\">1\r\n2\r3<!--c\r\n--><?p d\r\n?><![CDATA[4\r\n5]]></doc>";
    assert_eq!(
        whole(input, &C14N_COMMENTS),
        "<doc a=\"x y z\">1\n2\n3<!--c\n--><?p d\n?>4\n5</doc>"
    );
}

/// §3.5 Entity References needs a DTD: refused. So is every DTD-carrying example, and the
/// internal-subset-only ones (§3.3, §3.4, §3.7) too.
#[test]
fn dtd_examples_are_refused() {
    let spec_3_5 = r#"<!DOCTYPE doc [
<!ATTLIST doc attrExtEnt ENTITY #IMPLIED>
<!ENTITY ent1 "Hello">
<!ENTITY ent2 SYSTEM "world.txt">
<!ENTITY entExt SYSTEM "earth.gif" NDATA gif>
<!NOTATION gif SYSTEM "viewgif.exe">
]>
<doc attrExtEnt="entExt">
   &ent1;, &ent2;!
</doc>

<!-- Let world.txt contain "world" (excluding the quotes) -->"#;
    for input in [
        spec_3_5,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE doc SYSTEM \"doc.dtd\">\n<doc/>",
        "<!DOCTYPE doc [<!ATTLIST e9 attr CDATA \"default\">]>\n<doc><e9/></doc>",
    ] {
        let err = Document::parse(input.as_bytes(), &Limits::default()).unwrap_err();
        assert!(matches!(err, XmlError::Dtd { .. }), "{err:?}");
    }
    // Without the DTD the entity is undefined.
    let err = Document::parse(b"<doc>&ent1;</doc>", &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, XmlError::UndefinedEntity { name, .. } if name == "ent1"),
        "{err:?}"
    );
}

/// §3.6 UTF-8 Encoding: the declared ISO-8859-1 document is plain ASCII, so it reads the
/// same as UTF-8; the character reference becomes UTF-8 bytes.
#[test]
fn spec_3_6_utf8_encoding() {
    let input = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<doc>&#169;</doc>";
    let out = canonicalize_to_vec(&parse(input), &NodeSubset::document(), &C14N).unwrap();
    assert_eq!(out, b"<doc>\xC2\xA9</doc>");
    // The same declaration over non-ASCII bytes is refused rather than misread.
    let err = Document::parse(
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><doc>\xA9</doc>",
        &Limits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, XmlError::Encoding { .. }), "{err:?}");
}

/// The document of §3.7 (1.0) / §3.8 (1.1) without its DTD: `xml:space="preserve"` (a DTD
/// default in the spec) is written on `e2`; the 1.1 variant adds the `xml:base` and
/// `xml:id` attributes of the 1.1 spec.
const SPEC_3_7: &str = r#"<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org">
   <e1>
      <e2 xmlns="" xml:space="preserve">
         <e3 id="E3"/>
      </e2>
   </e1>
</doc>"#;

const SPEC_11_3_8: &str = r#"<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else">
   <e1>
      <e2 xmlns="" xml:id="abc" xml:base="bar/" xml:space="preserve">
         <e3 id="E3" xml:base="foo"/>
      </e2>
   </e1>
</doc>"#;

/// The node-set of the XPath expression of §3.7:
/// `(//. | //@* | //namespace::*)[self::ietf:e1 or (parent::ietf:e1 and not(self::text() or
/// self::e2)) or count(id("E3")|ancestor-or-self::node()) = count(ancestor-or-self::node())]`
/// — `e1` with its attributes and namespace nodes but none of its children, and the
/// subtree of `e3`.
fn spec_3_7_node_set(doc: &Document) -> NodeSubset {
    let mut set = NodeSet::new(doc);
    set.insert(element(doc, "e1"));
    set.insert_subtree(doc, doc.find_by_id("E3").unwrap().unwrap());
    NodeSubset::nodes(set)
}

#[test]
fn spec_3_7_document_subsets() {
    let doc = parse(SPEC_3_7);
    assert_eq!(
        c14n(&doc, &spec_3_7_node_set(&doc), &C14N),
        r#"<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org"><e3 xmlns="" id="E3" xml:space="preserve"></e3></e1>"#
    );
}

/// Canonical XML 1.1 §3.8: `xml:id` is not inherited, `xml:base` is fixed up by joining the
/// omitted ancestors' values (`bar/` + `foo`), `xml:space` is inherited.
#[test]
fn spec_11_3_8_xml_base_and_xml_id() {
    let doc = parse(SPEC_11_3_8);
    assert_eq!(
        c14n(&doc, &spec_3_7_node_set(&doc), &C14N11),
        r#"<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else"><e3 xmlns="" id="E3" xml:base="bar/foo" xml:space="preserve"></e3></e1>"#
    );
    // Canonical XML 1.0 inherits every xml:* attribute, xml:id included, and does not join
    // xml:base values (the reason 1.1 exists).
    assert_eq!(
        c14n(&doc, &spec_3_7_node_set(&doc), &C14N),
        r#"<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else"><e3 xmlns="" id="E3" xml:base="foo" xml:id="abc" xml:space="preserve"></e3></e1>"#
    );
}

/// The same rules on a plain subtree (what a `#id` reference selects).
#[test]
fn subtree_inherits_xml_attributes_per_method() {
    let doc = parse(SPEC_11_3_8);
    let e3 = NodeSubset::subtree(doc.find_by_id("E3").unwrap().unwrap());
    assert_eq!(
        c14n(&doc, &e3, &C14N11),
        r#"<e3 xmlns:w3c="http://www.w3.org" id="E3" xml:base="something/bar/foo" xml:space="preserve"></e3>"#
    );
    assert_eq!(
        c14n(&doc, &e3, &C14N),
        r#"<e3 xmlns:w3c="http://www.w3.org" id="E3" xml:base="foo" xml:id="abc" xml:space="preserve"></e3>"#
    );
    assert_eq!(
        c14n(&doc, &e3, &exc(&[])),
        r#"<e3 id="E3" xml:base="foo"></e3>"#
    );
    // xml:base fix-up with only ancestors' values, and absolute bases.
    let doc =
        parse(r#"<a xml:base="http://example.org/dir/sub/"><b xml:base="../other/"><c/></b></a>"#);
    let c = NodeSubset::subtree(element(&doc, "c"));
    assert_eq!(
        c14n(&doc, &c, &C14N11),
        r#"<c xml:base="http://example.org/dir/other/"></c>"#
    );
    assert_eq!(c14n(&doc, &c, &C14N), r#"<c xml:base="../other/"></c>"#);
}

/// Exclusive XML Canonicalization 1.0 §2.2: the two documents whose `n1:elem2` subtrees
/// differ under inclusive canonicalization and agree under exclusive canonicalization.
#[test]
fn exc_c14n_2_2_example() {
    let first = parse(
        r#"<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org">
   <n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
      <n3:stuff xmlns:n3="ftp://example.org"/>
   </n1:elem2>
</n0:local>"#,
    );
    let second = parse(
        r#"<n2:pdu xmlns:n1="http://example.com"
        xmlns:n2="http://foo.example"
        xml:lang="fr"
        xml:space="retain">
   <n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
      <n3:stuff xmlns:n3="ftp://example.org"/>
   </n1:elem2>
</n2:pdu>"#,
    );
    let sub = |doc: &Document| NodeSubset::subtree(element(doc, "elem2"));
    assert_eq!(
        c14n(&first, &sub(&first), &C14N),
        "<n1:elem2 xmlns:n0=\"foo:bar\" xmlns:n1=\"http://example.net\" xmlns:n3=\"ftp://example.org\" xml:lang=\"en\">\n      <n3:stuff></n3:stuff>\n   </n1:elem2>"
    );
    assert_eq!(
        c14n(&second, &sub(&second), &C14N),
        "<n1:elem2 xmlns:n1=\"http://example.net\" xmlns:n2=\"http://foo.example\" xml:lang=\"en\" xml:space=\"retain\">\n      <n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff>\n   </n1:elem2>"
    );
    let exclusive = "<n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\">\n      <n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff>\n   </n1:elem2>";
    assert_eq!(c14n(&first, &sub(&first), &exc(&[])), exclusive);
    assert_eq!(c14n(&second, &sub(&second), &exc(&[])), exclusive);
    // InclusiveNamespaces PrefixList: listed prefixes are rendered as in Canonical XML.
    assert_eq!(
        c14n(&second, &sub(&second), &exc(&["n2"])),
        "<n1:elem2 xmlns:n1=\"http://example.net\" xmlns:n2=\"http://foo.example\" xml:lang=\"en\">\n      <n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff>\n   </n1:elem2>"
    );
    assert_eq!(
        c14n(&first, &sub(&first), &exc(&["n0", "n3", "absent"])),
        "<n1:elem2 xmlns:n0=\"foo:bar\" xmlns:n1=\"http://example.net\" xmlns:n3=\"ftp://example.org\" xml:lang=\"en\">\n      <n3:stuff></n3:stuff>\n   </n1:elem2>"
    );
}

/// Exclusive canonicalization and the default namespace: `#default` in the prefix list,
/// `xmlns=""` only where an unprefixed element needs it.
#[test]
fn exc_c14n_default_namespace() {
    let doc =
        parse(r#"<r xmlns="urn:d" xmlns:p="urn:p"><p:a><b xmlns=""><c/></b><p:d/></p:a></r>"#);
    let a = NodeSubset::subtree(element(&doc, "a"));
    assert_eq!(
        c14n(&doc, &a, &exc(&[])),
        r#"<p:a xmlns:p="urn:p"><b><c></c></b><p:d></p:d></p:a>"#
    );
    assert_eq!(
        c14n(&doc, &a, &exc(&["#default"])),
        r#"<p:a xmlns="urn:d" xmlns:p="urn:p"><b xmlns=""><c></c></b><p:d></p:d></p:a>"#
    );
    assert_eq!(
        c14n(&doc, &a, &C14N),
        r#"<p:a xmlns="urn:d" xmlns:p="urn:p"><b xmlns=""><c></c></b><p:d></p:d></p:a>"#
    );
    let whole_doc = c14n(&doc, &NodeSubset::document(), &exc(&[]));
    assert_eq!(
        whole_doc,
        r#"<r xmlns="urn:d"><p:a xmlns:p="urn:p"><b xmlns=""><c></c></b><p:d></p:d></p:a></r>"#
    );
    // Prefixed attributes make their prefix visibly utilized.
    let doc = parse(r#"<r xmlns:q="urn:q" xmlns:z="urn:z"><e q:x="1"/></r>"#);
    assert_eq!(
        c14n(&doc, &NodeSubset::subtree(element(&doc, "e")), &exc(&[])),
        r#"<e xmlns:q="urn:q" q:x="1"></e>"#
    );
}

/// Enveloped-signature transform and XPath Filter 2.0 subtract: excluded subtrees vanish,
/// the rest is untouched; `#id` drops comments, `#xpointer(id(...))` keeps them.
#[test]
fn exclusions_and_reference_forms() {
    let doc = parse(
        r#"<doc Id="d"><!--c--><data>1</data><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s1"><x/></ds:Signature><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s2"/></doc>"#,
    );
    let s1 = doc.find_by_id("s1").unwrap().unwrap();
    let s2 = doc.find_by_id("s2").unwrap().unwrap();
    let subset = NodeSubset::from_same_document_reference(&doc, "")
        .unwrap()
        .excluding(s1);
    assert_eq!(
        c14n(&doc, &subset, &C14N_COMMENTS),
        r#"<doc Id="d"><data>1</data><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s2"></ds:Signature></doc>"#
    );
    let subset = NodeSubset::document().excluding(s2).excluding(s1);
    assert_eq!(
        c14n(&doc, &subset, &C14N_COMMENTS),
        r#"<doc Id="d"><!--c--><data>1</data></doc>"#
    );
    let by_id = NodeSubset::from_same_document_reference(&doc, "#d").unwrap();
    let by_xpointer = NodeSubset::from_same_document_reference(&doc, "#xpointer(id('d'))").unwrap();
    assert!(!c14n(&doc, &by_id, &C14N_COMMENTS).contains("<!--c-->"));
    assert!(c14n(&doc, &by_xpointer, &C14N_COMMENTS).contains("<!--c-->"));
    // Excluding the apex (or an ancestor of it) leaves nothing.
    let sig = NodeSubset::subtree(s1).excluding(doc.document_element());
    assert_eq!(c14n(&doc, &sig, &C14N), "");
    // A document-level comment after an excluded document element keeps its line feed.
    let doc = parse("<!--a--><r/><!--b-->");
    let subset = NodeSubset::document().excluding(doc.document_element());
    assert_eq!(c14n(&doc, &subset, &C14N_COMMENTS), "<!--a-->\n\n<!--b-->");
}

#[test]
fn reference_errors() {
    let doc = parse(r#"<r><a Id="x"/><b ID="x"/><c id="y"/></r>"#);
    assert!(matches!(
        NodeSubset::from_same_document_reference(&doc, "#x"),
        Err(ades_xml::C14nError::Xml(XmlError::DuplicateId { .. }))
    ));
    assert!(matches!(
        NodeSubset::from_same_document_reference(&doc, "#nope"),
        Err(ades_xml::C14nError::IdNotFound(_))
    ));
    for uri in ["other.xml", "#xpointer(//a)", "#", "#xpointer(id(x))"] {
        assert!(matches!(
            NodeSubset::from_same_document_reference(&doc, uri),
            Err(ades_xml::C14nError::UnsupportedReference(_))
        ));
    }
    assert!(NodeSubset::from_same_document_reference(&doc, "#xpointer(id(\"y\"))").is_ok());
}

#[test]
fn relative_namespace_uris_are_refused() {
    let doc = parse(r#"<a xmlns="relative/ns"><b/></a>"#);
    for method in [C14N, exc(&[]), C14N11] {
        assert!(matches!(
            canonicalize_to_vec(&doc, &NodeSubset::document(), &method),
            Err(ades_xml::C14nError::RelativeNamespaceUri { .. })
        ));
    }
    // Absolute URIs of any scheme are fine, and so is an empty default namespace.
    let doc = parse(r#"<a xmlns="urn:x" xmlns:p="http://p"><b xmlns=""/></a>"#);
    assert!(canonicalize_to_vec(&doc, &NodeSubset::document(), &C14N).is_ok());
}

#[test]
fn streaming_output_matches_vector_output() {
    let mut xml = String::from("<r xmlns=\"urn:r\">");
    for i in 0..20_000 {
        xml.push_str(&format!("<e i=\"{i}\" t=\"a&amp;b\">x&lt;y\r\n</e>"));
    }
    xml.push_str("</r>");
    let doc = parse(&xml);
    let method = exc(&[]);
    let expected = canonicalize_to_vec(&doc, &NodeSubset::document(), &method).unwrap();
    struct Chunky(Vec<u8>, usize);
    impl std::io::Write for Chunky {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.1 += 1;
            let n = buf.len().min(1000);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Chunky(Vec::new(), 0);
    ades_xml::canonicalize(&doc, &NodeSubset::document(), &method, &mut sink).unwrap();
    assert_eq!(sink.0, expected);
    assert!(expected.len() > 500_000);
}
