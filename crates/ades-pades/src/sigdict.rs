//! Signature fields and signature dictionaries (ISO 32000-1 §12.7.4.5, §12.8.1; PAdES
//! EN 319 142-1 §5.3, §5.4): finding them in a revision and reading their entries without
//! trusting any of them.
//!
//! A signature is found two ways: through the interactive form (`/AcroForm /Fields`, with
//! `/Kids` and the inherited `/FT /Sig`), and by scanning every object of the revision for a
//! dictionary that looks like a signature (`/Type /Sig` or `/DocTimeStamp`, or `/ByteRange`
//! with `/Contents`). A dictionary found only by the scan is an *undeclared* signature: a
//! viewer does not show it, so the validator reports it.

use std::collections::{BTreeSet, HashSet};

use ades_core::time::OffsetDateTime;

use ades_pdf::Result;
use ades_pdf::{Dictionary, Name, ObjRef, Object, PdfString};
use ades_pdf::{IndirectObject, ObjectLocation, PdfFile};

use ades_pdf::parse_pdf_date;

/// Most fields visited in one form (with their kids): bounds hostile forms.
const MAX_FIELDS: usize = 100_000;
/// Deepest `/Kids` nesting followed.
const MAX_FIELD_DEPTH: usize = 32;

/// What a signature dictionary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureKind {
    /// A signature (`/Type /Sig`, or no `/Type`).
    Signature,
    /// A document time-stamp (`/Type /DocTimeStamp`, `/SubFilter /ETSI.RFC3161`).
    DocTimeStamp,
}

/// A signature (or document time-stamp) found in a revision.
#[derive(Debug, Clone)]
pub struct FoundSignature {
    /// The fully qualified name of its field (`Signature1`, `parent.child`), or
    /// `undeclared-N` for a signature dictionary no field refers to.
    pub field_name: String,
    /// The field (or merged field and widget) whose `/V` is the signature, if declared.
    pub field: Option<ObjRef>,
    /// The signature dictionary, when it is an indirect object (it must be: its `/Contents`
    /// has to be outside the signed bytes).
    pub value: Option<ObjRef>,
    /// The signature dictionary.
    pub dict: Dictionary,
}

impl FoundSignature {
    /// Whether the dictionary is a document time-stamp.
    pub fn kind(&self) -> SignatureKind {
        let doc_ts = self
            .dict
            .get_name("Type")
            .is_some_and(|n| n.is("DocTimeStamp"))
            || self
                .dict
                .get_name("SubFilter")
                .is_some_and(|n| n.is("ETSI.RFC3161"));
        if doc_ts {
            SignatureKind::DocTimeStamp
        } else {
            SignatureKind::Signature
        }
    }

    /// `/SubFilter` as text.
    pub fn sub_filter(&self) -> Option<String> {
        self.dict.get_name("SubFilter").map(name_text)
    }

    /// `/ByteRange` as integers, if it is an array of integers.
    pub fn byte_range(&self) -> Option<Vec<i64>> {
        self.dict
            .get_array("ByteRange")?
            .iter()
            .map(Object::as_i64)
            .collect()
    }

    /// `/Contents` if it is a string (the CMS or the time-stamp token, zero-padded).
    pub fn contents(&self) -> Option<&PdfString> {
        self.dict.get("Contents").and_then(Object::as_string)
    }

    /// `/M`, the signing time the signer claims (policy Annex I: the PAdES signing time).
    pub fn signing_time(&self) -> Option<OffsetDateTime> {
        self.dict
            .get("M")
            .and_then(Object::as_string)
            .and_then(|s| parse_pdf_date(s.as_bytes()))
    }

    /// A text entry (`/Name`, `/Location`, `/Reason`, `/ContactInfo`) decoded for display.
    pub fn text(&self, key: &str) -> Option<String> {
        self.dict
            .get(key)
            .and_then(Object::as_string)
            .map(|s| text_string(s.as_bytes()))
    }
}

/// A PDF text string (§7.9.2.2) for display: UTF-16BE with its byte order mark, UTF-8 with
/// its mark, otherwise one character per byte (PDFDocEncoding's ASCII range is exact; the
/// rest is shown as Latin-1, close enough for a report).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// A PDF text string for a Rust string: PDFDocEncoding when it is ASCII, UTF-16BE with a byte
/// order mark otherwise.
pub(crate) fn encode_text_string(text: &str) -> PdfString {
    if text.is_ascii() {
        PdfString::literal(text.as_bytes().to_vec())
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        PdfString::hex(bytes)
    }
}

pub(crate) fn name_text(name: &Name) -> String {
    String::from_utf8_lossy(name.as_bytes()).into_owned()
}

