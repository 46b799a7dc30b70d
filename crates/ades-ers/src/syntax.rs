//! The ASN.1 of RFC 4998 §3 (module `DEFINITIONS IMPLICIT TAGS`), read keeping each archive
//! time-stamp as encoded, and written in DER:
//!
//! ```text
//! EvidenceRecord ::= SEQUENCE {
//!   version INTEGER { v1(1) },
//!   digestAlgorithms SEQUENCE OF AlgorithmIdentifier,
//!   cryptoInfos [0] CryptoInfos OPTIONAL,
//!   encryptionInfo [1] EncryptionInfo OPTIONAL,
//!   archiveTimeStampSequence ArchiveTimeStampSequence }
//! ArchiveTimeStampSequence ::= SEQUENCE OF ArchiveTimeStampChain
//! ArchiveTimeStampChain ::= SEQUENCE OF ArchiveTimeStamp
//! ArchiveTimeStamp ::= SEQUENCE {
//!   digestAlgorithm [0] AlgorithmIdentifier OPTIONAL,
//!   attributes [1] Attributes OPTIONAL,
//!   reducedHashtree [2] SEQUENCE OF PartialHashtree OPTIONAL,
//!   timeStamp ContentInfo }
//! PartialHashtree ::= SEQUENCE OF OCTET STRING
//! ```

use ades_core::DigestAlgorithm;
use ades_core::algorithm::AlgorithmId;
use ades_core::ber::{self, Reader, Tlv, constructed, tlv};

use crate::{Error, Result};

/// Most chains, time-stamps per chain, partial hash trees per time-stamp and hashes per
/// partial hash tree read from one record (an archive holds records for centuries, not more).
const MAX_ITEMS: usize = 4096;

/// An evidence record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecord {
    /// `digestAlgorithms`, as encoded.
    pub digest_algorithms: Vec<AlgorithmId>,
    /// `cryptoInfos` and `encryptionInfo`, as encoded, kept unchanged.
    pub(crate) infos: Vec<Vec<u8>>,
    /// The chains, oldest first: each after the first is a hash-tree renewal.
    pub chains: Vec<Chain>,
    /// What each hash-tree renewal covers, when not the DER of the chains before it (XML
    /// records: the canonical sequence).
    pub(crate) sequence_inputs: Option<Vec<Vec<Vec<u8>>>>,
}

/// An `ArchiveTimeStampChain`: the first time-stamp, then time-stamp renewals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The archive time-stamps, oldest first.
    pub stamps: Vec<ArchiveTimeStamp>,
}

/// An `ArchiveTimeStamp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveTimeStamp {
    /// `digestAlgorithm`, when given (otherwise the time-stamp's imprint algorithm).
    pub digest_algorithm: Option<AlgorithmId>,
    /// `reducedHashtree`: the lists of hashes from the leaves to the root.
    pub reduced_hashtree: Option<Vec<Vec<Vec<u8>>>>,
    /// `timeStamp`: the RFC 3161 token (`ContentInfo`), as encoded.
    pub timestamp: Vec<u8>,
    /// The whole element as encoded.
    pub(crate) raw: Vec<u8>,
    /// What a time-stamp renewal after it may cover, when not its token (XML records: the
    /// canonical element, then the other readings writers use).
    pub(crate) renewal_inputs: Vec<Vec<u8>>,
}

impl ArchiveTimeStamp {
    /// An archive time-stamp of an XML record (RFC 6283).
    pub(crate) fn read_xml(
        digest_algorithm: Option<AlgorithmId>,
        reduced_hashtree: Option<Vec<Vec<Vec<u8>>>>,
        timestamp: Vec<u8>,
        renewal_inputs: Vec<Vec<u8>>,
    ) -> Self {
        ArchiveTimeStamp {
            digest_algorithm,
            reduced_hashtree,
            timestamp,
            raw: Vec::new(),
            renewal_inputs,
        }
    }

    /// What a time-stamp renewal after this one may cover: its token (RFC 4998), or the
    /// canonical element and the other readings of RFC 6283 writers.
    pub fn renewal_inputs(&self) -> Vec<&[u8]> {
        match self.renewal_inputs.is_empty() {
            true => vec![self.timestamp.as_slice()],
            false => self.renewal_inputs.iter().map(Vec::as_slice).collect(),
        }
    }

