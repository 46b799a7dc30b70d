//! Services with a chosen clock, in process: a TSA whose tokens carry a fixed genTime (for
//! time-stamps "made in the past"), and a validation-data source that adds nothing (for
//! extending signatures whose certificates cannot be checked now).

use ades_core::Certificate;
use ades_core::ValidationData;
use ades_core::time::OffsetDateTime;
use ades_core::transport::{Transport, TransportError};
use ades_core::validation::{CollectError, ValidationDataSource};

use crate::{Identity, TestPki};

/// A [`Transport`] answering time-stamp requests as `tsa` of `pki` would at `at`, whatever
/// the URL; it fetches nothing.
pub struct FixedClockTsa<'a> {
    pki: &'a TestPki,
    tsa: &'a Identity,
    at: OffsetDateTime,
}

impl<'a> FixedClockTsa<'a> {
    /// `tsa` answering at `at`.
    pub fn new(pki: &'a TestPki, tsa: &'a Identity, at: OffsetDateTime) -> Self {
        FixedClockTsa { pki, tsa, at }
    }
}

impl Transport for FixedClockTsa<'_> {
    fn post(&self, url: &str, _: &str, body: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.pki
            .timestamp_response_by(self.tsa, body, self.at)
            .map_err(|e| TransportError::Unreachable {
                url: url.to_owned(),
                reason: e.to_string(),
            })
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::Offline(url.to_owned()))
    }
}

/// A [`ValidationDataSource`] that finds nothing to add.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoValidationData;

impl ValidationDataSource for NoValidationData {
    fn collect(
        &self,
        _: &Certificate,
        _: &ValidationData,
        _: OffsetDateTime,
        _: Option<OffsetDateTime>,
    ) -> Result<ValidationData, CollectError> {
        Ok(ValidationData::new())
    }
}
