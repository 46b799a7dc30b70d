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

use std::collections::{HashMap, HashSet};

use crate::sigdict::current_id;
use ades_pdf::Object;
use ades_pdf::PdfFile;
use ades_pdf::XrefEntry;

mod annotations;
mod judge;
mod roles;
mod values;

use judge::{judge, judge_catalog};
use roles::{Roles, references_upto};
use values::{describe, same_value};

/// Most later revisions analysed for one signature; more are reported as not analysed.
const MAX_REVISIONS: usize = 512;

/// What the analysis computes once per revision and shares between the signatures of a file.
#[derive(Default)]
pub(crate) struct Cache {
    roles: HashMap<usize, Roles>,
    /// The object numbers referred to by the objects of revisions up to the one given (a
    /// superset of what that revision refers to, grown one revision at a time as signatures
    /// are analysed in the order of what they cover).
    references: Option<(usize, HashSet<u32>)>,
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
