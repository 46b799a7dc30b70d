//! The optional signed attributes of Annex I as command-line options, shared by `sign`,
//! `cosign` and `countersign`.

use ades_cades::attributes::SignerLocation;
use ades_cades::{CommitmentType, SignatureOptions};

use crate::error::CliError;

/// Optional signed attributes (policy §3.6.5).
#[derive(Debug, clap::Args)]
pub(crate) struct AttributeArgs {
    /// Claimed role: emisor, receptor, tercero (or supplier, customer, third party); repeatable.
    #[arg(long = "role")]
    pub(crate) roles: Vec<String>,
    /// City where the signature is made (signer-location).
    #[arg(long)]
    pub(crate) location: Option<String>,
    /// Country code for signer-location (e.g. ES).
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Commitment: proof-of-origin, proof-of-receipt, proof-of-delivery, proof-of-sender,
    /// proof-of-approval, proof-of-creation.
    #[arg(long)]
    pub(crate) commitment: Option<String>,
}

impl AttributeArgs {
    /// The signature options these flags ask for.
    pub(crate) fn options(&self) -> Result<SignatureOptions, CliError> {
        let commitment = self
            .commitment
            .as_deref()
            .map(|name| {
                CommitmentType::ALL
                    .into_iter()
                    .find(|c| c.name() == name)
                    .ok_or_else(|| CliError::Usage(format!("unknown commitment {name}")))
            })
            .transpose()?;
        let location =
            (self.location.is_some() || self.country.is_some()).then(|| SignerLocation {
                country: self.country.clone(),
                locality: self.location.clone(),
                postal_address: Vec::new(),
            });
        Ok(SignatureOptions {
            location,
            claimed_roles: self.roles.clone(),
            commitment,
            ..SignatureOptions::default()
        })
    }

    /// The same as XAdES signed properties (the place as `SignatureProductionPlace`).
    pub(crate) fn xades_options(&self) -> Result<ades_xades::XadesOptions, CliError> {
        let common = self.options()?;
        Ok(ades_xades::XadesOptions {
            place: common.location.map(|l| ades_xades::ProductionPlace {
                city: l.locality,
                country_name: l.country,
                ..ades_xades::ProductionPlace::default()
            }),
            claimed_roles: common.claimed_roles,
            commitment: common.commitment,
        })
    }
}
