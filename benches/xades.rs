//! XAdES benchmarks (criterion): parsing and canonicalization throughput, and what signing
//! and validating a signature cost.
//!
//! * `xml_parse` / `c14n`: reading a generated 8 MiB document (many small elements, attributes,
//!   references) and writing its Canonical XML 1.0 / Exclusive C14N form into a digest;
//! * `xades_sign`: XAdES-EPES under the Madrid policy, RSA-2048 / SHA-256, internally detached
//!   over 1 KiB, and enveloped over the 8 MiB document;
//! * `xades_validate`: validation of the internally detached 1 KiB signature, without and with
//!   a `ChainValidator` trusting the test root.
//!
//! `cargo bench --bench xades`; the figures of a run are in `docs/benchmarks.md`.

use std::hint::black_box;
use std::time::Duration;

use ades::core::datetime;
use ades::core::digest::Digester;
use ades::trust::{ChainValidator, TrustStore};
use ades::xades::{
    C14nMethod, Document, Limits, NodeSubset, XadesBuilder, XadesValidator, canonicalize,
};
use ades::{DataFormat, DigestAlgorithm, MadridPolicy, Sha256};
use ades_testkit::TestPki;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DOC_MIB: usize = 8;

/// Aborts the run with a message when the setup of a benchmark fails (no panic in benches).
fn or_exit<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|e| {
        eprintln!("benchmark setup failed: {what}: {e}");
        std::process::exit(1)
    })
}

/// A record-like XML document of about `mib` MiB.
fn document(mib: usize) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Expediente xmlns=\"urn:madrid:expediente\" xmlns:x=\"urn:x\">\n",
    );
    let mut n = 0;
    while s.len() < mib << 20 {
        s.push_str(&format!(
            "  <Registro n=\"{n}\" x:tipo='entrada'><Fecha>2026-11-{:02}</Fecha><Asunto>Licencia &amp; tasas {n}</Asunto><Texto>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</Texto></Registro>\n",
            n % 28 + 1
        ));
        n += 1;
    }
    s.push_str("</Expediente>\n");
    s.into_bytes()
}

fn parse_and_c14n(c: &mut Criterion) {
    let xml = document(DOC_MIB);
    let limits = Limits::default();
    let mut group = c.benchmark_group("xml");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("parse/8MiB", |b| {
        b.iter(|| or_exit(Document::parse(black_box(&xml), &limits), "parse"))
    });
    group.bench_function("parse_pruned/8MiB", |b| {
        b.iter(|| {
            or_exit(
                Document::parse_pruned(black_box(xml.clone()), &limits, &[]),
                "parse",
            )
        })
    });
    group.bench_function("parse_and_c14n_1.0/8MiB", |b| {
        b.iter(|| {
            let mut d = Digester::new(DigestAlgorithm::Sha256);
            let method = C14nMethod::Inclusive10 { comments: false };
            or_exit(
                ades_xml::parse_and_canonicalize(xml.clone(), &limits, &method, false, &mut d),
                "parse and c14n",
            );
            d.finish()
        })
    });
    let doc = or_exit(Document::parse(&xml, &limits), "parse");
    for (name, method) in [
        ("c14n_1.0/8MiB", C14nMethod::Inclusive10 { comments: false }),
        (
            "exc_c14n/8MiB",
            C14nMethod::Exclusive10 {
                comments: false,
                inclusive_prefixes: Vec::new(),
            },
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut d = Digester::new(DigestAlgorithm::Sha256);
                or_exit(
                    canonicalize(&doc, &NodeSubset::document(), &method, &mut d),
                    "c14n",
                );
                d.finish()
            })
        });
    }
    group.finish();
}

fn sign_and_validate(c: &mut Criterion) {
    let pki = TestPki::shared();
    let builder = || {
        XadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
    };
    let small = vec![b'a'; 1024];
    let large = document(DOC_MIB);
    let mut group = c.benchmark_group("xades_sign");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("internally_detached/1KiB", |b| {
        b.iter(|| {
            or_exit(
                builder()
                    .internally_detached("a.txt", small.clone())
                    .sign::<Sha256>(&pki.signer1.key, datetime::now()),
                "sign",
            )
        })
    });
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.bench_function("enveloped/8MiB", |b| {
        b.iter(|| {
            or_exit(
                builder()
                    .data_format(DataFormat::mime("text/xml"))
                    .enveloped(large.clone())
                    .sign::<Sha256>(&pki.signer1.key, datetime::now()),
                "sign",
            )
        })
    });
    group.finish();

    let signed = or_exit(
        builder()
            .internally_detached("a.txt", small.clone())
            .sign::<Sha256>(&pki.signer1.key, datetime::now()),
        "sign",
    );
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain = ChainValidator::new(store);
    let policy = MadridPolicy::default();
    let mut group = c.benchmark_group("xades_validate");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("internally_detached_1KiB/no_chain", |b| {
        b.iter(|| {
            or_exit(
                XadesValidator::new(&policy).validate(signed.as_bytes(), "b"),
                "validate",
            )
        })
    });
    group.bench_function("internally_detached_1KiB/chain_test_root", |b| {
        b.iter(|| {
            or_exit(
                XadesValidator::new(&policy)
                    .certificate_validator(&chain)
                    .validate(signed.as_bytes(), "b"),
                "validate",
            )
        })
    });
    group.finish();
}

criterion_group!(benches, parse_and_c14n, sign_and_validate);
criterion_main!(benches);
