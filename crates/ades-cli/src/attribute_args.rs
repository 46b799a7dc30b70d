//! The optional signed attributes of Annex I as command-line options, shared by `sign`,
//! `cosign` and `countersign`.

use ades::{CommitmentType, Place, SignedAttributes};

use crate::values::parse_commitment;

/// Optional signed attributes (policy §3.6.4).
#[derive(Debug, clap::Args)]
pub(crate) struct AttributeArgs {
    /// Claimed role: emisor, receptor, tercero (or supplier, customer, third party); repeatable.
    #[arg(long = "role")]
    pub(crate) roles: Vec<String>,
    /// City where the signature is made (signer-location, SignatureProductionPlace, /Location).
    #[arg(long)]
    pub(crate) location: Option<String>,
    /// Country code of the place (e.g. ES; not in PAdES).
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Commitment: proof-of-origin, proof-of-receipt, proof-of-delivery, proof-of-sender,
    /// proof-of-approval, proof-of-creation.
    #[arg(long, value_parser = parse_commitment)]
    pub(crate) commitment: Option<CommitmentType>,
    /// MIME type of the signed document (default: detected; not in PAdES).
    #[arg(long)]
    pub(crate) mime: Option<String>,
}

impl AttributeArgs {
    /// The signed attributes these flags ask for.
    pub(crate) fn attributes(&self) -> SignedAttributes {
        SignedAttributes {
            data_format: self.mime.clone().map(ades::DataFormat::mime),
            roles: self.roles.clone(),
            place: (self.location.is_some() || self.country.is_some()).then(|| Place {
                city: self.location.clone(),
                country: self.country.clone(),
            }),
            commitment: self.commitment,
        }
    }
}
