//! Annotations added or changed after a signature: where they show, and whether over what
//! the page showed when signed.

use super::Permissions;
use super::roles::Roles;
use super::values::changed_keys;
use crate::ink::{Area, annotation_area, drawn_areas};
use crate::sigdict::name_text;
use ades_pdf::PdfFile;
use ades_pdf::{Dictionary, ObjRef, Object};

/// A page's annotations: the old ones kept; new ones only signature widgets (or any
/// annotation where DocMDP P = 3 permits it).
pub(super) fn judge_new_annots(
    pdf: &PdfFile,
    k: usize,
    page: ObjRef,
    old: &[Object],
    new: &[Object],
    perms: Permissions,
) -> Result<String, String> {
    if !old.iter().all(|o| new.contains(o)) {
        return Err("annotations removed from a page".into());
    }
    let mut notes = Vec::new();
    let drawn = std::cell::OnceCell::new();
    for annot in new.iter().filter(|a| !old.contains(a)) {
        let dict = pdf.resolve_at(k, annot).ok();
        let dict = dict.as_ref().and_then(Object::dict);
        let is_widget = dict.is_some_and(|d| d.get_name("Subtype").is_some_and(|s| s.is("Widget")));
        let field_type = dict.and_then(|d| {
            d.get_name("FT").cloned().or_else(|| {
                let parent = pdf.resolve_at(k, d.get("Parent")?).ok()?;
                parent.dict()?.get_name("FT").cloned()
            })
        });
        let is_sig = is_widget && field_type.as_ref().is_some_and(|t| t.is("Sig"));
        let shown = Shown::of(pdf, k, dict);
        let visible = shown != Shown::Nowhere;
        let subtype = dict
            .and_then(|d| d.get_name("Subtype"))
            .map(name_text)
            .unwrap_or_else(|| "?".into());
        let doc_timestamp = dict
            .and_then(|d| pdf.resolve_at(k, d.get("V")?).ok())
            .and_then(|v| {
                v.dict()
                    .and_then(|v| v.get_name("Type"))
                    .map(|t| t.is("DocTimeStamp"))
            })
            .unwrap_or(false);
        if is_sig && perms.level == 1 && !doc_timestamp {
            return Err(
                "a signature field added although the certification signature permits no change (DocMDP P=1)"
                    .into(),
            );
        }
        // What the page drew is measured once for all the annotations added to it.
        let drawn_before = || {
            drawn
                .get_or_init(|| drawn_areas(pdf, k - 1, page))
                .as_deref()
        };
        if is_sig && !visible {
            notes.push("invisible signature widget added".into());
        } else if is_sig && perms.certified {
            return Err(format!(
                "a visible signature widget {annot:?} added after a certification signature: it can cover certified content (sneaky signature attack)"
            ));
        } else if is_sig {
            // After an approval signature, a visible one is an appearance like any other.
            let what = "visible signature widget added";
            notes.push(judge_overlay(
                drawn_before(),
                page,
                &shown,
                what,
                APPROVAL_ANNOTATIONS,
            )?);
        } else if perms.level >= 3 || !perms.certified {
            let why = if perms.certified {
                "DocMDP P=3 permits it"
            } else {
                APPROVAL_ANNOTATIONS
            };
            let what = format!("/{subtype} annotation added");
            notes.push(judge_overlay(drawn_before(), page, &shown, &what, why)?);
        } else {
            return Err(format!(
                "a /{subtype} annotation added to a page: the certification signature (DocMDP P={}) does not permit annotations",
                perms.level
            ));
        }
    }
    Ok(notes.join(", "))
}

/// A signature field signed in place that shows where nothing showed before (hidden, or
/// a zero-size widget, then given an appearance): after a certification that is the sneaky
/// signature attack; after an approval signature it is judged like a new annotation.
pub(super) fn judge_shown_when_signed(
    pdf: &PdfFile,
    k: usize,
    roles: &Roles,
    id: ObjRef,
    (old, new): (&Dictionary, &Dictionary),
    perms: Permissions,
) -> Result<(), String> {
    let after = Shown::of(pdf, k, Some(new));
    if Shown::of(pdf, k - 1, Some(old)) != Shown::Nowhere || after == Shown::Nowhere {
        return Ok(());
    }
    if perms.certified {
        return Err(format!(
            "signature field {id} made visible when signed after a certification: it can cover certified content (sneaky signature attack)"
        ));
    }
    let pages = roles
        .annotations
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if pages.is_empty() {
        return Err(format!(
            "signature field {id} made visible when signed, on no page the signed revision lists it on"
        ));
    }
    let what = format!("signature field {id} made visible when signed");
    for &page in pages {
        let drawn = drawn_areas(pdf, k - 1, page);
        judge_overlay(drawn.as_deref(), page, &after, &what, APPROVAL_ANNOTATIONS)?;
    }
    Ok(())
}

