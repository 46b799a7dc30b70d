//! Time-stamps that cover one another, verified newest first: each is proven to exist by the
//! earliest valid time-stamp after it (EN 319 102-1 §5.6.2.4, past certificate validation),
//! so that a TSA revoked after an older token was covered does not undo that token, and a
//! token nothing covers is judged by the validation time alone.

use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;

use crate::{TimeStampToken, TokenContext};

/// How a token is checked in a context (its imprint, its role): genTime when it is valid.
type Check<'a> = Box<dyn FnOnce(&TokenContext<'_>, &mut CheckList) -> Option<OffsetDateTime> + 'a>;

/// A covering time-stamp to verify: its genTime, when it can be read, and its check.
pub struct CoveringToken<'a> {
    gen_time: Option<OffsetDateTime>,
    check: Check<'a>,
}

impl<'a> CoveringToken<'a> {
    /// The token `der` (read for its genTime only) checked by `check`.
    pub fn new(
        der: &[u8],
        check: impl FnOnce(&TokenContext<'_>, &mut CheckList) -> Option<OffsetDateTime> + 'a,
    ) -> Self {
        CoveringToken {
            gen_time: TimeStampToken::from_der(der).ok().map(|t| t.gen_time()),
            check: Box::new(check),
        }
    }
}

/// Verifies `tokens`, each of which covers the ones older than itself, newest first: each in
/// `ctx` proven to exist by the earliest valid newer one (by `ctx.poe` for the newest). Their
/// checks are recorded in the order given; returns the earliest valid genTime, the proof of
/// existence of what they all cover (or `ctx.poe` when none is valid).
pub fn verify_newest_first(
    ctx: &TokenContext<'_>,
    tokens: Vec<CoveringToken<'_>>,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    let mut order: Vec<(usize, CoveringToken<'_>)> = tokens.into_iter().enumerate().collect();
    order.sort_by_key(|(_, t)| std::cmp::Reverse(t.gen_time));
    let mut poe = ctx.poe;
    let mut recorded: Vec<(usize, CheckList)> = Vec::with_capacity(order.len());
    for (position, token) in order {
        let mut own = CheckList::new();
        if let Some(time) = (token.check)(&ctx.existing_by(poe), &mut own) {
            poe = Some(poe.map_or(time, |p| p.min(time)));
        }
        recorded.push((position, own));
    }
    recorded.sort_by_key(|(position, _)| *position);
    recorded.into_iter().for_each(|(_, own)| checks.extend(own));
    poe
}

/// The earlier of two optional proofs of existence.
pub fn earliest(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}
