//! ETSI TS 119 612 trusted lists (the EU and Spanish TSL): parsed **unverified** into
//! [`UnverifiedTrustedList`], and promoted to a [`TrustedList`] only by a
//! [`TrustedListVerifier`] that checks the list's XAdES signature (implemented by `ades-xades`,
//! so this crate does not depend on it). A verified list supplies trust anchors: the
//! certificates of its CA/QC (and TSA/QTST) services whose status was granted at a given time,
//! from the current status and the status history.
//!
//! The XML is read with `quick-xml` and no DTD: a document type declaration, an entity other
//! than the five predefined ones, nesting deeper than [`MAX_XML_DEPTH`] or more than
//! [`MAX_SERVICES`] services is an error.

use ades_core::Certificate;
use ades_core::time::OffsetDateTime;

use crate::store::TrustedPeriod;
use base64::Engine;
use quick_xml::events::Event;

/// Deepest element nesting read.
pub const MAX_XML_DEPTH: usize = 64;
/// Most services read from one list.
pub const MAX_SERVICES: usize = 20_000;

/// Service type of CAs issuing qualified certificates.
pub const SERVICE_CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
/// Service type of qualified time-stamping services.
pub const SERVICE_TSA_QTST: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
/// Service type of (non-qualified) time-stamping services.
pub const SERVICE_TSA: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA";

/// The service types whose certificates become anchors ([`crate::TrustStore::add_trusted_list`]).
pub const ANCHOR_SERVICES: [&str; 3] = [SERVICE_CA_QC, SERVICE_TSA_QTST, SERVICE_TSA];

/// Statuses under which a service is trusted (TS 119 612 §5.5.4, and the statuses of the
/// 1999/93/EC era).
const TRUSTED_STATUSES: [&str; 4] = [
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel",
    "http://uri.etsi.org/TrstSvc/Svcstatus/accredited",
    "http://uri.etsi.org/TrstSvc/Svcstatus/undersupervision",
];

/// Why a trusted list cannot be read or accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustedListError {
    /// Not well-formed XML.
    #[error("malformed trusted list XML at byte {position}: {reason}")]
    Xml {
        /// Byte offset.
        position: u64,
        /// What is wrong.
        reason: String,
    },
    /// DTDs and custom entities are refused (no XXE, no entity expansion).
    #[error("the trusted list has a DTD or a custom entity, which are refused")]
    Dtd,
    /// Too deep or too many services.
    #[error("the trusted list exceeds the reading limits ({0})")]
    Limit(&'static str),
    /// Not a TrustServiceStatusList.
    #[error("not an ETSI TS 119 612 TrustServiceStatusList")]
    NotATrustedList,
    /// The signature verifier refused the list.
    #[error("the trusted list's signature is not accepted: {0}")]
    Signature(String),
}

/// A status of a service from a point in time on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPeriod {
    /// Service type URI.
    pub service_type: String,
    /// Status URI.
    pub status: String,
    /// From when.
    pub start: OffsetDateTime,
}

/// One trust service.
#[derive(Debug, Clone)]
pub struct TrustService {
    /// Service name (first language given).
    pub name: String,
    /// The service's certificates (its digital identity).
    pub certificates: Vec<Certificate>,
    /// The current status and the history, newest first (as read: empty when the current
    /// status or its start cannot be read; history from the current status's start on is
    /// left out, TS 119 612 §5.6: history holds earlier statuses).
    pub statuses: Vec<StatusPeriod>,
}

impl TrustService {
    /// The type and status in force at `at` (of two starting at once, the first listed).
    pub fn status_at(&self, at: OffsetDateTime) -> Option<&StatusPeriod> {
        self.statuses
            .iter()
            .filter(|p| p.start <= at)
            .min_by_key(|p| std::cmp::Reverse(p.start))
    }

    /// Whether the service was trusted, as one of `types`, at `at` (within one of its
    /// [`TrustService::trusted_periods`]).
    pub fn trusted_at(&self, at: OffsetDateTime, types: &[&str]) -> bool {
        self.trusted_periods(types).iter().any(|p| p.contains(at))
    }

