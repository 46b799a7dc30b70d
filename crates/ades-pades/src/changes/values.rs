//! Values compared by what they mean, and described in messages.

use std::collections::HashSet;

use crate::sigdict::name_text;
use ades_pdf::{Dictionary, Object};

pub(super) fn describe(obj: Option<&Object>) -> String {
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

/// Whether two values mean the same: strings by their bytes (literal or hexadecimal is a
/// way of writing), numbers by their value (`612` and `612.0`), containers member by member.
pub(super) fn same_value(a: &Object, b: &Object) -> bool {
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
pub(super) fn only_adds(old: &Dictionary, new: &Dictionary) -> bool {
    old.iter().all(|(k, v)| match (v, new.get(k.as_bytes())) {
        (Object::Dictionary(o), Some(Object::Dictionary(n))) => only_adds(o, n),
        (_, Some(n)) => same_value(v, n),
        (_, None) => false,
    })
}

/// Keys whose values differ between two dictionaries (present in one only included).
pub(super) fn changed_keys(old: &Dictionary, new: &Dictionary) -> Vec<String> {
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
