//! What the revisions after a signature changed (ISO 32000-1 §12.8.2 DocMDP, EN 319 142-1
//! §5.4; the incremental-saving and shadow attacks of Mladenov et al. 2019 and Mainka et al.
//! 2020).
//!
//! Every cross-reference entry of every later revision is judged against the state just
//! before it:
//!
//! * **allowed**: new objects; objects rewritten unchanged; a new signature field and its
//!   widget added to `/AcroForm /Fields` and to the page's `/Annots`; an empty signature
//!   field being signed; the DSS (`/DSS`, `/VRI`, certificates, CRLs, OCSP responses) and
//!   document time-stamps; `/Info` and XMP metadata; `/Extensions`, `/Version` and
//!   `/SigFlags`; form filling (`/V`, `/AP`, `/AS` of a field) unless a certification
//!   signature forbids it (DocMDP P = 1); new annotations only where DocMDP P = 3 permits;
//! * **not allowed**: anything else — page content or resources, the page tree, a catalog
//!   entry (`/Pages`, `/OpenAction`, `/Names`, `/OCProperties`, …), an existing annotation or
//!   appearance stream changed in place, an annotation added or removed, a signed signature
//!   field or dictionary changed, an object deleted, and every *redirection*: an entry that
//!   points at bytes of an earlier revision (or at an object stream of one) instead of the
//!   revision's own, and an object number the signed revision already referred to while it
//!   was undefined — the shadow attacks' way of activating content prepared before signing.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::ink::{Area, annotation_area, drawn_areas};
use crate::sigdict::{current_id, form_fields, name_text};
use ades_pdf::PdfFile;
use ades_pdf::XrefEntry;
use ades_pdf::{Dictionary, ObjRef, Object};

/// Most later revisions analysed for one signature; more are reported as not analysed.
const MAX_REVISIONS: usize = 512;
/// Most objects followed from `/DSS`.
const MAX_DSS_OBJECTS: usize = 200_000;
/// Most objects followed from the catalog to tell whether validation data or metadata is
/// used by the document too; beyond, none is taken as only that.
const MAX_REACHED: usize = 2_000_000;
/// Most pages whose annotations are given roles; changes to the others are judged as
/// unknown objects (not allowed).
const MAX_PAGES: usize = 20_000;

/// What the analysis computes once per revision and shares between the signatures of a file.
#[derive(Default)]
pub(crate) struct Cache {
    roles: HashMap<usize, Roles>,
    /// The object numbers referred to by the objects of revisions up to the one given (a
    /// superset of what that revision refers to, grown one revision at a time as signatures
    /// are analysed in the order of what they cover).
    references: Option<(usize, HashSet<u32>)>,
}

/// The object numbers referred to up to revision `rev`, from the cached `slot`.
fn references_upto<'c>(
    slot: &'c mut Option<(usize, HashSet<u32>)>,
    pdf: &PdfFile,
    rev: usize,
) -> &'c HashSet<u32> {
    let (from, mut set) = match slot.take() {
        Some((r, set)) if r <= rev => (r + 1, set),
        _ => (rev + 1, referenced_numbers(pdf, rev)),
    };
    for r in from..=rev {
        let Ok(revision) = pdf.revision(r) else {
            continue;
        };
        for (&num, entry) in revision.entries() {
            if entry.is_in_use()
                && let Some(id) = current_id(pdf, r, num)
                && let Ok(o) = pdf.get_shallow_at(r, id)
            {
                walk_references(&o, &mut set);
            }
        }
    }
    &slot.insert((rev, set)).1
}

/// What a certification signature permits (DocMDP `/P`, ISO 32000-1 Table 254).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Permissions {
    /// 1: no changes; 2: form filling and signing; 3: also annotations. Approval signatures
    /// only: 2.
    pub(crate) level: i64,
    /// Whether a certification signature sets it.
    pub(crate) certified: bool,
}

