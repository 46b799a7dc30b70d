//! The revision a signature or document time-stamp adds (ISO 32000-1 §12.7.4.5, §12.8;
//! EN 319 142-1 §5.3): the signature dictionary with its `/ByteRange` and `/Contents`
//! placeholders, a signature field merged with its widget annotation, the page's `/Annots`
//! and the interactive form (`/AcroForm /Fields`, `/SigFlags 3`).
//!
//! Only what must change is replaced: an indirect `/Annots` or `/Fields` array is rewritten
//! instead of its page or form, the catalog only when the form is new or direct. The
//! original bytes are never touched.

use std::ops::Range;

use crate::appearance::{Appearance, appearance_stream};
use crate::pades_error::PadesError;
use crate::sigdict::{encode_text_string, field_names};
use ades_pdf::PdfError;
use ades_pdf::PdfFile;
use ades_pdf::{Dictionary, ObjRef, Object};
use ades_pdf::{IncrementalUpdate, fill_byte_range};

/// What goes into the new revision.
#[derive(Debug, Clone)]
pub(crate) struct FieldSpec {
    /// The field name, or `None` for the first free `Signature<n>`.
    pub(crate) field_name: Option<String>,
    /// Where the widget shows.
    pub(crate) appearance: Appearance,
    /// The signature dictionary's entries other than `/ByteRange` and `/Contents`.
    pub(crate) entries: Vec<(&'static str, Object)>,
}

/// The written revision: its bytes with `/ByteRange` filled and `/Contents` still zeros.
#[derive(Debug, Clone)]
pub(crate) struct SignatureLayout {
    pub(crate) appended: Vec<u8>,
    /// Length of the original file (where `appended` starts).
    pub(crate) base: usize,
    /// Absolute range of the `/Contents` hex string, `<` and `>` included.
    pub(crate) contents: Range<usize>,
    pub(crate) byte_range: [usize; 4],
    pub(crate) field_name: String,
    /// Bytes reserved for the DER in `/Contents`.
    pub(crate) reserved: usize,
}

impl SignatureLayout {
    /// The two signed pieces of the appended bytes: before and after `/Contents`.
    pub(crate) fn signed_parts(&self) -> (&[u8], &[u8]) {
        let start = self.contents.start - self.base;
        let end = self.contents.end - self.base;
        (
            self.appended.get(..start).unwrap_or_default(),
            self.appended.get(end..).unwrap_or_default(),
        )
    }

    /// Writes `der` into `/Contents`.
    pub(crate) fn fill_contents(&mut self, der: &[u8]) -> Result<(), PadesError> {
        if der.len() > self.reserved {
            return Err(PadesError::ContentsTooSmall {
                needed: der.len(),
                reserved: self.reserved,
            });
        }
        let range = self.contents.start - self.base..self.contents.end - self.base;
        ades_pdf::fill_hex_string(&mut self.appended, range, der)?;
        Ok(())
    }
}

/// Builds the revision for `spec` on `pdf`, reserving `reserve` bytes for the DER.
pub(crate) fn build(
    pdf: &PdfFile,
    spec: &FieldSpec,
    reserve: usize,
) -> Result<SignatureLayout, PadesError> {
    if pdf.is_encrypted() {
        return Err(PadesError::Encrypted);
    }
    let rev = pdf.latest_revision();
    let mut update = IncrementalUpdate::new(pdf)?;
    let root = pdf.root_at(rev)?;
    let catalog = pdf.catalog_at(rev)?;
    let pages = pdf.pages_at(rev)?;
    let page_number = match &spec.appearance {
        Appearance::Invisible => 1,
        Appearance::Visible { page, .. } => *page,
    };
    let page_ref = match pages.get(page_number.wrapping_sub(1)) {
        Some(p) => *p,
        None if pages.is_empty() => return Err(PadesError::NoPages),
        None => {
            return Err(PadesError::NoSuchPage {
                page: page_number,
                pages: pages.len(),
            });
        }
    };

    let names = field_names(pdf, rev)?;
    let field_name = match &spec.field_name {
        Some(name) if name.is_empty() || name.contains('.') => {
            return Err(PadesError::InvalidOption(format!(
                "field name {name:?}: must be non-empty and without '.'"
            )));
        }
        Some(name) if names.contains(name) => return Err(PadesError::FieldExists(name.clone())),
        Some(name) => name.clone(),
        None => (1..)
            .map(|n| format!("Signature{n}"))
            .find(|n| !names.contains(n))
            .unwrap_or_else(|| "Signature".to_owned()),
    };

    // The signature dictionary.
    let byte_range = update.reserve_byte_range();
    let contents = update.reserve_contents(reserve);
    let mut sig = Dictionary::new();
    for (key, value) in &spec.entries {
        sig.insert(*key, value.clone());
    }
    sig.insert("ByteRange", byte_range);
    sig.insert("Contents", contents);
    let sig_ref = update.add(sig.into())?;

    // The field merged with its widget annotation.
    let mut widget = Dictionary::new();
    widget.insert("Type", Object::name("Annot"));
    widget.insert("Subtype", Object::name("Widget"));
    widget.insert("FT", Object::name("Sig"));
    widget.insert("T", encode_text_string(&field_name));
    widget.insert("V", sig_ref);
    // Print (4) and Locked (128): ISO 32000-1 Table 165.
    widget.insert("F", Object::Integer(132));
    widget.insert("P", page_ref);
    match &spec.appearance {
        Appearance::Invisible => {
            widget.insert("Rect", rect_object([0.0; 4]));
        }
        Appearance::Visible { rect, lines, .. } => {
            let [x, y, w, h] = *rect;
            if !(w > 0.0
                && h > 0.0
                && x.is_finite()
                && y.is_finite()
                && w.is_finite()
                && h.is_finite())
            {
                return Err(PadesError::InvalidOption(format!(
                    "visible rectangle {rect:?}: width and height must be positive"
                )));
            }
            let ap = update.add(Object::Stream(appearance_stream(w, h, lines)))?;
            let mut ap_dict = Dictionary::new();
            ap_dict.insert("N", ap);
            widget.insert("Rect", rect_object([x, y, x + w, y + h]));
            widget.insert("AP", Object::Dictionary(ap_dict));
        }
    }
    let widget_ref = update.add(widget.into())?;

    add_to_annots(pdf, rev, &mut update, page_ref, widget_ref)?;
    add_to_form(pdf, rev, &mut update, root, catalog, widget_ref)?;

    let appended = update.finish()?;
    let contents_range = appended.range_of(contents)?;
    let byte_range_span = appended.range_of(byte_range)?;
    let ranges = appended.byte_range_for(contents)?;
    let base = appended.base_offset();
    let mut bytes = appended.into_bytes();
    fill_byte_range(
        &mut bytes,
        byte_range_span.start - base..byte_range_span.end - base,
        ranges,
    )?;
    Ok(SignatureLayout {
        appended: bytes,
        base,
        contents: contents_range,
        byte_range: ranges,
        field_name,
        reserved: reserve,
    })
}

fn rect_object(r: [f64; 4]) -> Object {
    Object::Array(
        r.iter()
            .map(|v| {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    Object::Integer(*v as i64)
                } else {
                    Object::Real(*v)
                }
            })
            .collect(),
    )
}

