//! Sign a large binary file as a detached CAdES signature, streamed: the file is hashed in
//! 64 KiB pieces and never held in memory, whatever its size (the policy's explicit
//! packaging for large data, §3.2.2); then validate the signature against the file.
//!
//! ```text
//! cargo run --release --example sign_detached            # a 256 MiB file
//! ADES_EXAMPLE_MIB=4096 cargo run --release --example sign_detached
//! ```

use std::error::Error;
use std::io::Write;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

use ades::core::validation::FileContent;
use ades::{DataFormat, Format, Input, Packaging, SigningOptions, ValidationOptions};

fn main() -> Result<(), Box<dyn Error>> {
    let signer = common::signer()?;
    let validator = common::offline_validator()?;
    let services = common::checked_by(&validator);

    let mib: u64 = std::env::var("ADES_EXAMPLE_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let dir = tempfile::tempdir()?;
    let image = dir.path().join("backup.img");
    write_pseudo_random(&image, mib)?;

    let options = SigningOptions::new(Format::Cades)
        .packaging(Packaging::Detached)
        .data_format(DataFormat::mime("application/octet-stream"));
    let started = Instant::now();
    let signed = ades::sign(Input::path(&image), &signer, &options, &services)?;
    let signature = signed.to_vec()?;
    let took = started.elapsed();
    println!(
        "{} {} signature over {mib} MiB in {:.2} s ({:.0} MiB/s): {} bytes",
        signed.level_reached(),
        signed.packaging(),
        took.as_secs_f64(),
        mib as f64 / took.as_secs_f64().max(1e-9),
        signature.len()
    );

    // The validator streams the file again to check the message digest.
    let content = FileContent(image.clone());
    let report = ades::validate(
        Input::bytes(signature).named("backup.img.csig"),
        &ValidationOptions {
            certificate_validator: Some(&validator),
            detached_content: Some(&content),
            ..ValidationOptions::default()
        },
    )?;
    print!("{report}");
    if report.worst() != ades::Indication::TotalPassed {
        return Err("the detached signature did not validate".into());
    }
    Ok(())
}

/// Writes `mib` MiB of reproducible pseudo-random bytes (xorshift), 1 MiB at a time.
fn write_pseudo_random(path: &std::path::Path, mib: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut chunk = vec![0u8; 1 << 20];
    for _ in 0..mib {
        for word in chunk.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        file.write_all(&chunk)?;
    }
    file.flush()
}