/// The changes after a signature.
#[derive(Debug, Clone, Default)]
pub(crate) struct Changes {
    pub(crate) allowed: Vec<String>,
    pub(crate) disallowed: Vec<String>,
}

/// The roles objects play in one revision.
#[derive(Default)]
struct Roles {
    catalog: Option<ObjRef>,
    acroform: Option<ObjRef>,
    fields_array: Option<ObjRef>,
    pages: HashSet<ObjRef>,
    /// `/Annots` arrays held as objects of their own → the pages that list them (several
    /// when pages share one array).
    annots_arrays: HashMap<ObjRef, Vec<ObjRef>>,
    /// Annotations → the pages whose `/Annots` list them.
    annotations: HashMap<ObjRef, Vec<ObjRef>>,
    appearances: HashSet<ObjRef>,
    fields: HashMap<ObjRef, bool>,
    /// Widget kids (without `/T`) of fields that are not signatures → their field.
    widgets: HashMap<ObjRef, ObjRef>,
    /// The form's default resources (`/AcroForm /DR`) and its resource dictionaries, when
    /// held as objects of their own.
    form_resources: HashSet<ObjRef>,
    dss: HashSet<ObjRef>,
    info: Option<ObjRef>,
    metadata: Option<ObjRef>,
    /// The revision these roles are of.
    rev: usize,
    /// The object numbers the document reaches from its catalog besides through `/DSS` and
    /// `/Metadata`, `None` past [`MAX_REACHED`] (computed when first needed:
    /// [`Roles::only_data`]).
    used_elsewhere: OnceCell<Option<HashSet<u32>>>,
    /// Object numbers referred to by an object in use (when first needed).
    referenced: OnceCell<HashSet<u32>>,
    /// Object streams → the objects in force compressed into them (when first needed).
    compressed: OnceCell<HashMap<u32, Vec<u32>>>,
}

impl Roles {
    fn at(pdf: &PdfFile, rev: usize) -> Roles {
        let mut roles = Roles {
            rev,
            catalog: pdf.root_at(rev).ok(),
            info: pdf
                .revision(rev)
                .ok()
                .and_then(|r| r.trailer().get_ref("Info")),
            ..Roles::default()
        };
        let catalog = pdf.catalog_at(rev).unwrap_or_default();
        roles.metadata = catalog.get_ref("Metadata");
        if let Some(Object::Reference(r)) = catalog.get("AcroForm") {
            roles.acroform = Some(*r);
        }
        if let Ok(Object::Dictionary(form)) =
            pdf.resolve_at(rev, catalog.get("AcroForm").unwrap_or(&Object::Null))
        {
            roles.fields_array = form.get_ref("Fields");
            if let Some(dr) = form.get_ref("DR") {
                roles.form_resources.insert(dr);
            }
            if let Ok(Object::Dictionary(dr)) =
                pdf.resolve_at(rev, form.get("DR").unwrap_or(&Object::Null))
            {
                roles
                    .form_resources
                    .extend(dr.iter().filter_map(|(_, v)| v.as_reference()));
            }
        }
        for page in pdf
            .pages_at(rev)
            .unwrap_or_default()
            .into_iter()
            .take(MAX_PAGES)
        {
            roles.pages.insert(page);
            let Ok(Object::Dictionary(d)) = pdf.get_at(rev, page) else {
                continue;
            };
            if let Some(r) = d.get_ref("Annots") {
                roles.annots_arrays.entry(r).or_default().push(page);
            }
            let annots = match d.get("Annots") {
                Some(a) => pdf.resolve_at(rev, a).unwrap_or(Object::Null),
                None => Object::Null,
            };
            for annot in annots.as_array().unwrap_or_default() {
                if let Object::Reference(a) = annot {
                    roles.annotations.entry(*a).or_default().push(page);
                    if let Ok(Object::Dictionary(ad)) = pdf.get_at(rev, *a) {
                        collect_refs(ad.get("AP"), &mut roles.appearances, pdf, rev, 3);
                    }
                }
            }
        }
        for field in form_fields(pdf, rev).unwrap_or_default() {
            roles.fields.insert(field.id, field.is_signature);
            if !field.is_signature {
                for widget in widget_kids(pdf, rev, &field.dict) {
                    roles.widgets.insert(widget, field.id);
                }
            }
        }
        if let Some(dss) = catalog.get("DSS") {
            roles.dss = dss_objects(pdf, rev, dss);
        }
        roles
    }

