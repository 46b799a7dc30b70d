//! The options only PAdES signing has (the signature dictionary, appearance, dynamic content).

use ades::PdfOptions;
use ades::pades::Appearance;

use crate::error::CliError;

/// PAdES options of `ades sign`.
#[derive(Debug, clap::Args)]
pub(crate) struct PadesArgs {
    /// PAdES: /Reason of the signature dictionary.
    #[arg(long)]
    pub(crate) reason: Option<String>,
    /// PAdES: /ContactInfo of the signature dictionary.
    #[arg(long)]
    pub(crate) contact: Option<String>,
    /// PAdES: /Name of the signature dictionary (default: the certificate's common name).
    #[arg(long)]
    pub(crate) signer_name: Option<String>,
    /// PAdES: the signature field's name (default: the first free SignatureN).
    #[arg(long)]
    pub(crate) field_name: Option<String>,
    /// PAdES: a visible signature, PAGE:X,Y,WIDTH,HEIGHT in points from the page's lower-left
    /// corner (page from 1); invisible by default.
    #[arg(long, value_name = "PAGE:X,Y,W,H")]
    pub(crate) visible: Option<String>,
    /// PAdES: a line of text for the visible signature (repeatable; default: signer and date).
    #[arg(long = "visible-text", requires = "visible")]
    pub(crate) visible_text: Vec<String>,
    /// PAdES: sign even if the PDF has JavaScript, launch or submit actions, embedded files or
    /// XFA (the policy forbids signing dynamic content, §3.1.1: only when you accept it).
    #[arg(long)]
    pub(crate) allow_dynamic_content: bool,
    /// PAdES: bytes reserved for the CMS in /Contents (default: estimated).
    #[arg(long, value_name = "BYTES")]
    pub(crate) contents_size: Option<usize>,
    /// PAdES: show the document's secure verification code (CSV, policy §4.1.2) in the
    /// visible signature, made with this issuing body's secret over the PDF as it was before
    /// signing and the signer (`ades csv check` accepts the signed PDF).
    #[arg(long, value_name = "FILE", requires = "visible")]
    pub(crate) csv_secret_file: Option<std::path::PathBuf>,
    /// PAdES: the issuing body named in the CSV (with --csv-secret-file).
    #[arg(
        long,
        default_value = "Ayuntamiento de Madrid",
        requires = "csv_secret_file"
    )]
    pub(crate) csv_issuer: String,
}

impl PadesArgs {
    /// The signature dictionary and appearance these flags ask for.
    pub(crate) fn pdf_options(&self) -> Result<PdfOptions, CliError> {
        Ok(PdfOptions {
            reason: self.reason.clone(),
            contact_info: self.contact.clone(),
            name: self.signer_name.clone(),
            field_name: self.field_name.clone(),
            appearance: self.appearance()?,
            allow_dynamic_content: self.allow_dynamic_content,
            contents_size: self.contents_size,
        })
    }

    /// The appearance `--visible` asks for.
    fn appearance(&self) -> Result<Appearance, CliError> {
        let Some(spec) = &self.visible else {
            return Ok(Appearance::Invisible);
        };
        parse_visible(spec)
            .map(|(page, rect)| Appearance::Visible {
                page,
                rect,
                lines: self.visible_text.clone(),
            })
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--visible {spec}: expected PAGE:X,Y,WIDTH,HEIGHT (e.g. 1:36,36,200,50)"
                ))
            })
    }
}

impl PadesArgs {
    /// With `--csv-secret-file`: `options` showing the code of `input` signed by `signer` as
    /// the last line of the visible signature (after the signer's name when no
    /// `--visible-text` was given). Without it, `None`.
    pub(crate) fn with_verification_code(
        &self,
        options: &PdfOptions,
        input: &std::path::Path,
        signer: &ades::Certificate,
    ) -> Result<Option<PdfOptions>, CliError> {
        let Some(secret) = &self.csv_secret_file else {
            return Ok(None);
        };
        let signer_name =
            crate::cmd::csv::signer_name(&ades::core::report::SignerSummary::of(signer));
        let code = crate::cmd::csv::code_of(secret, &self.csv_issuer, input, &signer_name)?;
        let mut options = options.clone();
        if let Appearance::Visible { lines, .. } = &mut options.appearance {
            if lines.is_empty() {
                lines.push(format!(
                    "Firmado por {}",
                    signer
                        .common_name()
                        .unwrap_or_else(|| signer.subject_text())
                ));
            }
            lines.push(format!("CSV: {code}"));
        }
        crate::output::note(&format!(
            "{}: secure verification code {code}",
            input.display()
        ));
        Ok(Some(options))
    }
}

fn parse_visible(spec: &str) -> Option<(usize, [f64; 4])> {
    let (page, rect) = spec.split_once(':')?;
    let page: usize = page.trim().parse().ok().filter(|p| *p >= 1)?;
    let values: Vec<f64> = rect
        .split(',')
        .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect::<Option<_>>()?;
    match values.as_slice() {
        [x, y, w, h] if *w > 0.0 && *h > 0.0 => Some((page, [*x, *y, *w, *h])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_spec() {
        assert_eq!(
            parse_visible("1:36,36,200,50"),
            Some((1, [36.0, 36.0, 200.0, 50.0]))
        );
        for bad in [
            "0:1,1,1,1",
            "1:1,1,1",
            "1:1,1,0,5",
            "x:1,1,1,1",
            "1:a,1,1,1",
            "1;1,1,1,1",
        ] {
            assert_eq!(parse_visible(bad), None, "{bad}");
        }
    }
}