/// Every signature field of the form as of revision `rev` with a signature dictionary as
/// its value, then every undeclared signature dictionary of that revision.
pub fn find_signatures(pdf: &PdfFile, rev: usize) -> Result<Vec<FoundSignature>> {
    let mut found = Vec::new();
    for field in form_fields(pdf, rev)? {
        if !field.is_signature {
            continue;
        }
        let (value, dict) = match field.dict.get("V") {
            Some(Object::Reference(r)) => match pdf.resolve_at(rev, &Object::Reference(*r))? {
                Object::Dictionary(d) => (Some(*r), d),
                _ => continue,
            },
            Some(Object::Dictionary(d)) => (None, d.clone()),
            _ => continue,
        };
        found.push(FoundSignature {
            field_name: field.name,
            field: Some(field.id),
            value,
            dict,
        });
    }
    let declared: HashSet<ObjRef> = found.iter().filter_map(|f| f.value).collect();
    let mut undeclared = 0;
    for num in pdf.object_numbers_at(rev) {
        let Some(id) = current_id(pdf, rev, num) else {
            continue;
        };
        if declared.contains(&id) {
            continue;
        }
        // A dictionary inside an object stream cannot be a signature (its /Contents would be
        // signed too): stale copies left by a full rewrite are not reported.
        let Ok(IndirectObject {
            object: Object::Dictionary(dict),
            location: ObjectLocation::File { .. },
            ..
        }) = pdf.get_indirect_shallow_at(rev, id)
        else {
            continue;
        };
        if looks_like_signature(&dict) {
            undeclared += 1;
            found.push(FoundSignature {
                field_name: format!("undeclared-{undeclared}"),
                field: None,
                value: Some(id),
                dict,
            });
        }
    }
    Ok(found)
}

/// The identity (with its generation) of object `num` as of `rev`.
pub(crate) fn current_id(pdf: &PdfFile, rev: usize, num: u32) -> Option<ObjRef> {
    pdf.generation_at(rev, num).map(|g| ObjRef::new(num, g))
}

fn looks_like_signature(dict: &Dictionary) -> bool {
    let typed = dict
        .get_name("Type")
        .is_some_and(|n| n.is("Sig") || n.is("DocTimeStamp"));
    (typed || dict.contains_key("ByteRange")) && dict.contains_key("Contents")
}

/// One terminal field of the form.
#[derive(Debug, Clone)]
pub(crate) struct FormField {
    pub(crate) id: ObjRef,
    pub(crate) name: String,
    pub(crate) is_signature: bool,
    pub(crate) dict: Dictionary,
}

/// The terminal fields of the interactive form as of `rev`, depth first, with their fully
/// qualified names and the inherited field type. A form without `/AcroForm` has none.
pub(crate) fn form_fields(pdf: &PdfFile, rev: usize) -> Result<Vec<FormField>> {
    let catalog = pdf.catalog_at(rev)?;
    let Some(acroform) = catalog.get("AcroForm") else {
        return Ok(Vec::new());
    };
    let Object::Dictionary(acroform) = pdf.resolve_at(rev, acroform)? else {
        return Ok(Vec::new());
    };
    let Some(fields) = acroform.get("Fields") else {
        return Ok(Vec::new());
    };
    let Object::Array(fields) = pdf.resolve_at(rev, fields)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(Object, String, bool, usize)> = fields
        .into_iter()
        .rev()
        .map(|f| (f, String::new(), false, 0))
        .collect();
    while let Some((obj, parent_name, parent_sig, depth)) = stack.pop() {
        let Object::Reference(id) = obj else { continue };
        if !seen.insert(id) || seen.len() > MAX_FIELDS || depth > MAX_FIELD_DEPTH {
            continue;
        }
        let Ok(Object::Dictionary(dict)) = pdf.resolve_at(rev, &Object::Reference(id)) else {
            continue;
        };
        let partial = dict
            .get("T")
            .and_then(Object::as_string)
            .map(|s| text_string(s.as_bytes()));
        let name = match (parent_name.is_empty(), partial) {
            (_, None) => parent_name.clone(),
            (true, Some(p)) => p,
            (false, Some(p)) => format!("{parent_name}.{p}"),
        };
        let is_signature = match dict.get_name("FT") {
            Some(ft) => ft.is("Sig"),
            None => parent_sig,
        };
        let kids = match dict.get("Kids") {
            Some(k) => match pdf.resolve_at(rev, k) {
                Ok(Object::Array(a)) => a,
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        // Kids without /T are widgets of this field, not fields.
        let field_kids: Vec<Object> = kids
            .into_iter()
            .filter(|k| match k {
                Object::Reference(r) => matches!(
                    pdf.resolve_at(rev, &Object::Reference(*r)),
                    Ok(Object::Dictionary(d)) if d.contains_key("T")
                ),
                _ => false,
            })
            .collect();
        if field_kids.is_empty() {
            out.push(FormField {
                id,
                name,
                is_signature,
                dict,
            });
        } else {
            for kid in field_kids.into_iter().rev() {
                stack.push((kid, name.clone(), is_signature, depth + 1));
            }
        }
    }
    Ok(out)
}

/// Field names in use (fully qualified), to name a new field uniquely.
pub(crate) fn field_names(pdf: &PdfFile, rev: usize) -> Result<HashSet<String>> {
    Ok(form_fields(pdf, rev)?.into_iter().map(|f| f.name).collect())
}