    /// The object numbers in force at this revision that entries point into as object
    /// streams, with the objects each holds.
    fn compressed(&self, pdf: &PdfFile) -> &HashMap<u32, Vec<u32>> {
        self.compressed.get_or_init(|| {
            let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
            for num in pdf.object_numbers_at(self.rev) {
                if let Some((_, XrefEntry::Compressed { stream, .. })) = pdf.entry_at(self.rev, num)
                {
                    out.entry(stream).or_default().push(num);
                }
            }
            out
        })
    }

    /// Whether object `id` (`obj` at this revision) is cross-reference machinery: the
    /// cross-reference stream of a revision, or an object stream that entries in force point
    /// into, and nothing refers to it. A `/Type /XRef` or `/Type /ObjStm` on any other object
    /// is only a name, and its changes are judged like any object's.
    fn is_machinery(&self, pdf: &PdfFile, id: ObjRef, obj: &Object) -> bool {
        let Object::Stream(stream) = obj else {
            return false;
        };
        let kind = stream.dict.get_name("Type");
        let xref = kind.is_some_and(|t| t.is("XRef"))
            && matches!(pdf.entry_at(self.rev, id.num), Some((_, XrefEntry::InUse { offset, .. }))
                if pdf.revisions().iter().any(|r| r.xref_offset() == Some(offset)));
        let objstm =
            kind.is_some_and(|t| t.is("ObjStm")) && self.compressed(pdf).contains_key(&id.num);
        (xref || objstm)
            && !self
                .referenced
                .get_or_init(|| referenced_numbers(pdf, self.rev))
                .contains(&id.num)
    }
}

/// The objects of a DSS (ETSI EN 319 142-1 §5.4.2) followed along its structure only: its
/// dictionary, the `/Certs`, `/OCSPs` and `/CRLs` arrays and what they list, the `/VRI`
/// dictionary, each signature's dictionary there, its `/Cert`, `/OCSP`, `/CRL` arrays and
/// entries and its `/TS`. What those name beyond that structure is not validation data.
fn dss_objects(pdf: &PdfFile, rev: usize, dss: &Object) -> HashSet<ObjRef> {
    let mut out = HashSet::new();
    // Notes `value` as a DSS object if indirect, and gives it resolved.
    let mut take = |value: &Object| -> Option<Object> {
        match value {
            Object::Reference(r) => {
                if out.len() >= MAX_DSS_OBJECTS || !out.insert(*r) {
                    return None;
                }
                pdf.get_shallow_at(rev, *r).ok()
            }
            direct => Some(direct.clone()),
        }
    };
    let Some(dss) = take(dss) else {
        return out;
    };
    let lists =
        |dict: &Dictionary, keys: &[&str], take: &mut dyn FnMut(&Object) -> Option<Object>| {
            for key in keys {
                if let Some(list) = dict.get(key).and_then(&mut *take) {
                    for item in list.as_array().unwrap_or_default() {
                        take(item);
                    }
                }
            }
        };
    let Some(dss) = dss.dict() else {
        return out;
    };
    lists(dss, &["Certs", "OCSPs", "CRLs"], &mut take);
    if let Some(vri) = dss.get("VRI").and_then(&mut take) {
        for (_, entry) in vri.dict().map(Dictionary::iter).into_iter().flatten() {
            if let Some(entry) = take(entry)
                && let Some(entry) = entry.dict()
            {
                lists(entry, &["Cert", "OCSP", "CRL"], &mut take);
                if let Some(ts) = entry.get("TS") {
                    take(ts);
                }
            }
        }
    }
    out
}

