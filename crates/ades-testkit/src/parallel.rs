//! Timed cases on threads of their own (fault tests, where each case may wait for a
//! timeout: run side by side, the suite waits once).

use std::time::{Duration, Instant};

/// Runs `run` for each case on its own thread; per case: its label, what it gave and how long
/// it took. A case that panics panics here, after every case has ended.
pub fn in_parallel<C: Sync, T: Send>(
    cases: &[(&'static str, C)],
    run: impl Fn(&C) -> T + Sync,
) -> Vec<(&'static str, T, Duration)> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(label, case)| {
                let run = &run;
                scope.spawn(move || {
                    let started = Instant::now();
                    let outcome = run(case);
                    (*label, outcome, started.elapsed())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
