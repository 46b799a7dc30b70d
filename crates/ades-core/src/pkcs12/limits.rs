//! Bounds that keep a hostile PKCS#12 file from exhausting memory, stack or CPU time.

use super::Pkcs12Error;

/// Largest PKCS#12 file [`read`](super::read) accepts, in bytes (16 MiB).
pub const MAX_FILE_SIZE: usize = 16 * 1024 * 1024;

/// Largest iteration count of one key derivation (read or written).
pub const MAX_ITERATIONS: u32 = 10_000_000;

/// Largest sum of the iteration counts of every key derivation one read performs.
pub const MAX_TOTAL_ITERATIONS: u64 = 2 * MAX_ITERATIONS as u64;

/// Deepest nesting of `safeContentsBag`s that is followed.
pub(crate) const MAX_BAG_NESTING: usize = 4;

/// Longest salt accepted, in bytes (real files use 8 to 64).
pub(crate) const MAX_SALT_LEN: usize = 1024;

/// Longest key PBMAC1 may ask PBKDF2 for, in bytes.
pub(crate) const MAX_MAC_KEY_LEN: usize = 1024;

/// The key-derivation work left for one read.
#[derive(Debug)]
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    /// A full budget of [`MAX_TOTAL_ITERATIONS`].
    pub(crate) fn new() -> Self {
        Budget {
            left: MAX_TOTAL_ITERATIONS,
        }
    }

    /// Checks one iteration count (1 to [`MAX_ITERATIONS`]) and takes it from the budget.
    pub(crate) fn charge(&mut self, iterations: u64) -> Result<u32, Pkcs12Error> {
        let count = check_iterations(iterations)?;
        self.left = self
            .left
            .checked_sub(iterations)
            .ok_or(Pkcs12Error::WorkLimit {
                max: MAX_TOTAL_ITERATIONS,
            })?;
        Ok(count)
    }
}

/// Checks that an iteration count lies in 1 to [`MAX_ITERATIONS`].
pub(crate) fn check_iterations(iterations: u64) -> Result<u32, Pkcs12Error> {
    match u32::try_from(iterations) {
        Ok(count) if (1..=MAX_ITERATIONS).contains(&count) => Ok(count),
        _ => Err(Pkcs12Error::IterationCount {
            iterations,
            max: MAX_ITERATIONS,
        }),
    }
}

/// Checks the length of a salt.
pub(crate) fn check_salt(salt: &[u8]) -> Result<(), Pkcs12Error> {
    if salt.len() > MAX_SALT_LEN {
        Err(Pkcs12Error::Invalid {
            what: "salt (longer than 1024 bytes)",
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iteration_bounds() {
        assert!(check_iterations(0).is_err());
        assert!(check_iterations(1).is_ok());
        assert!(check_iterations(u64::from(MAX_ITERATIONS)).is_ok());
        assert!(check_iterations(u64::from(MAX_ITERATIONS) + 1).is_err());
        assert!(check_iterations(u64::MAX).is_err());
    }

    #[test]
    fn budget_runs_out() {
        let mut budget = Budget::new();
        assert!(budget.charge(u64::from(MAX_ITERATIONS)).is_ok());
        assert!(budget.charge(u64::from(MAX_ITERATIONS)).is_ok());
        assert!(matches!(
            budget.charge(1),
            Err(Pkcs12Error::WorkLimit { .. })
        ));
    }
}
