//! Certificates other encoders wrote loosely are still read (BouncyCastle reads them; EU
//! DSS's `BadEncodedCMS.pdf` carries one), and what is hashed and verified stays the bytes
//! as found.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::Certificate;
use ades_core::ber::{self, Reader};

const PEM: &[u8] = include_bytes!("data/algorithms/rsa2048.pem");

/// The certificate with one more leading zero byte in its serial number.
fn with_padded_serial(der: &[u8]) -> Vec<u8> {
    let top = Reader::single(der).unwrap();
    let mut outer = top.children().unwrap();
    let tbs = outer.read_tag(ber::SEQUENCE).unwrap();
    let rest = &top.content()[tbs.raw().len()..];
    let mut fields = tbs.children().unwrap();
    let mut parts = vec![fields.next_element().unwrap().unwrap().raw().to_vec()]; // [0] version
    let serial = fields.read_tag(ber::INTEGER).unwrap();
    let mut padded = vec![0u8];
    padded.extend_from_slice(serial.content());
    parts.push(ber::tlv(ber::INTEGER, &padded));
    while let Some(f) = fields.next_element().unwrap() {
        parts.push(f.raw().to_vec());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    ber::constructed(
        ber::SEQUENCE,
        &[&ber::constructed(ber::SEQUENCE, &refs), rest],
    )
}

#[test]
fn a_serial_with_a_redundant_leading_zero_is_read_and_the_bytes_are_kept() {
    let good = Certificate::load(PEM).unwrap().remove(0);
    let loose = with_padded_serial(good.der());
    let read = Certificate::from_der(&loose).expect("read despite the non-minimal serial");
    assert_eq!(read.der(), loose.as_slice(), "the bytes as found are kept");
    assert_eq!(
        read.serial_number(),
        good.serial_number(),
        "the number is the same"
    );
    assert_eq!(read.subject_text(), good.subject_text());
    assert!(ades_core::name_match::same_serial(
        read.serial_number(),
        &[&[0u8][..], good.serial_number()].concat()
    ));
    // The self-signature was made over the minimal encoding: over the bytes as found it no
    // longer verifies, and nothing pretends otherwise.
    assert!(good.is_signed_by(&good));
    assert!(!read.is_signed_by(&read));
}
