//! The roles objects play in a revision (catalog, form, pages, annotations, validation data,
//! metadata), and the references between objects.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::sigdict::{current_id, form_fields};
use ades_pdf::PdfFile;
use ades_pdf::XrefEntry;
use ades_pdf::{Dictionary, ObjRef, Object};

/// Most objects followed from `/DSS`.
const MAX_DSS_OBJECTS: usize = 200_000;
/// Most objects followed from the catalog to tell whether validation data or metadata is
/// used by the document too; beyond, none is taken as only that.
const MAX_REACHED: usize = 2_000_000;
/// Most pages whose annotations are given roles; changes to the others are judged as
/// unknown objects (not allowed).
const MAX_PAGES: usize = 20_000;

/// The object numbers referred to up to revision `rev`, from the cached `slot`.
pub(super) fn references_upto<'c>(
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

/// The roles objects play in one revision.
#[derive(Default)]
pub(super) struct Roles {
    pub(super) catalog: Option<ObjRef>,
    pub(super) acroform: Option<ObjRef>,
    pub(super) fields_array: Option<ObjRef>,
    pub(super) pages: HashSet<ObjRef>,
    /// `/Annots` arrays held as objects of their own → the pages that list them (several
    /// when pages share one array).
    pub(super) annots_arrays: HashMap<ObjRef, Vec<ObjRef>>,
    /// Annotations → the pages whose `/Annots` list them.
    pub(super) annotations: HashMap<ObjRef, Vec<ObjRef>>,
    pub(super) appearances: HashSet<ObjRef>,
    pub(super) fields: HashMap<ObjRef, bool>,
    /// Widget kids (without `/T`) of fields that are not signatures → their field.
    pub(super) widgets: HashMap<ObjRef, ObjRef>,
    /// The form's default resources (`/AcroForm /DR`) and its resource dictionaries, when
    /// held as objects of their own.
    pub(super) form_resources: HashSet<ObjRef>,
    pub(super) dss: HashSet<ObjRef>,
    pub(super) info: Option<ObjRef>,
    pub(super) metadata: Option<ObjRef>,
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
    pub(super) fn at(pdf: &PdfFile, rev: usize) -> Roles {
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
    pub(super) fn compressed(&self, pdf: &PdfFile) -> &HashMap<u32, Vec<u32>> {
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
    pub(super) fn is_machinery(&self, pdf: &PdfFile, id: ObjRef, obj: &Object) -> bool {
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
    pub(super) fn only_data(&self, pdf: &PdfFile, id: ObjRef) -> bool {
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