    /// A new archive time-stamp over a tree made with `alg`.
    pub fn new(alg: DigestAlgorithm, reduced: Option<Vec<Vec<Vec<u8>>>>, token: Vec<u8>) -> Self {
        let algorithm = AlgorithmId {
            oid: alg.oid(),
            parameters: None,
        };
        let mut parts = vec![tlv(
            ber::context_constructed(0),
            &ades_core::algorithm::encode_oid(&algorithm.oid),
        )];
        if let Some(tree) = &reduced {
            let lists: Vec<Vec<u8>> = tree
                .iter()
                .map(|list| {
                    let hashes: Vec<Vec<u8>> =
                        list.iter().map(|h| tlv(ber::OCTET_STRING, h)).collect();
                    tlv(ber::SEQUENCE, &hashes.concat())
                })
                .collect();
            parts.push(tlv(ber::context_constructed(2), &lists.concat()));
        }
        parts.push(token.clone());
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        ArchiveTimeStamp {
            digest_algorithm: Some(algorithm),
            reduced_hashtree: reduced,
            timestamp: token,
            raw: constructed(ber::SEQUENCE, &refs),
            renewal_inputs: Vec::new(),
        }
    }

    /// The element as encoded.
    pub fn der(&self) -> &[u8] {
        &self.raw
    }

    /// Its hash algorithm: `digestAlgorithm`, else its token's imprint algorithm; `None` when
    /// this library does not compute it.
    pub fn algorithm(&self) -> Option<DigestAlgorithm> {
        match &self.digest_algorithm {
            Some(a) => a.digest(),
            None => ades_tsp::TimeStampToken::from_der(&self.timestamp)
                .ok()
                .and_then(|t| t.tst_info().message_imprint.algorithm.digest()),
        }
    }

    fn read(t: &Tlv<'_>) -> Result<Self> {
        let mut r = (*t).expect_tag(ber::SEQUENCE)?.children()?;
        let digest_algorithm = match r.read_optional(ber::context_constructed(0))? {
            Some(a) => Some(AlgorithmId::from_der(&a.retagged(ber::SEQUENCE)?)?),
            None => None,
        };
        let _attributes = r.read_optional(ber::context_constructed(1))?;
        let reduced_hashtree = match r.read_optional(ber::context_constructed(2))? {
            Some(tree) => {
                let mut lists = Vec::new();
                let mut rt = tree.children()?;
                while let Some(list) = rt.next_element()? {
                    let mut hashes = Vec::new();
                    let mut rl = list.expect_tag(ber::SEQUENCE)?.children()?;
                    while let Some(h) = rl.next_element()? {
                        hashes.push(h.expect_tag(ber::OCTET_STRING)?.string_value()?.to_vec());
                        limit(hashes.len())?;
                    }
                    lists.push(hashes);
                    limit(lists.len())?;
                }
                Some(lists)
            }
            None => None,
        };
        let timestamp = r.read_tag(ber::SEQUENCE)?.raw().to_vec();
        r.finish()?;
        Ok(ArchiveTimeStamp {
            digest_algorithm,
            reduced_hashtree,
            timestamp,
            raw: t.raw().to_vec(),
            renewal_inputs: Vec::new(),
        })
    }
}

impl Chain {
    /// The chain as encoded (its time-stamps as read).
    pub fn der(&self) -> Vec<u8> {
        let stamps: Vec<&[u8]> = self.stamps.iter().map(|s| s.raw.as_slice()).collect();
        constructed(ber::SEQUENCE, &stamps)
    }
}

impl EvidenceRecord {
    /// A record of one chain of one archive time-stamp made with `alg`.
    pub fn new(alg: DigestAlgorithm, first: ArchiveTimeStamp) -> Self {
        EvidenceRecord {
            digest_algorithms: vec![AlgorithmId {
                oid: alg.oid(),
                parameters: None,
            }],
            infos: Vec::new(),
            chains: vec![Chain {
                stamps: vec![first],
            }],
            sequence_inputs: None,
        }
    }