    /// When the service was trusted as one of `types`, oldest first: each status lasts until
    /// the next one starts (TS 119 612 §5.5.5 and §5.6). Empty for a service never trusted.
    pub fn trusted_periods(&self, types: &[&str]) -> Vec<TrustedPeriod> {
        let mut newest_first: Vec<&StatusPeriod> = self.statuses.iter().collect();
        newest_first.sort_by_key(|p| std::cmp::Reverse(p.start));
        let mut periods = Vec::new();
        let mut until = None;
        for status in newest_first {
            if status.is_trusted_as(types) && until.is_none_or(|u| status.start < u) {
                periods.push(TrustedPeriod {
                    from: status.start,
                    until,
                });
            }
            until = Some(status.start);
        }
        periods.reverse();
        periods
    }
}

impl StatusPeriod {
    fn is_trusted_as(&self, types: &[&str]) -> bool {
        types.contains(&self.service_type.as_str())
            && TRUSTED_STATUSES.contains(&self.status.as_str())
    }
}

/// A trust service provider and its services.
#[derive(Debug, Clone)]
pub struct TrustServiceProvider {
    /// Provider name (first language given).
    pub name: String,
    /// Its services.
    pub services: Vec<TrustService>,
}

/// The content of a trusted list.
#[derive(Debug, Clone)]
pub struct TrustedList {
    /// Scheme territory (`ES`).
    pub territory: String,
    /// TSLSequenceNumber.
    pub sequence_number: String,
    /// ListIssueDateTime.
    pub issued: Option<OffsetDateTime>,
    /// NextUpdate.
    pub next_update: Option<OffsetDateTime>,
    /// The providers.
    pub providers: Vec<TrustServiceProvider>,
}

impl TrustedList {
    /// Certificates of the services of `types` that were trusted at `at`.
    pub fn anchors_at(&self, at: OffsetDateTime, types: &[&str]) -> Vec<Certificate> {
        self.providers
            .iter()
            .flat_map(|p| &p.services)
            .filter(|s| s.trusted_at(at, types))
            .flat_map(|s| s.certificates.iter().cloned())
            .collect()
    }

    /// Certificates of the services of `types` that were ever trusted, each with the periods
    /// it was (a certificate of several services gets each one's periods).
    pub fn anchor_periods(&self, types: &[&str]) -> Vec<(Certificate, Vec<TrustedPeriod>)> {
        self.providers
            .iter()
            .flat_map(|p| &p.services)
            .map(|s| (s, s.trusted_periods(types)))
            .filter(|(_, periods)| !periods.is_empty())
            .flat_map(|(s, periods)| {
                s.certificates
                    .iter()
                    .map(move |c| (c.clone(), periods.clone()))
            })
            .collect()
    }

    /// Whether the list is out of date at `at`: its NextUpdate has passed, or it has none that
    /// can be read (none: a closed list, TS 119 612 §5.3.14). Services withdrawn since it was issued may still be
    /// granted in it; a validator should fetch the current list (EU DSS warns likewise).
    pub fn is_out_of_date_at(&self, at: OffsetDateTime) -> bool {
        self.next_update.is_none_or(|next| next < at)
    }

    /// Number of services.
    pub fn service_count(&self) -> usize {
        self.providers.iter().map(|p| p.services.len()).sum()
    }
}

/// Checks the XAdES signature of a trusted list (`ades-xades` implements it).
pub trait TrustedListVerifier {
    /// Verifies the enveloped signature of `xml` and returns the signer certificate when the
    /// signature is valid and made by one of `expected_signers` (the scheme operator's
    /// certificates, from the list of lists or configuration).
    fn verify(&self, xml: &[u8], expected_signers: &[Certificate]) -> Result<Certificate, String>;
}

/// A trusted list read but not yet verified: its content may be inspected, not trusted.
#[derive(Debug, Clone)]
pub struct UnverifiedTrustedList {
    xml: Vec<u8>,
    list: TrustedList,
}

impl UnverifiedTrustedList {
    /// Parses a trusted list without checking its signature.
    pub fn parse(xml: &[u8]) -> Result<Self, TrustedListError> {
        let list = Parser::default().run(xml)?;
        Ok(UnverifiedTrustedList {
            xml: xml.to_vec(),
            list,
        })
    }

    /// The content, for display; nothing here is trusted until [`Self::verify`] accepts it.
    pub fn content(&self) -> &TrustedList {
        &self.list
    }

