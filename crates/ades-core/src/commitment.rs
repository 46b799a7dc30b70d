//! Commitment types (TS 101 733 §5.11.1, XAdES `CommitmentTypeIndication`): what the
//! signer does by signing.

use const_oid::ObjectIdentifier;

/// Commitment types of TS 101 733 §5.11.1 (the signer's action on the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentType {
    /// The signer created, approved and sent the document.
    ProofOfOrigin,
    /// The signer received the document.
    ProofOfReceipt,
    /// A trusted party delivered the document.
    ProofOfDelivery,
    /// The signer sent the document (not necessarily created it).
    ProofOfSender,
    /// The signer approved the content.
    ProofOfApproval,
    /// The signer created the document (not necessarily approved or sent it).
    ProofOfCreation,
}

impl CommitmentType {
    /// The commitment type OID.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Self::ProofOfOrigin => crate::oid::CTI_PROOF_OF_ORIGIN,
            Self::ProofOfReceipt => crate::oid::CTI_PROOF_OF_RECEIPT,
            Self::ProofOfDelivery => crate::oid::CTI_PROOF_OF_DELIVERY,
            Self::ProofOfSender => crate::oid::CTI_PROOF_OF_SENDER,
            Self::ProofOfApproval => crate::oid::CTI_PROOF_OF_APPROVAL,
            Self::ProofOfCreation => crate::oid::CTI_PROOF_OF_CREATION,
        }
    }

    /// Every commitment type.
    pub const ALL: [CommitmentType; 6] = [
        Self::ProofOfOrigin,
        Self::ProofOfReceipt,
        Self::ProofOfDelivery,
        Self::ProofOfSender,
        Self::ProofOfApproval,
        Self::ProofOfCreation,
    ];

    /// Command-line name (`proof-of-origin`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::ProofOfOrigin => "proof-of-origin",
            Self::ProofOfReceipt => "proof-of-receipt",
            Self::ProofOfDelivery => "proof-of-delivery",
            Self::ProofOfSender => "proof-of-sender",
            Self::ProofOfApproval => "proof-of-approval",
            Self::ProofOfCreation => "proof-of-creation",
        }
    }

    /// The type with a command-line name, or with an OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.oid() == *oid)
    }
}