impl Roles {
    /// Whether object `id`, validation data (DSS), document information or metadata, is only
    /// that: nothing else in the document refers to it. An object the page tree, a form or an
    /// annotation also uses would otherwise change under the freedom such data has (a page's
    /// content stream listed in `/DSS /Certs` by whoever prepared the document).
    fn only_data(&self, pdf: &PdfFile, id: ObjRef) -> bool {
        self.used_elsewhere
            .get_or_init(|| reached_besides_data(pdf, self.rev, self.catalog))
            .as_ref()
            .is_some_and(|used| !used.contains(&id.num))
    }
}

/// The object numbers reached from the catalog of revision `rev` (the catalog included)
/// other than through its `/DSS` and `/Metadata` entries: what the document uses. `None`
/// when there are more than [`MAX_REACHED`].
fn reached_besides_data(
    pdf: &PdfFile,
    rev: usize,
    catalog: Option<ObjRef>,
) -> Option<HashSet<u32>> {
    let catalog_id = catalog?;
    let mut reached = HashSet::from([catalog_id.num]);
    let catalog = pdf.get_shallow_at(rev, catalog_id).ok()?;
    let mut stack: Vec<Object> = catalog
        .dict()?
        .iter()
        .filter(|(key, _)| !key.is("DSS") && !key.is("Metadata"))
        .map(|(_, v)| v.clone())
        .collect();
    while let Some(obj) = stack.pop() {
        match obj {
            Object::Reference(r) if reached.insert(r.num) => {
                if reached.len() > MAX_REACHED {
                    return None;
                }
                if let Ok(o) = pdf.get_shallow_at(rev, r) {
                    stack.push(o);
                }
            }
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Array(a) => stack.extend(a),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    Some(reached)
}

/// References inside `obj` (following references `depth` levels), into `out`.
fn collect_refs(
    obj: Option<&Object>,
    out: &mut HashSet<ObjRef>,
    pdf: &PdfFile,
    rev: usize,
    depth: usize,
) {
    let Some(obj) = obj else { return };
    match obj {
        Object::Reference(r) => {
            if out.insert(*r)
                && depth > 0
                && let Ok(Object::Dictionary(d)) = pdf.get_shallow_at(rev, *r)
            {
                for (_, v) in d.iter() {
                    collect_refs(Some(v), out, pdf, rev, depth - 1);
                }
            }
        }
        Object::Dictionary(d) => {
            for (_, v) in d.iter() {
                collect_refs(Some(v), out, pdf, rev, depth);
            }
        }
        Object::Array(a) => {
            for v in a {
                collect_refs(Some(v), out, pdf, rev, depth);
            }
        }
        _ => {}
    }
}

fn walk_references(obj: &Object, out: &mut HashSet<u32>) {
    match obj {
        Object::Reference(r) => {
            out.insert(r.num);
        }
        Object::Dictionary(d) => d.iter().for_each(|(_, v)| walk_references(v, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, v)| walk_references(v, out)),
        Object::Array(a) => a.iter().for_each(|v| walk_references(v, out)),
        _ => {}
    }
}

/// Every object number referred to by an object in use in revision `rev`.
fn referenced_numbers(pdf: &PdfFile, rev: usize) -> HashSet<u32> {
    let mut out = HashSet::new();
    for num in pdf.object_numbers_at(rev) {
        if let Some(id) = current_id(pdf, rev, num)
            && let Ok(o) = pdf.get_shallow_at(rev, id)
        {
            walk_references(&o, &mut out);
        }
    }
    // The trailer's own references are left out: writers put application data there
    // (LibreOffice's /AdditionalStreams names objects of the next revision).
    out
}

/// Analyses the revisions after `signed` (the revision a signature covers).
pub(crate) fn analyse(
    pdf: &PdfFile,
    signed: usize,
    perms: Permissions,
    cache: &mut Cache,
) -> Changes {
    let mut changes = Changes::default();
    let latest = pdf.latest_revision();
    if latest <= signed {
        return changes;
    }
    if latest - signed > MAX_REVISIONS {
        changes.disallowed.push(format!(
            "{} revisions after the signature: more than the {MAX_REVISIONS} this validator analyses",
            latest - signed
        ));
        return changes;
    }

    // A file whose cross-reference data had to be rebuilt by scanning: which definition of an
    // object counts is then the reader's choice (a later copy of a signed object, say).
    if pdf.reconstructed() {
        changes.disallowed.push(
            "the cross-reference data after the signature is broken and the file was rebuilt by scanning its objects: readers may take other objects than were signed"
                .into(),
        );
    }
    // Entries the loader had to repair after the signature: the entry points at another
    // object, so readers disagree on what the object is (the shadow attacks' trick).
    for d in pdf.diagnostics() {
        match d {
            ades_pdf::Diagnostic::XrefEntryRepaired {
                revision,
                id,
                stated,
                found,
            } if *revision > signed => changes.disallowed.push(format!(
                "revision {}: the cross-reference entry of object {id} points at offset {stated}, which is not that object (an earlier definition is at {found}): readers disagree on what the object is (shadow attack)",
                revision + 1
            )),
            // A broken entry of the signed revisions still in force, for an object defined
            // again after the signature: readers that rebuild the table by scanning show that
            // later definition.
            ades_pdf::Diagnostic::DefinedAgainLater {
                revision,
                id,
                offset,
            } if *revision <= signed
                && pdf
                    .entry_at(latest, id.num)
                    .is_some_and(|(r, _)| r == *revision) =>
            {
                changes.disallowed.push(format!(
                    "the cross-reference entry of object {id} in revision {} does not point at it, and object {id} is defined again at offset {offset}, after the signature: readers that rebuild the table by scanning show that one",
                    revision + 1
                ))
            }
            ades_pdf::Diagnostic::XrefEntryBroken {
                revision, id, stated,
            } if *revision > signed => changes.disallowed.push(format!(
                "revision {}: the cross-reference entry of object {id} points at offset {stated}, which holds no such object",
                revision + 1
            )),
            _ => {}
        }
    }
    // What the signed revision's objects were: an object that existed when the document was
    // signed may change as validation data, document information or metadata only if it
    // was that already (else a revision could first name signed content as, say, DSS data
    // and a later one rewrite it as such).
    cache
        .roles
        .entry(signed)
        .or_insert_with(|| Roles::at(pdf, signed));
    for k in signed + 1..=latest {
        let prev = k - 1;
        cache
            .roles
            .entry(prev)
            .or_insert_with(|| Roles::at(pdf, prev));
        let (Some(roles), Some(signed_roles)) = (cache.roles.get(&prev), cache.roles.get(&signed))
        else {
            continue;
        };
        let Ok(revision) = pdf.revision(k) else {
            continue;
        };
        let start = revision.start_offset();
        let mut added = 0usize;
        for (&num, &entry) in revision.entries() {
            if num == 0 {
                continue;
            }
            let old = pdf.entry_at(prev, num).map(|(_, e)| e);
            if old == Some(entry) {
                continue;
            }
            let old_in_use = old.is_some_and(|e| e.is_in_use());
            let here = |what: String| format!("revision {}: {what}", k + 1);
            // Redirections: an entry of this revision that points back into earlier bytes.
            let redirected = match entry {
                XrefEntry::InUse { offset, .. } if offset < start => Some(format!(
                    "object {num} now points at offset {offset}, in the bytes of an earlier revision (shadow attack: content prepared before signing activated afterwards)"
                )),
                XrefEntry::Compressed { stream, .. } => match pdf.entry_at(k, stream) {
                    Some((def, _)) if def < k => Some(format!(
                        "object {num} now taken from object stream {stream} of an earlier revision (shadow attack)"
                    )),
                    _ => None,
                },
                _ => None,
            };
            if let Some(r) = redirected {
                changes.disallowed.push(here(r));
                continue;
            }
            if !entry.is_in_use() {
                if old_in_use {
                    let old_id = current_id(pdf, prev, num);
                    let old_obj = old_id.and_then(|id| pdf.get_shallow_at(prev, id).ok());
                    let machinery = old_id
                        .zip(old_obj.as_ref())
                        .is_some_and(|(id, o)| roles.is_machinery(pdf, id, o));
                    // An object stream may go once no entry in force points into it.
                    let orphans: Vec<u32> = roles
                        .compressed(pdf)
                        .get(&num)
                        .map(|held| {
                            held.iter()
                                .copied()
                                .filter(|m| !revision.entries().contains_key(m))
                                .collect()
                        })
                        .unwrap_or_default();
                    if machinery && orphans.is_empty() {
                        continue;
                    }
                    changes.disallowed.push(here(format!(
                        "object {num} ({}) deleted{}",
                        describe(old_obj.as_ref()),
                        if orphans.is_empty() {
                            String::new()
                        } else {
                            format!(", with objects {orphans:?} still in it")
                        }
                    )));
                }
                continue;
            }
            if !old_in_use {
                let undefined_then = !pdf
                    .entry_at(signed, num)
                    .is_some_and(|(_, e)| e.is_in_use());
                if undefined_then
                    && references_upto(&mut cache.references, pdf, signed).contains(&num)
                {
                    changes.disallowed.push(here(format!(
                        "defines object {num}, which the signed revision refers to while it was undefined (shadow attack)"
                    )));
                } else {
                    added += 1;
                }
                continue;
            }
            let revision_k = Revision {
                pdf,
                k,
                signed,
                roles,
                signed_roles,
                perms,
                own_entries: revision.entries(),
            };
            for verdict in revision_k.judge_modified(num) {
                match verdict {
                    Ok(note) => changes.allowed.push(here(note)),
                    Err(why) => changes.disallowed.push(here(why)),
                }
            }
        }
        if added > 0 {
            changes.allowed.push(format!(
                "revision {}: {added} object{} added",
                k + 1,
                if added == 1 { "" } else { "s" }
            ));
        }
        // The trailer: another catalog, or encryption, after signing.
        if let (Ok(old_root), Ok(new_root)) = (pdf.root_at(prev), pdf.root_at(k))
            && old_root != new_root
        {
            let old = pdf.get_at(prev, old_root).unwrap_or(Object::Null);
            let new = pdf.get_at(k, new_root).unwrap_or(Object::Null);
            match judge_catalog(pdf, k, &old, &new, perms) {
                Ok(_) => changes.allowed.push(format!(
                    "revision {}: the catalog moved to object {new_root} with only allowed differences",
                    k + 1
                )),
                Err(why) => changes.disallowed.push(format!(
                    "revision {}: the trailer points at another catalog ({new_root}): {why}",
                    k + 1
                )),
            }
        }
        if revision.trailer().contains_key("Encrypt")
            && !pdf
                .revision(prev)
                .is_ok_and(|r| r.trailer().contains_key("Encrypt"))
        {
            changes
                .disallowed
                .push(format!("revision {}: encryption added", k + 1));
        }
    }
    changes
}

/// What judging the objects revision `k` modified needs.
struct Revision<'a> {
    pdf: &'a PdfFile,
    k: usize,
    signed: usize,
    /// The roles as of revision `k - 1`, and as of the signed revision.
    roles: &'a Roles,
    signed_roles: &'a Roles,
    perms: Permissions,
    /// The cross-reference entries of revision `k` itself.
    own_entries: &'a std::collections::BTreeMap<u32, XrefEntry>,
}

impl Revision<'_> {
    /// The verdicts on object `num`, in use before and after revision `k` but changed (its
    /// entry, or the object stream holding it): none if it reads the same.
    fn judge_modified(&self, num: u32) -> Vec<Result<String, String>> {
        let (pdf, k) = (self.pdf, self.k);
        let (Some(old_id), Some(new_id)) = (current_id(pdf, k - 1, num), current_id(pdf, k, num))
        else {
            return Vec::new();
        };
        if old_id.generation != new_id.generation {
            // Readers that follow generations lose the object the signed revision named.
            return vec![Err(format!(
                "object {num} given generation {} (was {})",
                new_id.generation, old_id.generation
            ))];
        }
        let (old, new) = match (pdf.get_at(k - 1, old_id), pdf.get_at(k, new_id)) {
            (Ok(o), Ok(n)) => (o, n),
            (_, Err(e)) | (Err(e), _) => {
                return vec![Err(format!(
                    "object {num} replaced by something unreadable: {e}"
                ))];
            }
        };
        if self.roles.is_machinery(pdf, old_id, &old) {
            return self.judge_object_stream(num);
        }
        if same_value(&old, &new) {
            return Vec::new();
        }
        let existed_when_signed = pdf
            .entry_at(self.signed, num)
            .is_some_and(|(_, e)| e.is_in_use());
        let data_roles = if existed_when_signed {
            self.signed_roles
        } else {
            self.roles
        };
        judge(
            pdf,
            k,
            (self.roles, data_roles),
            old_id,
            &old,
            &new,
            self.perms,
        )
        .transpose()
        .into_iter()
        .collect()
    }

    /// An object stream rewritten (or a cross-reference stream, which holds nothing): the
    /// objects in force in it that revision `k` does not redefine are read from the new one
    /// now, as readers do, and judged.
    fn judge_object_stream(&self, num: u32) -> Vec<Result<String, String>> {
        let held = self.roles.compressed(self.pdf).get(&num);
        held.into_iter()
            .flatten()
            .filter(|m| !self.own_entries.contains_key(m))
            .flat_map(|&m| self.judge_modified(m))
            .collect()
    }
}