    /// Accepts the list if `verifier` validates its signature by one of `expected_signers`.
    pub fn verify(
        self,
        verifier: &dyn TrustedListVerifier,
        expected_signers: &[Certificate],
    ) -> Result<TrustedList, TrustedListError> {
        verifier
            .verify(&self.xml, expected_signers)
            .map_err(TrustedListError::Signature)?;
        Ok(self.list)
    }
}

#[derive(Default)]
struct ServiceDraft {
    name: Option<String>,
    certificates: Vec<Certificate>,
    service_type: Option<String>,
    status: Option<String>,
    start: Option<OffsetDateTime>,
    history: Vec<StatusPeriod>,
    in_history: bool,
    hist_type: Option<String>,
    hist_status: Option<String>,
    hist_start: Option<OffsetDateTime>,
}

#[derive(Default)]
struct Parser {
    path: Vec<String>,
    text: String,
    list: Option<TrustedList>,
    provider: Option<TrustServiceProvider>,
    service: Option<ServiceDraft>,
    services: usize,
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    ades_core::datetime::parse_rfc3339(text.trim()).ok()
}

impl Parser {
    fn run(mut self, xml: &[u8]) -> Result<TrustedList, TrustedListError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let position = reader.buffer_position();
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| TrustedListError::Xml {
                    position,
                    reason: e.to_string(),
                })?;
            match event {
                Event::DocType(_) => return Err(TrustedListError::Dtd),
                Event::Start(e) => {
                    let name = e.local_name().into_inner().to_owned();
                    self.start(&name)?;
                }
                Event::Empty(e) => {
                    let name = e.local_name().into_inner().to_owned();
                    self.start(&name)?;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Text(t) => self.text.push_str(&t.xml10_content()),
                Event::CData(c) => self.text.push_str(&c.into_inner()),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => match r.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => return Err(TrustedListError::Dtd),
                        },
                    };
                    self.text.push(resolved);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        self.list.ok_or(TrustedListError::NotATrustedList)
    }

    fn start(&mut self, name: &str) -> Result<(), TrustedListError> {
        if self.path.len() >= MAX_XML_DEPTH {
            return Err(TrustedListError::Limit("nesting"));
        }
        if self.path.is_empty() {
            if name != "TrustServiceStatusList" {
                return Err(TrustedListError::NotATrustedList);
            }
            self.list = Some(TrustedList {
                territory: String::new(),
                sequence_number: String::new(),
                issued: None,
                next_update: None,
                providers: Vec::new(),
            });
        }
        // Only the list itself, along its structure: nothing inside the list's ds:Signature
        // (its ds:Object may hold anything, outside what the signature covers) or elsewhere.
        if self.in_signature() {
            self.path.push(name.to_owned());
            self.text.clear();
            return Ok(());
        }
        match name {
            "TrustServiceProvider" if self.parent(0) == Some("TrustServiceProviderList") => {
                self.provider = Some(TrustServiceProvider {
                    name: String::new(),
                    services: Vec::new(),
                });
            }
            "TSPService" if self.parent(0) == Some("TSPServices") => {
                self.services += 1;
                if self.services > MAX_SERVICES {
                    return Err(TrustedListError::Limit("services"));
                }
                self.service = Some(ServiceDraft::default());
            }
            "ServiceHistoryInstance" => {
                if let Some(s) = &mut self.service {
                    s.in_history = true;
                }
            }
            _ => {}
        }
        self.path.push(name.to_owned());
        self.text.clear();
        Ok(())
    }

    fn parent(&self, n: usize) -> Option<&str> {
        self.path
            .len()
            .checked_sub(n + 1)
            .and_then(|i| self.path.get(i))
            .map(String::as_str)
    }

    /// Whether the current element is inside a `Signature` element.
    fn in_signature(&self) -> bool {
        self.path.iter().any(|n| n == "Signature")
    }

    fn end(&mut self) -> Result<(), TrustedListError> {
        if self.in_signature() {
            self.path.pop();
            self.text.clear();
            return Ok(());
        }
        let name = self.path.pop().unwrap_or_default();
        let text = std::mem::take(&mut self.text);
        let text = text.trim();
        // Direct children of SchemeInformation only: the pointers to other lists repeat
        // SchemeTerritory and friends deeper down.
        let in_scheme = self.parent(0) == Some("SchemeInformation")
            || (self.parent(0) == Some("NextUpdate")
                && self.parent(1) == Some("SchemeInformation"));
        let under_next_update = self.parent(0) == Some("NextUpdate");
        if in_scheme && let Some(list) = &mut self.list {
            match name.as_str() {
                "SchemeTerritory" => list.territory = text.to_owned(),
                "TSLSequenceNumber" => list.sequence_number = text.to_owned(),
                "ListIssueDateTime" => list.issued = parse_time(text),
                "dateTime" if under_next_update => list.next_update = parse_time(text),
                _ => {}
            }
        }
        match name.as_str() {
            "Name" if self.parent(0) == Some("TSPName") => {
                if let Some(p) = &mut self.provider
                    && p.name.is_empty()
                {
                    p.name = text.to_owned();
                }
            }
            "TrustServiceProvider" => {
                if let (Some(p), Some(list)) = (self.provider.take(), &mut self.list) {
                    list.providers.push(p);
                }
            }
            "TSPService" => self.finish_service(),
            _ => self.service_field(&name, text),
        }
        Ok(())
    }

    fn service_field(&mut self, name: &str, text: &str) {
        let under_name = self.parent(0) == Some("ServiceName");
        let Some(s) = &mut self.service else { return };
        match name {
            "ServiceTypeIdentifier" if s.in_history => s.hist_type = Some(text.to_owned()),
            "ServiceTypeIdentifier" => s.service_type = Some(text.to_owned()),
            "ServiceStatus" if s.in_history => s.hist_status = Some(text.to_owned()),
            "ServiceStatus" => s.status = Some(text.to_owned()),
            "StatusStartingTime" if s.in_history => s.hist_start = parse_time(text),
            "StatusStartingTime" => s.start = parse_time(text),
            "Name" if under_name && !s.in_history && s.name.is_none() => {
                s.name = Some(text.to_owned())
            }
            "X509Certificate" if !s.in_history => {
                let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(compact)
                    && let Ok(cert) = Certificate::from_der(&der)
                {
                    s.certificates.push(cert);
                }
            }
            "ServiceHistoryInstance" => {
                if let (Some(service_type), Some(status), Some(start)) = (
                    s.hist_type.take(),
                    s.hist_status.take(),
                    s.hist_start.take(),
                ) {
                    s.history.push(StatusPeriod {
                        service_type,
                        status,
                        start,
                    });
                }
                s.in_history = false;
            }
            _ => {}
        }
    }

    fn finish_service(&mut self) {
        let Some(draft) = self.service.take() else {
            return;
        };
        // Without a readable current status the service is never trusted: its history alone
        // would leave its last period open.
        let mut statuses = Vec::new();
        if let (Some(service_type), Some(status), Some(start)) =
            (draft.service_type, draft.status, draft.start)
        {
            statuses.push(StatusPeriod {
                service_type,
                status,
                start,
            });
            statuses.extend(draft.history.into_iter().filter(|p| p.start < start));
        }
        statuses.sort_by_key(|p| std::cmp::Reverse(p.start));
        if let Some(p) = &mut self.provider {
            p.services.push(TrustService {
                name: draft.name.unwrap_or_default(),
                certificates: draft.certificates,
                statuses,
            });
        }
    }
}

