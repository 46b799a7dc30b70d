//! The judgement of one modified object by the role it had, and of the catalog and the
//! interactive form.

use super::Permissions;
use super::annotations::{judge_changed_annotation, judge_new_annots, judge_shown_when_signed};
use super::roles::Roles;
use super::values::{changed_keys, describe, only_adds};
use ades_pdf::PdfFile;
use ades_pdf::{Dictionary, ObjRef, Object};

/// Judges one modified object by the role it had just before (`roles`): `Ok(note)` if
/// allowed. Whether it is validation data, document information or metadata, free to
/// change, is read from `data_roles`: the signed revision's roles for an object that existed
/// then.
pub(super) fn judge(
    pdf: &PdfFile,
    k: usize,
    (roles, data_roles): (&Roles, &Roles),
    id: ObjRef,
    old: &Object,
    new: &Object,
    perms: Permissions,
) -> Result<Option<String>, String> {
    let what = describe(Some(old));
    let data = if data_roles.dss.contains(&id) {
        Some(format!("DSS object {id} updated"))
    } else if data_roles.info == Some(id) {
        Some("document information (/Info) updated".into())
    } else if data_roles.metadata == Some(id) {
        Some("XMP metadata updated".into())
    } else {
        None
    };
    if let Some(note) = data {
        return if data_roles.only_data(pdf, id) {
            Ok(Some(note))
        } else {
            Err(format!(
                "object {id} ({what}) changed: it is validation data or metadata, but the document also uses it"
            ))
        };
    }
    if roles.catalog == Some(id) {
        return judge_catalog(pdf, k, old, new, perms).map(Some);
    }
    let (Some(old_d), Some(new_d)) = (old.dict(), new.dict()) else {
        // Arrays: /Fields and /Annots kept as separate objects, each judged in every role it
        // plays (one array as both would let a new annotation pass as a new field).
        if let (Object::Array(o), Object::Array(n)) = (old, new) {
            let pages = roles.annots_arrays.get(&id);
            if roles.fields_array == Some(id) {
                return match pages {
                    Some(_) => Err(format!(
                        "array {id}, both the form's /Fields and a page's /Annots, changed"
                    )),
                    None => grows(o, n, "/AcroForm /Fields").map(Some),
                };
            }
            if let Some(pages) = pages {
                let notes = pages
                    .iter()
                    .map(|&page| judge_new_annots(pdf, k, page, o, n, perms))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(Some(notes.join("; ")));
            }
        }
        return Err(format!("object {id} ({what}) replaced"));
    };
    if roles.acroform == Some(id) {
        return judge_form(pdf, k, old_d, new_d).map(Some);
    }
    if roles.pages.contains(&id) {
        let keys = changed_keys(old_d, new_d);
        if keys.iter().any(|k| k != "Annots") {
            return Err(format!("page {id} changed: {}", keys.join(", ")));
        }
        let resolve = |d: &Dictionary, rev: usize| -> Vec<Object> {
            d.get("Annots")
                .and_then(|a| pdf.resolve_at(rev, a).ok())
                .and_then(|a| a.as_array().map(<[Object]>::to_vec))
                .unwrap_or_default()
        };
        let (o, n) = (resolve(old_d, k - 1), resolve(new_d, k));
        return judge_new_annots(pdf, k, id, &o, &n, perms).map(Some);
    }
    // Form roles as the signed revision had them for what existed then (an annotation added
    // to /Fields after signing is still an annotation), and a field that is also an
    // annotation must be a widget.
    let field = data_roles.fields.get(&id).copied().filter(|_| {
        !roles.annotations.contains_key(&id)
            || old_d.get_name("Subtype").is_some_and(|s| s.is("Widget"))
    });
    if let Some(is_sig) = field {
        let keys = changed_keys(old_d, new_d);
        if is_sig {
            let was_signed = old_d.contains_key("V");
            let value = new_d
                .get("V")
                .and_then(|v| pdf.resolve_at(k, v).ok())
                .and_then(|v| v.dict().cloned());
            let is_signature = value.as_ref().is_some_and(|v| {
                v.contains_key("ByteRange")
                    || v.get_name("Type")
                        .is_some_and(|t| t.is("Sig") || t.is("DocTimeStamp"))
            });
            let ok = !was_signed
                && is_signature
                && keys
                    .iter()
                    .all(|k| matches!(k.as_str(), "V" | "AP" | "AS" | "F"));
            // DocMDP P=1 permits no signature after the certification but document
            // time-stamps (ISO 32000-2 §12.8.2.2.2).
            let time_stamp = value
                .as_ref()
                .and_then(|v| v.get_name("Type"))
                .is_some_and(|t| t.is("DocTimeStamp"));
            if ok && (perms.level >= 2 || time_stamp) {
                judge_shown_when_signed(pdf, k, roles, id, (old_d, new_d), perms)?;
            }
            return match (ok, perms.level >= 2 || time_stamp) {
                (true, true) => Ok(Some(format!("empty signature field {id} signed"))),
                (true, false) => Err(format!(
                    "empty signature field {id} signed: DocMDP P=1 permits document time-stamps only"
                )),
                (false, _) => Err(format!("signature field {id} changed: {}", keys.join(", "))),
            };
        }
        if perms.level >= 2 && keys.iter().all(|k| matches!(k.as_str(), "V" | "AP" | "AS")) {
            return Ok(Some(format!("form field {id} filled in")));
        }
        return Err(format!(
            "form field {id} changed: {}{}",
            keys.join(", "),
            if perms.level < 2 {
                " (DocMDP P=1 forbids form filling)"
            } else {
                ""
            }
        ));
    }
    if let Some(field) = data_roles.widgets.get(&id) {
        // A field with several widgets (or one not merged into it) shows its value through
        // them: filling it in regenerates their appearance, and may change its font.
        let keys = changed_keys(old_d, new_d);
        if perms.level >= 2
            && keys
                .iter()
                .all(|k| matches!(k.as_str(), "AP" | "AS" | "DA"))
        {
            return Ok(Some(format!(
                "widget {id} of form field {field} shows the field's new value"
            )));
        }
        return Err(format!(
            "widget {id} of form field {field} changed: {}",
            keys.join(", ")
        ));
    }
    if data_roles.form_resources.contains(&id) {
        // Filling in a field may bring a font the form did not have: resources may be
        // added, none the signed revision had may be replaced.
        return if perms.level >= 2 && only_adds(old_d, new_d) {
            Ok(Some(format!("form resources {id}: entries added")))
        } else {
            Err(format!(
                "form resources {id} changed: {}",
                changed_keys(old_d, new_d).join(", ")
            ))
        };
    }
    if let Some(pages) = roles.annotations.get(&id) {
        return if perms.level >= 3 {
            judge_changed_annotation(pdf, k, id, pages, (old_d, new_d)).map(Some)
        } else {
            Err(format!("annotation {id} ({what}) changed"))
        };
    }
    if roles.appearances.contains(&id) {
        return Err(format!(
            "appearance stream {id} of an annotation rewritten in place: what the page shows changed"
        ));
    }
    // Writers (Acrobat) drop the obsolete /Name of the form's fonts: no effect on rendering.
    if old_d.get_name("Type").is_some_and(|t| t.is("Font"))
        && changed_keys(old_d, new_d).iter().all(|k| k == "Name")
        && matches!((old, new), (Object::Dictionary(_), Object::Dictionary(_)))
    {
        return Ok(Some(format!("font {id}: obsolete /Name entry changed")));
    }
    if old_d
        .get_name("Type")
        .is_some_and(|t| t.is("Sig") || t.is("DocTimeStamp"))
        || old_d.contains_key("ByteRange")
    {
        return Err(format!("signature dictionary {id} changed"));
    }
    Err(format!("object {id} ({what}) replaced"))
}

