//! PAdES benchmarks (criterion): signing a one-page PDF by incremental update (revision,
//! hash, CMS, RSA-2048 / SHA-256 with test PKI `signer1`), `prepare` alone (no private-key
//! operation), and validating the result (no certificate validator: the PDF analysis and the
//! CMS, without chain or revocation), for a 1 MiB PDF too (its image stream hashed).
//! `cargo bench --bench pades`; figures in `docs/benchmarks.md`. Large files:
//! `scripts/bench-pades-large.sh`.

use std::hint::black_box;
use std::time::Duration;

use ades::core::datetime;
use ades::pades::{PadesBuilder, PadesValidator, SourcePdf};
use ades::{MadridPolicy, Sha256};
use ades_testkit::TestPki;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn or_exit<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|e| {
        eprintln!("benchmark setup failed: {what}: {e}");
        std::process::exit(1)
    })
}

/// A one-page PDF whose page shows an image of `image` bytes.
fn document(image: usize) -> Vec<u8> {
    let data: Vec<u8> = (0..image).map(|i| (i % 251) as u8).collect();
    let content = b"q 100 0 0 100 50 50 cm /Im Do Q BT /F1 18 Tf 50 800 Td (Licencia) Tj ET";
    let bodies: Vec<Vec<u8>> = vec![
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>/XObject<</Im 6 0 R>>>>>>".to_vec(),
        [format!("<</Length {}>>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_vec(),
        [
            format!("<</Type/XObject/Subtype/Image/Width {image}/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Length {image}>>\nstream\n").as_bytes(),
            &data,
            b"\nendstream",
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 7\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<</Size 7/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn bench(c: &mut Criterion) {
    let pki = TestPki::shared();
    let builder = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain());
    let mut group = c.benchmark_group("pades");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (label, image) in [("1KiB", 1024usize), ("1MiB", 1 << 20)] {
        let pdf = document(image);
        let source = or_exit(SourcePdf::from_bytes(pdf), "source");
        group.bench_function(BenchmarkId::new("sign", label), |b| {
            b.iter(|| {
                let signed = or_exit(
                    builder.sign::<Sha256>(&source, &pki.signer1.key, datetime::now(), None),
                    "sign",
                );
                black_box(signed.appended().len())
            });
        });
        group.bench_function(BenchmarkId::new("prepare_only", label), |b| {
            b.iter(|| {
                let prepared = or_exit(
                    builder.prepare::<Sha256>(&source, datetime::now()),
                    "prepare",
                );
                black_box(prepared.byte_range_digest().len())
            });
        });
        let signed = or_exit(
            builder.sign::<Sha256>(&source, &pki.signer1.key, datetime::now(), None),
            "sign",
        );
        let bytes = or_exit(signed.to_vec(&source), "bytes");
        let policy = MadridPolicy::default();
        group.bench_function(BenchmarkId::new("validate_no_chain", label), |b| {
            b.iter(|| {
                let report = PadesValidator::new(&policy).validate(bytes.clone(), "bench.pdf");
                black_box(report.signatures.len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
