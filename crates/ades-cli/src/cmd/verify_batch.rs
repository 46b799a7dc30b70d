//! `ades verify` over many files: every core, a progress count on a terminal, one report
//! per file as it is ready, and one summary.

use std::time::Instant;

use ades::Indication;

use crate::batch::{run_pool, worse};
use crate::cmd::verify::{Verifier, VerifyArgs, emit, looks_like_signature};
use crate::error::CliError;
use crate::output::{BufferedOut, note};

/// How many files ended how.
#[derive(Debug, Default)]
struct Tally {
    passed: usize,
    failed: usize,
    indeterminate: usize,
    unreadable: usize,
    worst: u8,
}

impl Tally {
    fn add(&mut self, worst: Indication, code: u8) {
        match (code, worst) {
            (4, _) => self.unreadable += 1,
            (_, Indication::TotalPassed) => self.passed += 1,
            (_, Indication::TotalFailed) => self.failed += 1,
            (_, Indication::Indeterminate) => self.indeterminate += 1,
        }
        self.worst = worse(self.worst, code);
    }

    fn total(&self) -> usize {
        self.passed + self.failed + self.indeterminate + self.unreadable
    }
}

/// Validates every file of the batch; the exit code is the worst of them.
pub(crate) fn run(args: &VerifyArgs, verifier: &Verifier) -> Result<u8, CliError> {
    if let Some(dir) = &args.report_dir {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))?;
    }
    let files = args.batch.files(&args.signatures, looks_like_signature)?;
    let started = Instant::now();
    let progress = crate::progress::counter("verifying");
    let mut tally = Tally::default();
    let mut write_error = None;
    let mut out = BufferedOut::new();
    run_pool(
        args.batch.workers(),
        files,
        |path| {
            let (report, code) = verifier.verify(&path);
            let output = emit(args, &report, &path);
            (report.worst(), code, output)
        },
        |(worst, code, output)| {
            progress.inc(1);
            tally.add(worst, code);
            let printed = output.and_then(|text| text.map_or(Ok(()), |t| out.write(&t)));
            if let (None, Err(e)) = (&write_error, printed) {
                write_error = Some(e);
            }
        },
    );
    progress.finish_and_clear();
    let flushed = out.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    flushed?;
    note(&format!(
        "verify: {} files in {:.1} s: {} TOTAL-PASSED, {} TOTAL-FAILED, {} INDETERMINATE, {} unreadable",
        tally.total(),
        started.elapsed().as_secs_f64(),
        tally.passed,
        tally.failed,
        tally.indeterminate,
        tally.unreadable
    ));
    Ok(tally.worst)
}
