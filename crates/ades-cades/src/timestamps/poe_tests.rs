//! A signature time-stamp of a TSA revoked since proves the signing time only when a later
//! archive time-stamp shows the token existed before the revocation.

#![allow(clippy::unwrap_used)]

use ades_core::cms::{Attribute, SignedData};
use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::time::Duration;
use ades_core::{DataFormat, DigestAlgorithm, Indication, Sha256, datetime, digest, oid};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_trust::ChainValidator;
use ades_tsp::MessageImprint;

use crate::{CadesBuilder, CadesValidator};

const DOC: &[u8] = b"Licencia de actividad, Madrid\n";

fn time_stamp(imprint: Vec<u8>) -> MessageImprint {
    MessageImprint::new(DigestAlgorithm::Sha256, imprint)
}

#[test]
fn an_archive_time_stamp_proves_a_token_whose_tsa_was_revoked_later() {
    let pki = TestPki::shared();
    let tsa2 = pki.second_tsa().unwrap();
    let before = TestPki::revocation_time() - Duration::days(30);
    let mut sd: SignedData = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.signer1.key, before)
        .unwrap()
        .into_signed_data();
    let stamped_at = before + Duration::minutes(1);
    let over_signature = time_stamp(digest::digest(
        DigestAlgorithm::Sha256,
        sd.signer_infos()[0].signature(),
    ));
    let token = pki
        .timestamp_token_by(&tsa2, &over_signature.to_der(), None, true, stamped_at)
        .unwrap();
    sd.signer_infos_mut()[0]
        .add_unsigned_attribute(Attribute::single(oid::ATTR_SIGNATURE_TIMESTAMP, token));

    let now = datetime::now();
    let crls = pki.current_crls(now, &[&tsa2.certificate]).unwrap();
    let chain = ChainValidator::offline([pki.root.certificate.clone()], crls).unwrap();
    let policy = MadridPolicy::default();
    let validate = |sd: &SignedData| {
        CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(&sd.to_der(), "poe")
            .unwrap()
            .signatures
            .remove(0)
    };

    // The TSA was revoked after genTime, and nothing but now proves the token: left out.
    let alone = validate(&sd);
    assert_ne!(alone.signing_time_source, SigningTimeSource::Timestamp);
    assert!(
        alone.checks.iter().any(|c| c.outcome == Outcome::Failed
            && c.detail.contains("nothing proves it was used before"))
    );
    assert_eq!(alone.indication, Indication::Indeterminate);

    // An archive time-stamp (by the PKI's TSA, not revoked) made before the revocation.
    let alg = DigestAlgorithm::Sha256;
    let index = crate::archive::hash_index_v3(&sd, &sd.signer_infos()[0], alg);
    let imprint = crate::archive::imprint_v3(
        &sd,
        &sd.signer_infos()[0],
        &digest::digest(alg, DOC),
        &index,
        alg,
    );
    let archive = pki
        .timestamp_token(
            &time_stamp(imprint).to_der(),
            None,
            true,
            before + Duration::minutes(2),
        )
        .unwrap();
    let mut archive = SignedData::from_bytes(&archive).unwrap();
    archive.signer_infos_mut()[0]
        .add_unsigned_attribute(Attribute::new(oid::ATTR_ATS_HASH_INDEX_V3, vec![index]));
    sd.signer_infos_mut()[0].add_unsigned_attribute(Attribute::new(
        oid::ATTR_ARCHIVE_TIMESTAMP_V3,
        vec![archive.to_der()],
    ));
    sd.add_digest_algorithm(alg.algorithm_identifier());

    let proven = validate(&sd);
    assert_eq!(proven.indication, Indication::TotalPassed);
    assert_eq!(proven.signing_time_source, SigningTimeSource::Timestamp);
    assert_eq!(proven.signing_time, Some(stamped_at));
    assert!(proven.checks.iter().any(|c| {
        c.outcome == Outcome::Warning
            && c.detail
                .contains("after the time a later time-stamp proves the token existed by")
    }));

    // A token of the revoked TSA added after the archive time-stamp, back-dated before it:
    // the archive's index does not list it, so the archive proves nothing about it.
    let forged = pki
        .timestamp_token_by(
            &tsa2,
            &over_signature.to_der(),
            None,
            true,
            before + Duration::seconds(30),
        )
        .unwrap();
    sd.signer_infos_mut()[0]
        .add_unsigned_attribute(Attribute::single(oid::ATTR_SIGNATURE_TIMESTAMP, forged));
    let appended = validate(&sd);
    assert_ne!(appended.signing_time, Some(before + Duration::seconds(30)));
    ades_testkit::assert_one_time_stamp_unproven(&appended);
}
