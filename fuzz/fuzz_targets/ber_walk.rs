//! Fuzzes the BER walker: every element of the input is visited recursively (children of
//! constructed elements, the value of string types), never a panic and never deeper than
//! `ber::MAX_DEPTH`.

#![no_main]

use ades_core::ber::{self, Reader, Tlv};
use libfuzzer_sys::fuzz_target;

fn walk(tlv: &Tlv<'_>, depth: usize) {
    assert!(depth <= ber::MAX_DEPTH, "walked deeper than MAX_DEPTH");
    assert!(tlv.raw().len() >= tlv.content().len());
    let _ = tlv.string_value();
    let _ = tlv.retagged(ber::SET);
    if tlv.is_constructed()
        && let Ok(mut children) = tlv.children()
    {
        while let Ok(Some(child)) = children.next_element() {
            walk(&child, depth + 1);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = Reader::single(data);
    let mut top = Reader::new(data);
    while let Ok(Some(tlv)) = top.next_element() {
        walk(&tlv, 0);
    }
});
