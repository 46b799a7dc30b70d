//! Progress on long runs (many files): a bar on standard error when it is a terminal, nothing
//! otherwise (scripts and pipes get the final note only).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this show no bar.
const AT_LEAST: usize = 200;

/// A bar over `len` steps of `what` ("hashing", "writing records"), hidden for short runs and
/// when standard error is not a terminal.
pub(crate) fn bar(len: usize, what: &str) -> ProgressBar {
    if len < AT_LEAST {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg:16} {wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

/// A running count of `what` ("verifying", "signing") for batches of unknown length, drawn
/// only when standard error is a terminal.
pub(crate) fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {pos} files ({per_sec}, {elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}