fn describe(obj: Option<&Object>) -> String {
    let Some(obj) = obj else {
        return "unreadable".into();
    };
    let kind = match obj {
        Object::Stream(_) => "stream",
        Object::Dictionary(_) => "dictionary",
        Object::Array(_) => "array",
        _ => "value",
    };
    match obj.dict() {
        Some(d) => match (d.get_name("Type"), d.get_name("Subtype")) {
            (Some(t), Some(s)) => format!("{kind} /{} /{}", name_text(t), name_text(s)),
            (Some(t), None) => format!("{kind} /{}", name_text(t)),
            (None, Some(s)) => format!("{kind} /{}", name_text(s)),
            (None, None) => kind.into(),
        },
        None => kind.into(),
    }
}

/// Keys whose values differ between two dictionaries (present in one only included).
/// Whether two values mean the same: strings by their bytes (literal or hexadecimal is a
/// way of writing), numbers by their value (`612` and `612.0`), containers member by member.
fn same_value(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x), Object::String(y)) => x.as_bytes() == y.as_bytes(),
        (Object::Integer(i), Object::Real(r)) | (Object::Real(r), Object::Integer(i)) => {
            (*i as f64) == *r
        }
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_entries(x, y),
        _ => a == b,
    }
}

/// Whether two dictionaries mean the same: entry for entry, or (written in another order)
/// key by key when neither repeats a key (readers differ on which of two values counts).
fn same_entries(x: &Dictionary, y: &Dictionary) -> bool {
    let in_order = || {
        x.iter()
            .zip(y.iter())
            .all(|((k, v), (l, w))| k == l && same_value(v, w))
    };
    x.len() == y.len()
        && (in_order()
            || (repeated_keys(x).is_empty()
                && repeated_keys(y).is_empty()
                && x.iter()
                    .all(|(k, v)| y.get(k.as_bytes()).is_some_and(|w| same_value(v, w)))))
}