/// Small trusted lists for tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod sample {
    use base64::Engine;

    use super::UnverifiedTrustedList;
    use ades_core::Certificate;
    use ades_core::time::OffsetDateTime;

    pub(crate) const GRANTED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
    pub(crate) const WITHDRAWN: &str =
        "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";

    /// A service of `kind` with `cert`, granted since 2020.
    pub(crate) fn service(kind: &str, cert: &Certificate) -> String {
        service_with(kind, cert, GRANTED, "2020-01-01T00:00:00Z", "")
    }

    /// A service of `kind` with `cert`, its current status and start, and history.
    pub(crate) fn service_with(
        kind: &str,
        cert: &Certificate,
        status: &str,
        start: &str,
        history: &str,
    ) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(cert.der());
        format!(
            "<TSPService><ServiceInformation><ServiceTypeIdentifier>{kind}</ServiceTypeIdentifier><ServiceName><Name>S</Name></ServiceName><ServiceDigitalIdentity><DigitalId><X509Certificate>{b64}</X509Certificate></DigitalId></ServiceDigitalIdentity><ServiceStatus>{status}</ServiceStatus><StatusStartingTime>{start}</StatusStartingTime></ServiceInformation>{history}</TSPService>"
        )
    }

    /// A service of `kind` with `cert`, granted in 2020, withdrawn in 2025.
    pub(crate) fn withdrawn_in_2025(kind: &str, cert: &Certificate) -> String {
        let history = format!(
            "<ServiceHistory><ServiceHistoryInstance><ServiceTypeIdentifier>{kind}</ServiceTypeIdentifier><ServiceName><Name>S</Name></ServiceName><ServiceStatus>{GRANTED}</ServiceStatus><StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime></ServiceHistoryInstance></ServiceHistory>"
        );
        service_with(kind, cert, WITHDRAWN, "2025-01-01T00:00:00Z", &history)
    }

    /// A list of `services`, of one provider.
    pub(crate) fn list_of(services: &str) -> UnverifiedTrustedList {
        let xml = format!(
            r#"<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"><SchemeInformation><SchemeTerritory>ES</SchemeTerritory></SchemeInformation><TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name>P</Name></TSPName></TSPInformation><TSPServices>{services}</TSPServices></TrustServiceProvider></TrustServiceProviderList></TrustServiceStatusList>"#
        );
        UnverifiedTrustedList::parse(xml.as_bytes()).unwrap()
    }

    pub(crate) fn time(text: &str) -> OffsetDateTime {
        ades_core::datetime::parse_rfc3339(text).unwrap()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const LIST: &str = r#"<?xml version="1.0"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#">
 <SchemeInformation><TSLSequenceNumber>7</TSLSequenceNumber><SchemeTerritory>ES</SchemeTerritory>
  <ListIssueDateTime>2026-01-01T00:00:00Z</ListIssueDateTime><NextUpdate><dateTime>2026-07-01T00:00:00Z</dateTime></NextUpdate></SchemeInformation>
 <TrustServiceProviderList><TrustServiceProvider>
  <TSPInformation><TSPName><Name xml:lang="es">FNMT &amp; RCM</Name></TSPName></TSPInformation>
  <TSPServices><TSPService><ServiceInformation>
   <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier>
   <ServiceName><Name xml:lang="en">AC Test</Name></ServiceName>
   <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn</ServiceStatus>
   <StatusStartingTime>2025-01-01T00:00:00Z</StatusStartingTime></ServiceInformation>
   <ServiceHistory><ServiceHistoryInstance>
    <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier>
    <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus>
    <StatusStartingTime>2016-07-01T00:00:00Z</StatusStartingTime></ServiceHistoryInstance></ServiceHistory>
  </TSPService></TSPServices></TrustServiceProvider></TrustServiceProviderList>
</TrustServiceStatusList>"#;

    #[test]
    fn reads_statuses_and_history() {
        let list = UnverifiedTrustedList::parse(LIST.as_bytes()).unwrap();
        let content = list.content();
        assert_eq!(content.territory, "ES");
        assert_eq!(content.providers[0].name, "FNMT & RCM");
        let service = &content.providers[0].services[0];
        assert_eq!(service.name, "AC Test");
        let in_2020 = ades_core::datetime::parse_rfc3339("2020-01-01T00:00:00Z").unwrap();
        let in_2026 = ades_core::datetime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert!(service.trusted_at(in_2020, &[SERVICE_CA_QC]));
        assert!(!service.trusted_at(in_2026, &[SERVICE_CA_QC]));
        let granted = ades_core::datetime::parse_rfc3339("2016-07-01T00:00:00Z").unwrap();
        let withdrawn = ades_core::datetime::parse_rfc3339("2025-01-01T00:00:00Z").unwrap();
        assert_eq!(
            service.trusted_periods(&[SERVICE_CA_QC]),
            [TrustedPeriod {
                from: granted,
                until: Some(withdrawn)
            }]
        );
        assert!(service.trusted_periods(&[SERVICE_TSA_QTST]).is_empty());
        // NextUpdate 2026-07-01.
        assert!(!content.is_out_of_date_at(in_2026));
        let in_2027 = ades_core::datetime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
        assert!(content.is_out_of_date_at(in_2027));
    }

    /// History holds earlier statuses: one dated after the current status is left out, and a
    /// service whose current status has no readable start is never trusted (either would
    /// leave a granted period open after a withdrawal).
    #[test]
    fn history_cannot_reopen_a_withdrawn_service() {
        let at = |t: &str| ades_core::datetime::parse_rfc3339(t).unwrap();
        let service = |xml: &str| {
            let list = UnverifiedTrustedList::parse(xml.as_bytes()).unwrap();
            list.content().providers[0].services[0].clone()
        };
        let stray = LIST.replace(
            "<StatusStartingTime>2016-07-01T00:00:00Z</StatusStartingTime>",
            "<StatusStartingTime>2026-01-01T00:00:00Z</StatusStartingTime>",
        );
        let stray = service(&stray);
        assert_eq!(stray.statuses.len(), 1);
        assert!(stray.trusted_periods(&[SERVICE_CA_QC]).is_empty());
        assert!(!stray.trusted_at(at("2026-06-01T00:00:00Z"), &[SERVICE_CA_QC]));

        let unreadable = LIST.replace(
            "<StatusStartingTime>2025-01-01T00:00:00Z</StatusStartingTime>",
            "<StatusStartingTime>soon</StatusStartingTime>",
        );
        let unreadable = service(&unreadable);
        assert!(unreadable.statuses.is_empty());
        assert!(unreadable.trusted_periods(&[SERVICE_CA_QC]).is_empty());

        // Statuses given oldest first (the field is public) are ordered before use.
        let mut reversed = service(LIST);
        reversed.statuses.reverse();
        assert_eq!(
            reversed.trusted_periods(&[SERVICE_CA_QC]),
            service(LIST).trusted_periods(&[SERVICE_CA_QC])
        );
        assert!(!reversed.trusted_at(at("2026-01-01T00:00:00Z"), &[SERVICE_CA_QC]));
    }

    /// The list's signature covers everything but itself: a provider written inside
    /// `ds:Signature` (in a `ds:Object`, which may hold anything) is not the list's.
    #[test]
    fn providers_inside_the_signature_are_not_the_lists() {
        let injected = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object><TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name>Evil</Name></TSPName></TSPInformation><TSPServices><TSPService><ServiceInformation><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><ServiceName><Name>Evil CA</Name></ServiceName><ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus><StatusStartingTime>2000-01-01T00:00:00Z</StatusStartingTime></ServiceInformation></TSPService></TSPServices></TrustServiceProvider></TrustServiceProviderList></ds:Object></ds:Signature>"#;
        let wrapped = LIST.replace(
            "</TrustServiceStatusList>",
            &format!("{injected}</TrustServiceStatusList>"),
        );
        let list = UnverifiedTrustedList::parse(wrapped.as_bytes()).unwrap();
        let names: Vec<&str> = list
            .content()
            .providers
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["FNMT & RCM"]);
        assert_eq!(list.content().providers[0].services.len(), 1);
        // Nor a service outside its provider's TSPServices.
        let stray = LIST.replace(
            "</TrustServiceProviderList>",
            "<TSPService><ServiceInformation><ServiceName><Name>Stray</Name></ServiceName></ServiceInformation></TSPService></TrustServiceProviderList>",
        );
        let list = UnverifiedTrustedList::parse(stray.as_bytes()).unwrap();
        assert_eq!(list.content().providers[0].services.len(), 1);
    }

    #[test]
    fn refuses_dtds_and_entities() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><TrustServiceStatusList>&e;</TrustServiceStatusList>"#;
        assert_eq!(
            UnverifiedTrustedList::parse(xxe.as_bytes()).unwrap_err(),
            TrustedListError::Dtd
        );
        let entity = r#"<TrustServiceStatusList>&e;</TrustServiceStatusList>"#;
        assert_eq!(
            UnverifiedTrustedList::parse(entity.as_bytes()).unwrap_err(),
            TrustedListError::Dtd
        );
        let deep = format!("<TrustServiceStatusList>{}", "<a>".repeat(100));
        assert_eq!(
            UnverifiedTrustedList::parse(deep.as_bytes()).unwrap_err(),
            TrustedListError::Limit("nesting")
        );
        assert!(UnverifiedTrustedList::parse(b"<other/>").is_err());
    }

    struct Refuse;
    impl TrustedListVerifier for Refuse {
        fn verify(&self, _: &[u8], _: &[Certificate]) -> Result<Certificate, String> {
            Err("no signature verifier".into())
        }
    }

    #[test]
    fn only_a_verifier_makes_it_trusted() {
        let list = UnverifiedTrustedList::parse(LIST.as_bytes()).unwrap();
        assert!(matches!(
            list.verify(&Refuse, &[]),
            Err(TrustedListError::Signature(_))
        ));
    }
}
