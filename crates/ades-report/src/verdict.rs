//! The verdict in words, for people: "Valid — TOTAL-PASSED", "Not valid — TOTAL-FAILED
//! (HASH_FAILURE)", "Cannot be confirmed — INDETERMINATE (NO_CERTIFICATE_CHAIN_FOUND)".

use ades_core::{Indication, SignatureReport, SubIndication, ValidationReport};

/// An indication with its sub-indication, shown with words first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// The EN 319 102-1 indication.
    pub(crate) indication: Indication,
    /// Why, when not passed.
    pub(crate) sub_indication: Option<SubIndication>,
}

impl Verdict {
    /// The verdict on one signature.
    pub(crate) fn of_signature(signature: &SignatureReport) -> Self {
        Verdict {
            indication: signature.indication,
            sub_indication: signature.sub_indication,
        }
    }

    /// The verdict on a file: the worst over its signatures, with the sub-indication of the
    /// first signature that has it (`None` when the file holds no signature).
    pub(crate) fn of_file(report: &ValidationReport) -> Option<Self> {
        let worst = report.worst();
        report
            .signatures
            .iter()
            .find(|s| s.indication == worst)
            .map(Self::of_signature)
    }

    /// The words: "Valid", "Not valid" or "Cannot be confirmed".
    pub(crate) fn words(self) -> &'static str {
        words(self.indication)
    }

    /// A CSS class name for the indication (`passed`, `failed`, `indeterminate`).
    pub(crate) fn class(self) -> &'static str {
        match self.indication {
            Indication::TotalPassed => "passed",
            Indication::TotalFailed => "failed",
            Indication::Indeterminate => "indeterminate",
        }
    }
}

/// The words for an indication.
pub(crate) fn words(indication: Indication) -> &'static str {
    match indication {
        Indication::TotalPassed => "Valid",
        Indication::TotalFailed => "Not valid",
        Indication::Indeterminate => "Cannot be confirmed",
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} — {}", self.words(), self.indication)?;
        match self.sub_indication {
            Some(sub) => write!(f, " ({sub})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_first() {
        let failed = Verdict {
            indication: Indication::TotalFailed,
            sub_indication: Some(SubIndication::HashFailure),
        };
        assert_eq!(
            failed.to_string(),
            "Not valid — TOTAL-FAILED (HASH_FAILURE)"
        );
        let passed = Verdict {
            indication: Indication::TotalPassed,
            sub_indication: None,
        };
        assert_eq!(passed.to_string(), "Valid — TOTAL-PASSED");
    }
}