/// The keys a dictionary holds more than once.
fn repeated_keys(d: &Dictionary) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut repeated: Vec<String> = d
        .iter()
        .filter(|(k, _)| !seen.insert(k.as_bytes()))
        .map(|(k, _)| name_text(k))
        .collect();
    repeated.dedup();
    repeated
}

/// Whether `new` keeps every entry of `old` (sub-dictionaries compared the same way), adding
/// only.
fn only_adds(old: &Dictionary, new: &Dictionary) -> bool {
    old.iter().all(|(k, v)| match (v, new.get(k.as_bytes())) {
        (Object::Dictionary(o), Some(Object::Dictionary(n))) => only_adds(o, n),
        (_, Some(n)) => same_value(v, n),
        (_, None) => false,
    })
}

/// The widget annotations of a terminal field held as kids without `/T`.
fn widget_kids(pdf: &PdfFile, rev: usize, field: &Dictionary) -> Vec<ObjRef> {
    let kids = field
        .get("Kids")
        .and_then(|k| pdf.resolve_at(rev, k).ok())
        .and_then(|k| k.as_array().map(<[Object]>::to_vec))
        .unwrap_or_default();
    kids.iter()
        .filter_map(Object::as_reference)
        .filter(
            |&r| matches!(pdf.get_at(rev, r), Ok(Object::Dictionary(d)) if !d.contains_key("T")),
        )
        .collect()
}