    /// Reads a DER (or definite-length BER) evidence record.
    pub fn from_der(bytes: &[u8]) -> Result<Self> {
        let top = Reader::single(bytes)?.expect_tag(ber::SEQUENCE)?;
        let mut r = top.children()?;
        let version = r.read_tag(ber::INTEGER)?;
        if version.content() != [1] {
            return Err(Error::Malformed("the version is not v1".into()));
        }
        let mut digest_algorithms = Vec::new();
        let mut ra = r.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(a) = ra.next_element()? {
            digest_algorithms.push(AlgorithmId::parse(&a)?);
            limit(digest_algorithms.len())?;
        }
        let mut infos = Vec::new();
        for tag in [ber::context_constructed(0), ber::context_constructed(1)] {
            if let Some(info) = r.read_optional(tag)? {
                infos.push(info.raw().to_vec());
            }
        }
        let mut chains = Vec::new();
        let mut rs = r.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(chain) = rs.next_element()? {
            let mut stamps = Vec::new();
            let mut rc = chain.expect_tag(ber::SEQUENCE)?.children()?;
            while let Some(stamp) = rc.next_element()? {
                stamps.push(ArchiveTimeStamp::read(&stamp)?);
                limit(stamps.len())?;
            }
            if stamps.is_empty() {
                return Err(Error::Malformed("an empty ArchiveTimeStampChain".into()));
            }
            chains.push(Chain { stamps });
            limit(chains.len())?;
        }
        r.finish()?;
        if chains.is_empty() {
            return Err(Error::Malformed("no ArchiveTimeStampChain".into()));
        }
        Ok(EvidenceRecord {
            digest_algorithms,
            infos,
            chains,
            sequence_inputs: None,
        })
    }

    /// The DER encoding.
    pub fn to_der(&self) -> Vec<u8> {
        let algorithms: Vec<Vec<u8>> = self
            .digest_algorithms
            .iter()
            .map(|a| {
                let mut content = ades_core::algorithm::encode_oid(&a.oid);
                if let Some(p) = &a.parameters {
                    content.extend_from_slice(p);
                }
                tlv(ber::SEQUENCE, &content)
            })
            .collect();
        let mut parts = vec![
            tlv(ber::INTEGER, &[1]),
            tlv(ber::SEQUENCE, &algorithms.concat()),
        ];
        parts.extend(self.infos.iter().cloned());
        parts.push(self.sequence_der(self.chains.len()));
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        constructed(ber::SEQUENCE, &refs)
    }

    /// The `ArchiveTimeStampSequence` of the first `count` chains, as a hash-tree renewal
    /// covers it (RFC 4998 §5.2).
    pub fn sequence_der(&self, count: usize) -> Vec<u8> {
        let chains: Vec<Vec<u8>> = self.chains.iter().take(count).map(Chain::der).collect();
        tlv(ber::SEQUENCE, &chains.concat())
    }

    /// A record read from XML (RFC 6283).
    pub(crate) fn from_xml_parts(
        digest_algorithms: Vec<AlgorithmId>,
        chains: Vec<Chain>,
        sequence_inputs: Vec<Vec<Vec<u8>>>,
    ) -> Self {
        EvidenceRecord {
            digest_algorithms,
            infos: Vec::new(),
            chains,
            sequence_inputs: Some(sequence_inputs),
        }
    }

    /// What a hash-tree renewal starting chain `c` may cover with the data: the chains before
    /// it (their DER, RFC 4998; their canonical sequence and the other readings of RFC 6283
    /// writers).
    pub fn sequence_inputs(&self, c: usize) -> Vec<Vec<u8>> {
        match self.sequence_inputs.as_ref().and_then(|s| s.get(c)) {
            Some(inputs) => inputs.clone(),
            None => vec![self.sequence_der(c)],
        }
    }

    /// Whether the record was read from XML (RFC 6283): it cannot be renewed or written here.
    pub fn is_xml(&self) -> bool {
        self.sequence_inputs.is_some()
    }

    /// The hash algorithm of the newest chain (what a time-stamp renewal keeps).
    pub fn current_algorithm(&self) -> Option<DigestAlgorithm> {
        self.chains.last()?.stamps.first()?.algorithm()
    }

    /// Adds `alg` to `digestAlgorithms` unless present.
    pub(crate) fn add_digest_algorithm(&mut self, alg: DigestAlgorithm) {
        if !self.digest_algorithms.iter().any(|a| a.oid == alg.oid()) {
            self.digest_algorithms.push(AlgorithmId {
                oid: alg.oid(),
                parameters: None,
            });
        }
    }
}

fn limit(n: usize) -> Result<()> {
    if n > MAX_ITEMS {
        return Err(Error::Malformed(format!(
            "more than {MAX_ITEMS} items in one list"
        )));
    }
    Ok(())
}
