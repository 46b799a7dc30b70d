//! How a document is read for validation: pruned (its signatures kept in memory, the rest
//! read again from the input when a reference digests the whole document), unless one of
//! its references needs content the pruned model does not hold; then whole.

use ades_xml::{Document, KeptName, Limits, XmlError, transcode_to_utf8};

use crate::names::{BASE64, DS, XPATH_FILTER2};

/// The subtrees a pruned reading keeps.
const SIGNATURES: [KeptName<'static>; 1] = [KeptName {
    namespace: Some(DS),
    local_name: "Signature",
}];

/// The document, and the name of the encoding it was transcoded from, if it was.
pub(super) fn read(
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<(Document, Option<&'static str>), XmlError> {
    match Document::parse_pruned(bytes, limits, &SIGNATURES) {
        Ok(doc) => Ok((whole_if_needed(doc, limits)?, None)),
        Err(refused) => match (&refused.error, transcode_to_utf8(&refused.input)) {
            // Canonical XML is UTF-8 whatever the input's encoding: the transcoding has the
            // same digests and signatures.
            (XmlError::Encoding { .. }, Some((utf8, encoding))) => {
                drop(refused);
                let doc = Document::parse_pruned(utf8, limits, &SIGNATURES)?;
                Ok((whole_if_needed(doc, limits)?, Some(encoding)))
            }
            _ => Err(refused.error),
        },
    }
}

/// The pruned document if it answers every question validation asks, else the document
/// read whole.
fn whole_if_needed(doc: Document, limits: &Limits) -> Result<Document, XmlError> {
    if pruned_model_suffices(&doc) {
        return Ok(doc);
    }
    Document::parse(doc.source().unwrap_or_default(), limits)
}

/// Whether validating from the pruned model gives what the whole one gives: every Id
/// carried in a signature is carried nowhere else, no reference's transforms evaluate XPath
/// over the document (XPath Filter 2.0), and a base64 transform reads only an element held
/// whole (in a signature). The whole document and the subtree of an element held as a path
/// are canonicalized from the input.
fn pruned_model_suffices(doc: &Document) -> bool {
    let kept_ids_unique = (0..doc.node_count())
        .map(ades_xml::NodeId::from_index)
        .flat_map(|n| doc.attributes(n).filter(Document::is_id_attribute))
        .all(|a| !doc.is_id_dropped(a.value()));
    kept_ids_unique
        && doc
            .elements_by_name(Some(DS), "Reference")
            .all(|r| reference_fits(doc, r))
}

fn reference_fits(doc: &Document, reference: ades_xml::NodeId) -> bool {
    let algorithms: Vec<&str> = doc
        .child_elements(reference)
        .filter(|&c| doc.has_name(c, Some(DS), "Transforms"))
        .flat_map(|t| doc.child_elements(t))
        .filter_map(|t| doc.attribute(t, None, "Algorithm"))
        .collect();
    if algorithms.contains(&XPATH_FILTER2) {
        return false;
    }
    let held_whole = match doc.attribute(reference, None, "URI") {
        Some("" | "#xpointer(/)") => false,
        Some(uri) => match id_of(uri) {
            Some(id) => match doc.find_by_id(id) {
                Ok(Some(element)) => !doc.is_path_only(element),
                Ok(None) => true,
                Err(e) => return !matches!(e, XmlError::NotKept { .. }),
            },
            None => true,
        },
        None => true,
    };
    held_whole || !algorithms.contains(&BASE64)
}

/// The Id a same-document `#id` or `#xpointer(id('id'))` reference names.
fn id_of(uri: &str) -> Option<&str> {
    let fragment = uri.strip_prefix('#')?;
    match fragment
        .strip_prefix("xpointer(id(")
        .and_then(|s| s.strip_suffix("))"))
    {
        Some(quoted) => Some(quoted.trim_matches(['\'', '"'])),
        None => Some(fragment),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn reading_of(references: &str) -> bool {
        let xml = format!(
            "<r Id=\"root\"><data Id=\"d\">x</data><ds:Signature xmlns:ds=\"{DS}\" Id=\"s\"><ds:SignedInfo>{references}</ds:SignedInfo><ds:Object Id=\"o\">y</ds:Object></ds:Signature></r>"
        );
        read(xml.into_bytes(), &Limits::default())
            .unwrap()
            .0
            .is_pruned()
    }

    fn reference(uri: &str, transforms: &[&str]) -> String {
        let transforms: String = transforms
            .iter()
            .map(|t| format!("<ds:Transform Algorithm=\"{t}\"/>"))
            .collect();
        format!(
            "<ds:Reference URI=\"{uri}\"><ds:Transforms>{transforms}</ds:Transforms></ds:Reference>"
        )
    }

    #[test]
    fn pruned_when_references_need_only_signatures_and_the_stream() {
        let enveloped = reference("", &[crate::names::ENVELOPED_SIGNATURE, ades_xml::C14N_10]);
        assert!(reading_of(&enveloped));
        assert!(reading_of(&reference("#o", &[ades_xml::C14N_10])));
        assert!(reading_of(&reference("#xpointer(id('s'))", &[])));
        assert!(reading_of(&reference("file.pdf", &[])));
        assert!(reading_of(&reference("#absent", &[])));
        // The document element is held as a path: its subtree is streamed too.
        assert!(reading_of(&reference(
            "#root",
            &[crate::names::ENVELOPED_SIGNATURE]
        )));
    }

    #[test]
    fn whole_when_a_reference_needs_more() {
        // An element outside the signatures.
        assert!(!reading_of(&reference("#d", &[])));
        assert!(!reading_of(&reference("#xpointer(id('d'))", &[])));
        // Transforms that read the whole document.
        assert!(!reading_of(&reference("", &[XPATH_FILTER2])));
        assert!(!reading_of(&reference("#o", &[XPATH_FILTER2])));
        assert!(!reading_of(&reference("", &[BASE64])));
        assert!(!reading_of(&reference("#root", &[BASE64])));
    }

    #[test]
    fn whole_when_an_id_of_a_signature_is_also_carried_outside() {
        let xml = format!("<r><data Id=\"s\"/><ds:Signature xmlns:ds=\"{DS}\" Id=\"s\"/></r>");
        let (doc, _) = read(xml.into_bytes(), &Limits::default()).unwrap();
        assert!(!doc.is_pruned());
        assert!(doc.find_by_id("s").is_err());
    }
}