fn changed_keys(old: &Dictionary, new: &Dictionary) -> Vec<String> {
    // A repeated key counts as changed: which value readers take is not settled.
    let mut keys: Vec<String> = repeated_keys(old);
    keys.extend(repeated_keys(new));
    for (k, v) in new.iter() {
        if !old.get(k.as_bytes()).is_some_and(|o| same_value(o, v)) {
            keys.push(name_text(k));
        }
    }
    for (k, _) in old.iter() {
        if !new.contains_key(k.as_bytes()) {
            keys.push(name_text(k));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Judges one modified object by the role it had just before (`roles`): `Ok(note)` if
/// allowed. Whether it is validation data, document information or metadata, free to
/// change, is read from `data_roles`: the signed revision's roles for an object that existed
/// then.
fn judge(
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
fn judge_catalog(
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

/// A page's annotations: the old ones kept; new ones only signature widgets (or any
/// annotation where DocMDP P = 3 permits it).
fn judge_new_annots(
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
fn judge_shown_when_signed(
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
fn judge_changed_annotation(
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

#[cfg(test)]
mod tests {
    use super::*;
    use ades_pdf::PdfString;

    #[test]
    fn values_are_compared_by_meaning_not_notation() {
        let lit = Object::String(PdfString::literal(b"es-ES".to_vec()));
        let hex = Object::String(PdfString::hex(b"es-ES".to_vec()));
        assert!(same_value(&lit, &hex));
        assert!(same_value(&Object::Integer(612), &Object::Real(612.0)));
        assert!(!same_value(&Object::Integer(612), &Object::Real(612.5)));
        let mut a = Dictionary::new();
        a.insert("Lang", lit);
        let mut b = Dictionary::new();
        b.insert("Lang", hex);
        assert!(same_value(
            &Object::Dictionary(a.clone()),
            &Object::Dictionary(b.clone())
        ));
        assert!(changed_keys(&a, &b).is_empty());
        b.insert("Names", Object::Null);
        assert_eq!(changed_keys(&a, &b), vec!["Names".to_owned()]);
    }
}