fn grows(old: &[Object], new: &[Object], what: &str) -> Result<String, String> {
    if old.iter().all(|o| new.contains(o)) {
        Ok(format!(
            "{what}: {} entries added",
            new.len().saturating_sub(old.len())
        ))
    } else {
        Err(format!("{what}: entries removed or replaced"))
    }
}

/// The catalog: only `/AcroForm`, `/DSS`, `/Extensions`, `/Version` and `/Metadata` may change.
pub(super) fn judge_catalog(
    pdf: &PdfFile,
    k: usize,
    old: &Object,
    new: &Object,
    perms: Permissions,
) -> Result<String, String> {
    let (Some(o), Some(n)) = (old.dict(), new.dict()) else {
        return Err("the catalog is not a dictionary".into());
    };
    let keys = changed_keys(o, n);
    let annotations_permitted = perms.level >= 3 || !perms.certified;
    let bad: Vec<&String> = keys
        .iter()
        .filter(|key| {
            let free = matches!(
                key.as_str(),
                "AcroForm" | "DSS" | "Extensions" | "Version" | "Metadata"
            );
            let names_for_annotations = key.as_str() == "Names"
                && annotations_permitted
                && names_only_for_display(pdf, k, o, n);
            !(free || names_for_annotations)
        })
        .collect();
    if !bad.is_empty() {
        return Err(format!(
            "catalog entries changed: {}",
            bad.iter()
                .map(|s| format!("/{s}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // The form, direct or indirect (or switched from one to the other), is judged as
    // resolved in each revision; the same indirect object is judged where it changed.
    match (o.get("AcroForm"), n.get("AcroForm")) {
        (Some(Object::Reference(of)), Some(Object::Reference(nf))) if of == nf => {}
        (Some(old_form), Some(new_form)) => {
            let old_form = pdf.resolve_at(k - 1, old_form).unwrap_or(Object::Null);
            let new_form = pdf.resolve_at(k, new_form).unwrap_or(Object::Null);
            match (old_form.dict(), new_form.dict()) {
                (Some(a), Some(b)) => {
                    judge_form(pdf, k, a, b)?;
                }
                (Some(_), None) => return Err("/AcroForm replaced by something unreadable".into()),
                (None, _) => {}
            }
        }
        (Some(_), None) => return Err("/AcroForm removed".into()),
        // A form where there was none: judged as grown from an empty one (no /XFA, no
        // /NeedAppearances).
        (None, Some(new_form)) => {
            if let Ok(Object::Dictionary(new_form)) = pdf.resolve_at(k, new_form) {
                judge_form(pdf, k, &Dictionary::new(), &new_form)?;
            } else {
                return Err("/AcroForm added, unreadable".into());
            }
        }
        (None, None) => {}
    }
    Ok(if keys.is_empty() {
        "catalog rewritten unchanged".into()
    } else {
        format!(
            "catalog updated: {}",
            keys.iter()
                .map(|s| format!("/{s}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Whether the catalog's `/Names` changed only in trees that name appearances and
/// destinations (`/AP`, `/Dests`: what annotations added with it use), not scripts, embedded
/// files or anything else.
fn names_only_for_display(pdf: &PdfFile, k: usize, old: &Dictionary, new: &Dictionary) -> bool {
    let names = |d: &Dictionary, rev: usize| match d.get("Names") {
        None => Some(Dictionary::new()),
        Some(n) => pdf.resolve_at(rev, n).ok()?.dict().cloned(),
    };
    match (names(old, k - 1), names(new, k)) {
        (Some(o), Some(n)) => changed_keys(&o, &n)
            .iter()
            .all(|key| matches!(key.as_str(), "AP" | "Dests")),
        _ => false,
    }
}

/// The interactive form: `/Fields` may grow; `/SigFlags`, `/DR`, `/DA` may change.
fn judge_form(
    pdf: &PdfFile,
    k: usize,
    old: &Dictionary,
    new: &Dictionary,
) -> Result<String, String> {
    let keys = changed_keys(old, new);
    for key in &keys {
        match key.as_str() {
            "Fields" => {
                // Direct or indirect, before and after: the fields signed must all remain.
                let fields = |d: &Dictionary, rev: usize| {
                    d.get("Fields")
                        .and_then(|f| pdf.resolve_at(rev, f).ok())
                        .and_then(|f| f.as_array().map(<[Object]>::to_vec))
                };
                match (fields(old, k - 1), fields(new, k)) {
                    (Some(o), Some(n)) => {
                        grows(&o, &n, "/AcroForm /Fields")?;
                    }
                    (None, _) => {}
                    (Some(_), None) => {
                        return Err("/AcroForm /Fields removed or unreadable".into());
                    }
                }
            }
            // The default resources may gain entries (a font for a new appearance), as when
            // held as an object of their own (`Roles::form_resources`), not lose or replace any.
            "DR" => {
                let resources = |d: &Dictionary, rev: usize| {
                    d.get("DR")
                        .and_then(|r| pdf.resolve_at(rev, r).ok())
                        .and_then(|r| r.dict().cloned())
                };
                if let Some(old_dr) = resources(old, k - 1)
                    && !resources(new, k).is_some_and(|new_dr| only_adds(&old_dr, &new_dr))
                {
                    return Err("/AcroForm /DR: resources removed or replaced".into());
                }
            }
            "SigFlags" | "DA" => {}
            "NeedAppearances"
                if !new
                    .get("NeedAppearances")
                    .and_then(Object::as_bool)
                    .unwrap_or(false) => {}
            other => return Err(format!("/AcroForm /{other} changed")),
        }
    }
    Ok(format!("/AcroForm updated: {}", keys.join(", ")))
}
