//! Dynamic content before signing (policy §3.1.1, §3.6.5 and Annex II): a signer must not
//! sign a document whose rendering can change or that runs code — JavaScript, launch actions,
//! data import and form submission, embedded files, XFA forms, rich media.
//!
//! The scan is deliberately wider than what a viewer would reach: every object in use in the
//! latest revision is inspected (each dictionary nested in it too), so an action hidden in an
//! object that a later change could make reachable is reported as well. Streams are read as
//! their dictionaries only.

use std::fmt;

use crate::sigdict::current_id;
use ades_pdf::PdfFile;
use ades_pdf::Result;
use ades_pdf::{Dictionary, Object};

/// Deepest nesting of direct dictionaries and arrays inspected inside one object.
const MAX_DEPTH: usize = 64;

/// A kind of dynamic content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DynamicKind {
    /// JavaScript: a `/S /JavaScript` action, a `/JS` entry, or the document's JavaScript
    /// name tree.
    JavaScript,
    /// A launch action (runs a program or opens a file).
    Launch,
    /// An import-data action (fills the form from a file).
    ImportData,
    /// A submit-form action (sends the form somewhere).
    SubmitForm,
    /// A reset-form action: it changes what the form shows.
    ResetForm,
    /// An embedded file (`/EmbeddedFiles` name tree, file specification with `/EF`, file
    /// attachment annotation, `GoToE` action).
    EmbeddedFile,
    /// An XFA form (`/XFA` in the interactive form): its rendering is computed by the viewer.
    Xfa,
    /// Rich media, rendition, movie or sound content that can run code or play media.
    Multimedia,
    /// An object that could not be read, so could not be checked.
    Unreadable,
}

impl DynamicKind {
    /// Whether this kind makes signing refuse (unless explicitly allowed). A reset-form
    /// action and unreadable objects are reported without refusing.
    pub fn refuses_signing(self) -> bool {
        !matches!(self, DynamicKind::ResetForm | DynamicKind::Unreadable)
    }
}

impl fmt::Display for DynamicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DynamicKind::JavaScript => "JavaScript",
            DynamicKind::Launch => "launch action",
            DynamicKind::ImportData => "import-data action",
            DynamicKind::SubmitForm => "submit-form action",
            DynamicKind::ResetForm => "reset-form action",
            DynamicKind::EmbeddedFile => "embedded file",
            DynamicKind::Xfa => "XFA form",
            DynamicKind::Multimedia => "rich media / multimedia",
            DynamicKind::Unreadable => "unreadable object",
        })
    }
}

/// One piece of dynamic content and where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DynamicFinding {
    /// What it is.
    pub kind: DynamicKind,
    /// Where: the object and the key path (`object 4 0 /OpenAction`).
    pub location: String,
}

impl fmt::Display for DynamicFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.kind, self.location)
    }
}

/// Every piece of dynamic content in the latest revision of `pdf`, sorted by kind.
///
/// # Errors
/// Only when the catalog cannot be read: the file is not a usable PDF.
pub fn scan_dynamic_content(pdf: &PdfFile) -> Result<Vec<DynamicFinding>> {
    let rev = pdf.latest_revision();
    pdf.catalog_at(rev)?;
    let mut findings = Vec::new();
    for num in pdf.object_numbers_at(rev) {
        let Some(id) = current_id(pdf, rev, num) else {
            continue;
        };
        let where_ = format!("object {} {}", id.num, id.generation);
        match pdf.get_shallow_at(rev, id) {
            Ok(object) => inspect(&object, &where_, 0, &mut findings),
            Err(e) => findings.push(DynamicFinding {
                kind: DynamicKind::Unreadable,
                location: format!("{where_}: {e}"),
            }),
        }
    }
    // A trailer can carry a catalog-like dictionary inline in broken files; the catalog
    // itself may be a direct object of the trailer.
    if let Some(root @ Object::Dictionary(_)) = pdf.trailer().get("Root") {
        inspect(root, "trailer /Root", 0, &mut findings);
    }
    findings.sort();
    findings.dedup();
    Ok(findings)
}

fn inspect(object: &Object, path: &str, depth: usize, out: &mut Vec<DynamicFinding>) {
    if depth > MAX_DEPTH {
        return;
    }
    match object {
        Object::Dictionary(d) => inspect_dict(d, path, depth, out),
        Object::Stream(s) => inspect_dict(&s.dict, path, depth, out),
        Object::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                inspect(item, &format!("{path}[{i}]"), depth + 1, out);
            }
        }
        _ => {}
    }
}

fn inspect_dict(d: &Dictionary, path: &str, depth: usize, out: &mut Vec<DynamicFinding>) {
    let mut found = |kind: DynamicKind, what: &str| {
        out.push(DynamicFinding {
            kind,
            location: if what.is_empty() {
                path.to_owned()
            } else {
                format!("{path} {what}")
            },
        });
    };
    if let Some(s) = d.get_name("S") {
        let kind = match s.as_bytes() {
            b"JavaScript" => Some(DynamicKind::JavaScript),
            b"Launch" => Some(DynamicKind::Launch),
            b"ImportData" => Some(DynamicKind::ImportData),
            b"SubmitForm" => Some(DynamicKind::SubmitForm),
            b"ResetForm" => Some(DynamicKind::ResetForm),
            b"GoToE" => Some(DynamicKind::EmbeddedFile),
            b"Rendition" | b"Movie" | b"Sound" | b"RichMediaExecute" => {
                Some(DynamicKind::Multimedia)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            found(
                kind,
                &format!("/S /{}", String::from_utf8_lossy(s.as_bytes())),
            );
        }
    }
    if d.contains_key("JS") {
        found(DynamicKind::JavaScript, "/JS");
    }
    if d.contains_key("JavaScript") {
        found(DynamicKind::JavaScript, "/JavaScript name tree");
    }
    if d.contains_key("EmbeddedFiles") {
        found(DynamicKind::EmbeddedFile, "/EmbeddedFiles name tree");
    }
    if d.contains_key("EF") {
        found(DynamicKind::EmbeddedFile, "/EF file specification");
    }
    if d.get_name("Type").is_some_and(|t| t.is("EmbeddedFile")) {
        found(DynamicKind::EmbeddedFile, "/Type /EmbeddedFile");
    }
    if d.contains_key("XFA") {
        found(DynamicKind::Xfa, "/XFA");
    }
    if let Some(sub) = d.get_name("Subtype") {
        match sub.as_bytes() {
            b"FileAttachment" => found(DynamicKind::EmbeddedFile, "/Subtype /FileAttachment"),
            b"RichMedia" | b"Movie" | b"Sound" | b"Screen" => found(
                DynamicKind::Multimedia,
                &format!("/Subtype /{}", String::from_utf8_lossy(sub.as_bytes())),
            ),
            _ => {}
        }
    }
    for (key, value) in d.iter() {
        if matches!(value, Object::Dictionary(_) | Object::Array(_)) {
            let key = String::from_utf8_lossy(key.as_bytes());
            inspect(value, &format!("{path} /{key}"), depth + 1, out);
        }
    }
}

/// The findings that make signing refuse.
pub(crate) fn refusing(findings: &[DynamicFinding]) -> Vec<&DynamicFinding> {
    findings
        .iter()
        .filter(|f| f.kind.refuses_signing())
        .collect()
}
