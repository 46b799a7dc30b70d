//! Time-stamps that cover others (archive time-stamps, -X time-stamps, later document
//! time-stamps), verified before what they cover: a token is proven to exist by the earliest
//! valid time-stamp that really covers it (EN 319 102-1 §5.6.2.4, past certificate
//! validation), so that a TSA revoked after an older token was covered does not undo that
//! token, and a token nothing covers is judged by the validation time alone. What covers what
//! is the format's to say (an index of hashes, a place in the document): a token appended after
//! an archive time-stamp gets nothing from it.

use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;

use crate::{TimeStampToken, TokenContext};

/// How a token is checked in a context (its imprint, its role): genTime when it is valid.
type Check<'a> = Box<dyn FnOnce(&TokenContext<'_>, &mut CheckList) -> Option<OffsetDateTime> + 'a>;

/// Whether a token covers the token identified by a key.
type Covers<'a, K> = Box<dyn Fn(&K) -> bool + 'a>;

/// A covering time-stamp to verify: what identifies it among the tokens others may cover, its
/// genTime when it can be read, what it covers, and its check.
pub struct CoveringToken<'a, K> {
    key: K,
    gen_time: Option<OffsetDateTime>,
    covers: Covers<'a, K>,
    check: Check<'a>,
}

impl<'a, K> CoveringToken<'a, K> {
    /// The token `der` (read for its genTime only), known as `key`, covering the tokens for
    /// whose keys `covers` holds, checked by `check`.
    pub fn new(
        key: K,
        der: &[u8],
        covers: impl Fn(&K) -> bool + 'a,
        check: impl FnOnce(&TokenContext<'_>, &mut CheckList) -> Option<OffsetDateTime> + 'a,
    ) -> Self {
        CoveringToken {
            key,
            gen_time: TimeStampToken::from_der(der).ok().map(|t| t.gen_time()),
            covers: Box::new(covers),
            check: Box::new(check),
        }
    }
}

/// The valid covering time-stamps: their genTimes and what each covers.
pub struct Proofs<'a, K> {
    outer: Option<OffsetDateTime>,
    valid: Vec<(OffsetDateTime, Covers<'a, K>)>,
}

impl<K> Proofs<'_, K> {
    /// The earliest genTime of a valid covering time-stamp, whatever it covers, or the
    /// context's own.
    pub fn earliest(&self) -> Option<OffsetDateTime> {
        self.valid
            .iter()
            .map(|(time, _)| *time)
            .fold(self.outer, |so_far, t| earliest(so_far, Some(t)))
    }

    /// The proof of existence of the token known as `key`: the earliest genTime of a valid
    /// time-stamp that covers it, or the context's own (a later document time-stamp).
    pub fn of(&self, key: &K) -> Option<OffsetDateTime> {
        self.valid
            .iter()
            .filter(|(_, covers)| covers(key))
            .map(|(time, _)| *time)
            .fold(self.outer, |earliest_so_far, t| {
                earliest(earliest_so_far, Some(t))
            })
    }
}

/// Verifies `tokens` newest first (by genTime; a token verified before one that covers it
/// only misses that proof), each in `ctx` with the proof of existence the valid tokens
/// verified before it give ([`Proofs::of`]). Their checks are recorded in the order given.
pub fn verify_newest_first<'a, K>(
    ctx: &TokenContext<'_>,
    tokens: Vec<CoveringToken<'a, K>>,
    checks: &mut CheckList,
) -> Proofs<'a, K> {
    let mut order: Vec<(usize, CoveringToken<'a, K>)> = tokens.into_iter().enumerate().collect();
    order.sort_by_key(|(_, t)| std::cmp::Reverse(t.gen_time));
    let mut proofs = Proofs {
        outer: ctx.poe,
        valid: Vec::new(),
    };
    let mut recorded: Vec<(usize, CheckList)> = Vec::with_capacity(order.len());
    for (position, token) in order {
        let mut own = CheckList::new();
        let poe = proofs.of(&token.key);
        if let Some(time) = (token.check)(&ctx.existing_by(poe), &mut own) {
            proofs.valid.push((time, token.covers));
        }
        recorded.push((position, own));
    }
    recorded.sort_by_key(|(position, _)| *position);
    recorded.into_iter().for_each(|(_, own)| checks.extend(own));
    proofs
}

/// The earlier of two optional proofs of existence.
pub fn earliest(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + ades_core::time::Duration::seconds(seconds)
    }

    /// A token whose check passes (giving `valid`'s time) or fails, recording its name.
    fn token<'a>(
        key: u32,
        gen_time: i64,
        valid: bool,
        covers: impl Fn(&u32) -> bool + 'a,
        seen: &'a std::cell::RefCell<Vec<(u32, Option<OffsetDateTime>)>>,
    ) -> CoveringToken<'a, u32> {
        CoveringToken {
            key,
            gen_time: Some(at(gen_time)),
            covers: Box::new(covers),
            check: Box::new(move |ctx, checks| {
                seen.borrow_mut().push((key, ctx.poe));
                checks.info(ades_core::CheckId::ArchiveTimestamp, format!("token {key}"));
                valid.then(|| at(gen_time))
            }),
        }
    }

    /// Newest first, each proven only by the valid tokens that cover it; checks in the
    /// order given.
    #[test]
    fn a_token_is_proven_only_by_valid_tokens_that_cover_it() {
        let seen = std::cell::RefCell::new(Vec::new());
        let nothing = ades_core::ValidationData::new();
        let ctx = TokenContext::new(None, &nothing, at(1000));
        let tokens = vec![
            token(1, 10, true, |_| false, &seen),
            // 3 covers 1 and 2; 2 covers 1 but is invalid; 4 covers nothing.
            token(2, 20, false, |k| *k == 1, &seen),
            token(3, 30, true, |k| *k < 3, &seen),
            token(4, 40, true, |_| false, &seen),
        ];
        let mut checks = CheckList::new();
        let proofs = verify_newest_first(&ctx, tokens, &mut checks);
        assert_eq!(
            *seen.borrow(),
            [(4, None), (3, None), (2, Some(at(30))), (1, Some(at(30)))]
        );
        assert_eq!(proofs.of(&1), Some(at(30)));
        assert_eq!(proofs.of(&3), None);
        // A token appended later, covered by nothing, gets no proof.
        assert_eq!(proofs.of(&9), None);
        let order: Vec<&str> = checks.checks().iter().map(|c| c.detail.as_str()).collect();
        assert_eq!(order, ["token 1", "token 2", "token 3", "token 4"]);
    }
}