/// Why annotations may be added after an approval signature.
const APPROVAL_ANNOTATIONS: &str =
    "an approval signature does not restrict annotations, ISO 32000-1 §12.8.2.2";

/// Annotation entries that change nothing drawn on the page: who wrote it and when, its
/// identity, its place in a thread of replies, its review state, its structure.
const NOT_DRAWN: [&str; 12] = [
    "M",
    "NM",
    "T",
    "Subj",
    "CreationDate",
    "IRT",
    "RT",
    "State",
    "StateModel",
    "Popup",
    "P",
    "StructParent",
];

/// An annotation changed in place where DocMDP P = 3 permits it: allowed when what it draws
/// is unchanged (only [`NOT_DRAWN`] entries), or when it now shows on a part of each of its
/// pages that was blank before (its own former place aside); moved or redrawn over signed
/// content it is the evil-annotation attack again.
pub(super) fn judge_changed_annotation(
    pdf: &PdfFile,
    k: usize,
    id: ObjRef,
    pages: &[ObjRef],
    (old, new): (&Dictionary, &Dictionary),
) -> Result<String, String> {
    let why = "DocMDP P=3 permits it";
    let keys = changed_keys(old, new);
    if keys.iter().all(|key| NOT_DRAWN.contains(&key.as_str())) {
        return Ok(format!(
            "annotation {id} changed: {} ({why})",
            keys.join(", ")
        ));
    }
    let before = Shown::of(pdf, k - 1, Some(old));
    let after = Shown::of(pdf, k, Some(new));
    let what = format!("annotation {id} changed ({})", keys.join(", "));
    let mut notes = Vec::new();
    for &page in pages {
        let drawn = drawn_areas(pdf, k - 1, page).map(|mut areas| {
            if let Shown::Within(own) = before
                && let Some(i) = areas.iter().position(|a| *a == own)
            {
                areas.swap_remove(i);
            }
            areas
        });
        notes.push(judge_overlay(drawn.as_deref(), page, &after, &what, why)?);
    }
    Ok(notes.join("; "))
}

/// Where an annotation shows (ISO 32000-1 §12.5), as [`annotation_area`] tells without
/// rendering it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    /// Nowhere: the Hidden flag, or a widget scaled to a zero-size `/Rect`.
    Nowhere,
    /// Within this area ([`Area::EVERYWHERE`] for what is drawn beyond its `/Rect`).
    Within(Area),
    /// Its `/Rect`, flags or subtype cannot be read: viewers may still draw it somewhere.
    Unknown(&'static str),
}

impl Shown {
    fn of(pdf: &PdfFile, rev: usize, annot: Option<&Dictionary>) -> Shown {
        match annot.map(|a| annotation_area(pdf, rev, a)) {
            Some(Ok(None)) => Shown::Nowhere,
            Some(Ok(Some(area))) => Shown::Within(area),
            Some(Err(why)) => Shown::Unknown(why),
            None => Shown::Unknown("it is not a dictionary"),
        }
    }
}

/// An annotation added (or changed) where annotations are permitted: allowed if it is not
/// shown, or lies on a part of the page that the revision before it left blank (`drawn`: the
/// text, paths, images and annotations there, `None` if they cannot be measured); over what
/// the page showed, it can hide or change signed content (the "evil annotation" attack), so
/// it fails.
fn judge_overlay(
    drawn: Option<&[Area]>,
    page: ObjRef,
    shown: &Shown,
    what: &str,
    why: &str,
) -> Result<String, String> {
    match (shown, drawn) {
        (Shown::Nowhere, _) => Ok(format!("{what}, not shown ({why})")),
        (Shown::Unknown(how), _) => Err(format!(
            "{what} on page {page}, but {how}: viewers may draw it over signed content"
        )),
        (Shown::Within(area), Some(drawn)) if !drawn.iter().any(|d| d.overlaps(area)) => {
            Ok(format!("{what} on a blank part of page {page} ({why})"))
        }
        (Shown::Within(_), Some(_)) => Err(format!(
            "{what} over what page {page} showed when signed: it can hide or change signed content"
        )),
        (Shown::Within(_), None) => Err(format!(
            "{what} on page {page}, whose content cannot be measured: it may cover signed content"
        )),
    }
}