/// Adds the widget to the page's `/Annots` (rewriting an indirect array, or the page).
fn add_to_annots(
    pdf: &PdfFile,
    rev: usize,
    update: &mut IncrementalUpdate<'_>,
    page_ref: ObjRef,
    widget: ObjRef,
) -> Result<(), PadesError> {
    let Object::Dictionary(mut page) = pdf.get_shallow_at(rev, page_ref)? else {
        return Err(PdfError::Missing {
            what: "page dictionary",
        }
        .into());
    };
    match page.get("Annots").cloned() {
        Some(Object::Reference(r)) => match pdf.resolve_shallow_at(rev, &Object::Reference(r))? {
            Object::Array(mut annots) => {
                annots.push(widget.into());
                update.replace(r, Object::Array(annots))?;
                return Ok(());
            }
            _ => {
                page.insert("Annots", Object::Array(vec![widget.into()]));
            }
        },
        Some(Object::Array(mut annots)) => {
            annots.push(widget.into());
            page.insert("Annots", Object::Array(annots));
        }
        _ => page.insert("Annots", Object::Array(vec![widget.into()])),
    }
    update.replace(page_ref, Object::Dictionary(page))?;
    Ok(())
}

/// Adds the field to `/AcroForm /Fields` and sets `/SigFlags 3` (SignaturesExist,
/// AppendOnly), creating the form if there is none.
fn add_to_form(
    pdf: &PdfFile,
    rev: usize,
    update: &mut IncrementalUpdate<'_>,
    root: ObjRef,
    mut catalog: Dictionary,
    field: ObjRef,
) -> Result<(), PadesError> {
    let (form_ref, form) = match catalog.get("AcroForm").cloned() {
        Some(Object::Reference(r)) => match pdf.resolve_shallow_at(rev, &Object::Reference(r))? {
            Object::Dictionary(d) => (Some(r), d),
            _ => (None, Dictionary::new()),
        },
        Some(Object::Dictionary(d)) => (None, d),
        _ => (None, Dictionary::new()),
    };
    let mut form = form;
    let mut form_changed = form.get_i64("SigFlags") != Some(3);
    form.insert("SigFlags", Object::Integer(3));
    match form.get("Fields").cloned() {
        Some(Object::Reference(r)) => match pdf.resolve_shallow_at(rev, &Object::Reference(r))? {
            Object::Array(mut fields) => {
                fields.push(field.into());
                update.replace(r, Object::Array(fields))?;
            }
            _ => {
                form.insert("Fields", Object::Array(vec![field.into()]));
                form_changed = true;
            }
        },
        Some(Object::Array(mut fields)) => {
            fields.push(field.into());
            form.insert("Fields", Object::Array(fields));
            form_changed = true;
        }
        _ => {
            form.insert("Fields", Object::Array(vec![field.into()]));
            form_changed = true;
        }
    }
    match form_ref {
        Some(r) => {
            if form_changed {
                update.replace(r, Object::Dictionary(form))?;
            }
        }
        None => {
            let r = update.add(Object::Dictionary(form))?;
            catalog.insert("AcroForm", r);
            update.replace(root, Object::Dictionary(catalog))?;
        }
    }
    Ok(())
}
