//! Stream filters (ISO 32000-1 §7.4): FlateDecode with the PNG (10–15) and TIFF (2) predictors,
//! ASCIIHexDecode and ASCII85Decode. Enough for cross-reference and object streams and for
//! reading most metadata; image codecs (DCT, JBIG2, CCITT, JPX) and LZW are not decoded.
//!
//! Every output is capped before it is allocated: the caller passes a byte budget, and a
//! FlateDecode stream may not expand more than [`Limits::max_inflate_ratio`] times (above
//! [`Limits::inflate_ratio_floor`]). A zlib stream whose checksum is wrong or that ends early
//! keeps what was inflated (as qpdf and pdf.js do); data that is not deflate at all is an error.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use crate::error::{DecodeError, LimitExceeded, PdfError, Result};
use crate::limits::Limits;
use crate::object::{Dictionary, Name, Object};
use crate::parser::{hex_value, is_whitespace};

/// Most filters applied in sequence to one stream.
const MAX_FILTERS: usize = 8;

/// A cap on decoded bytes and the limit to report when it is reached.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cap {
    pub(crate) bytes: usize,
    pub(crate) exceeded: LimitExceeded,
}

/// Decodes a stream's data with the filters its dictionary names.
pub(crate) fn decode(dict: &Dictionary, data: &[u8], limits: &Limits, cap: Cap) -> Result<Vec<u8>> {
    let filters = as_list(dict.get("Filter"))?;
    let params = as_list(dict.get("DecodeParms"))?;
    if filters.len() > MAX_FILTERS {
        return Err(DecodeError::TooManyFilters.into());
    }
    let mut current: Option<Vec<u8>> = None;
    for (i, filter) in filters.iter().enumerate() {
        let Object::Name(name) = filter else {
            return Err(DecodeError::BadFilterEntry.into());
        };
        let parms = match params.get(i) {
            Some(Object::Dictionary(d)) => Some(d),
            Some(Object::Null) | None => None,
            Some(_) => return Err(DecodeError::BadFilterEntry.into()),
        };
        let input = current.as_deref().unwrap_or(data);
        let output = apply(name, parms, input, limits, cap)?;
        current = Some(output);
    }
    Ok(current.unwrap_or_else(|| data.to_vec()))
}

fn as_list(entry: Option<&Object>) -> Result<Vec<Object>> {
    match entry {
        None | Some(Object::Null) => Ok(Vec::new()),
        Some(Object::Array(items)) => Ok(items.clone()),
        Some(obj @ (Object::Name(_) | Object::Dictionary(_))) => Ok(vec![obj.clone()]),
        Some(_) => Err(DecodeError::BadFilterEntry.into()),
    }
}

fn apply(
    name: &Name,
    parms: Option<&Dictionary>,
    input: &[u8],
    limits: &Limits,
    cap: Cap,
) -> Result<Vec<u8>> {
    match name.as_bytes() {
        b"FlateDecode" | b"Fl" => {
            let inflated = inflate(input, limits, cap)?;
            predict(inflated, parms)
        }
        b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
        b"ASCII85Decode" | b"A85" => ascii85(input, cap),
        _ => Err(PdfError::UnsupportedFilter { name: name.clone() }),
    }
}

/// Inflates zlib data (or raw deflate data, which some writers produce), within the caps.
pub(crate) fn inflate(input: &[u8], limits: &Limits, cap: Cap) -> Result<Vec<u8>> {
    if input.is_empty() {
        return Ok(Vec::new());
    }
    let by_ratio = input
        .len()
        .saturating_mul(limits.max_inflate_ratio)
        .max(limits.inflate_ratio_floor);
    let max = cap.bytes.min(by_ratio);
    let too_big = || -> PdfError {
        if by_ratio < cap.bytes {
            LimitExceeded::InflateRatio(limits.max_inflate_ratio).into()
        } else {
            cap.exceeded.into()
        }
    };
    match run_inflate(input, true, max) {
        Inflated::Done(out) => Ok(out),
        Inflated::TooBig => Err(too_big()),
        Inflated::Partial(out) if !out.is_empty() => Ok(out),
        Inflated::Partial(_) => match run_inflate(input, false, max) {
            Inflated::Done(out) => Ok(out),
            Inflated::TooBig => Err(too_big()),
            Inflated::Partial(out) if !out.is_empty() => Ok(out),
            Inflated::Partial(_) => Err(DecodeError::Inflate.into()),
        },
    }
}

enum Inflated {
    Done(Vec<u8>),
    TooBig,
    /// Stopped on bad or missing input (truncated stream, wrong checksum): what was inflated.
    Partial(Vec<u8>),
}

fn run_inflate(input: &[u8], zlib: bool, max: usize) -> Inflated {
    let mut flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    if zlib {
        flags |= inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER;
    }
    let mut out = vec![0u8; input.len().saturating_mul(4).clamp(1, max.max(1))];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut in_pos, mut out_pos) = (0usize, 0usize);
    loop {
        let rest = input.get(in_pos..).unwrap_or_default();
        let (status, consumed, produced) = decompress(&mut state, rest, &mut out, out_pos, flags);
        in_pos += consumed;
        out_pos += produced;
        match status {
            TINFLStatus::Done => {
                out.truncate(out_pos);
                return Inflated::Done(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= max {
                    return Inflated::TooBig;
                }
                let grown = out.len().saturating_mul(2).min(max);
                out.resize(grown, 0);
            }
            _ => {
                out.truncate(out_pos);
                return Inflated::Partial(out);
            }
        }
    }
}

fn param(parms: Option<&Dictionary>, key: &str, default: i64) -> i64 {
    parms.and_then(|d| d.get_i64(key)).unwrap_or(default)
}

/// Undoes a PNG (10–15) or TIFF (2) predictor (§7.4.4.4).
fn predict(data: Vec<u8>, parms: Option<&Dictionary>) -> Result<Vec<u8>> {
    let predictor = param(parms, "Predictor", 1);
    if predictor <= 1 {
        return Ok(data);
    }
    let colors = param(parms, "Colors", 1);
    let bpc = param(parms, "BitsPerComponent", 8);
    let columns = param(parms, "Columns", 1);
    if !(1..=32).contains(&colors) {
        return Err(DecodeError::Predictor("/Colors out of range").into());
    }
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(DecodeError::Predictor("/BitsPerComponent not 1, 2, 4, 8 or 16").into());
    }
    if !(1..=(1 << 24)).contains(&columns) {
        return Err(DecodeError::Predictor("/Columns out of range").into());
    }
    // Bounded above: 32 × 16 × 2^24 bits.
    let bits_per_pixel = (colors * bpc) as usize;
    let row_bytes = (bits_per_pixel * columns as usize).div_ceil(8);
    let bpp = bits_per_pixel.div_ceil(8).max(1);
    match predictor {
        2 => tiff(data, bpc, bpp, row_bytes),
        10..=15 => png(&data, bpp, row_bytes),
        _ => Err(DecodeError::Predictor("unknown /Predictor").into()),
    }
}

fn tiff(mut data: Vec<u8>, bpc: i64, bpp: usize, row_bytes: usize) -> Result<Vec<u8>> {
    if bpc != 8 {
        return Err(DecodeError::Predictor("TIFF predictor needs 8 bits per component").into());
    }
    for row in data.chunks_mut(row_bytes) {
        for i in bpp..row.len() {
            let left = row.get(i - bpp).copied().unwrap_or(0);
            if let Some(b) = row.get_mut(i) {
                *b = b.wrapping_add(left);
            }
        }
    }
    Ok(data)
}

fn png(data: &[u8], bpp: usize, row_bytes: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut prior = vec![0u8; row_bytes];
    // A short last row is decoded as far as it goes.
    for chunk in data.chunks(row_bytes + 1) {
        let Some((&kind, row)) = chunk.split_first() else {
            break;
        };
        let mut current = row.to_vec();
        for i in 0..current.len() {
            let left = if i >= bpp {
                current.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let up = prior.get(i).copied().unwrap_or(0);
            let up_left = if i >= bpp {
                prior.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let add = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return Err(DecodeError::Predictor("unknown PNG row filter").into()),
            };
            if let Some(b) = current.get_mut(i) {
                *b = b.wrapping_add(add);
            }
        }
        out.extend_from_slice(&current);
        if current.len() == row_bytes {
            prior = current;
        }
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let pa = (p - i16::from(a)).abs();
    let pb = (p - i16::from(b)).abs();
    let pc = (p - i16::from(c)).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(input: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &b in input {
        if b == b'>' {
            break;
        }
        if is_whitespace(b) {
            continue;
        }
        let v = hex_value(b).ok_or(DecodeError::AsciiHex)?;
        match high.take() {
            Some(h) => out.push((h << 4) | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    Ok(out)
}

fn ascii85(input: &[u8], cap: Cap) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut group = [0u8; 5];
    let mut n = 0usize;
    let mut rest = input;
    if rest.starts_with(b"<~") {
        rest = rest.get(2..).unwrap_or_default();
    }
    let flush = |group: &[u8; 5], n: usize, out: &mut Vec<u8>| -> Result<()> {
        let mut value: u64 = 0;
        for (i, d) in group.iter().enumerate() {
            let digit = if i < n { u64::from(*d) } else { 84 };
            value = value * 85 + digit;
        }
        if value > u64::from(u32::MAX) {
            return Err(DecodeError::Ascii85.into());
        }
        let bytes = (value as u32).to_be_bytes();
        out.extend_from_slice(bytes.get(..n - 1).unwrap_or_default());
        Ok(())
    };
    for &b in rest {
        if out.len() > cap.bytes {
            return Err(cap.exceeded.into());
        }
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(n) {
                    *slot = b - b'!';
                }
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out)?;
                    n = 0;
                }
            }
            b if is_whitespace(b) => {}
            _ => return Err(DecodeError::Ascii85.into()),
        }
    }
    match n {
        0 => {}
        1 => return Err(DecodeError::Ascii85.into()),
        _ => flush(&group, n, &mut out)?,
    }
    if out.len() > cap.bytes {
        return Err(cap.exceeded.into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cap(bytes: usize) -> Cap {
        Cap {
            bytes,
            exceeded: LimitExceeded::DecodedStream(bytes),
        }
    }

    fn dict(filter: &str) -> Dictionary {
        let mut d = Dictionary::new();
        d.insert("Filter", Object::name(filter));
        d
    }

    #[test]
    fn flate_roundtrip_and_raw_deflate() {
        let limits = Limits::default();
        let data = b"hello hello hello hello".repeat(10);
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
        assert_eq!(
            decode(&dict("FlateDecode"), &z, &limits, cap(1 << 20)).unwrap(),
            data
        );
        let raw = miniz_oxide::deflate::compress_to_vec(&data, 6);
        assert_eq!(inflate(&raw, &limits, cap(1 << 20)).unwrap(), data);
        // Truncated: what was inflated is kept.
        let partial = inflate(&z[..z.len() - 4], &limits, cap(1 << 20)).unwrap();
        assert_eq!(partial, data);
        assert!(inflate(b"not deflate at all", &limits, cap(1 << 20)).is_err());
    }

    #[test]
    fn zip_bombs_are_capped() {
        let limits = Limits::default();
        let zeros = vec![0u8; 4 << 20];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
        assert!(z.len() < 4 << 10, "{}", z.len());
        assert_eq!(
            inflate(&z, &limits, cap(64 << 20)).unwrap_err(),
            PdfError::Limit(LimitExceeded::InflateRatio(1000))
        );
        let lax = Limits {
            max_inflate_ratio: 1 << 20,
            ..Limits::default()
        };
        assert_eq!(
            inflate(&z, &lax, cap(1 << 20)).unwrap_err(),
            PdfError::Limit(LimitExceeded::DecodedStream(1 << 20))
        );
        assert_eq!(inflate(&z, &lax, cap(8 << 20)).unwrap().len(), 4 << 20);
    }

    #[test]
    fn png_up_predictor() {
        // Two rows of 3 columns, filter 2 (Up).
        let encoded = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let mut parms = Dictionary::new();
        parms.insert("Predictor", Object::Integer(12));
        parms.insert("Columns", Object::Integer(3));
        assert_eq!(
            predict(encoded.to_vec(), Some(&parms)).unwrap(),
            vec![1, 2, 3, 2, 3, 4]
        );
        let bad = [7u8, 1, 2, 3];
        assert!(predict(bad.to_vec(), Some(&parms)).is_err());
        parms.insert("Columns", Object::Integer(0));
        assert!(predict(encoded.to_vec(), Some(&parms)).is_err());
    }

    #[test]
    fn png_sub_average_paeth_and_tiff() {
        let mut parms = Dictionary::new();
        parms.insert("Predictor", Object::Integer(15));
        parms.insert("Columns", Object::Integer(2));
        // Row 1 Sub: [5, 5+3]; row 2 Average: [8/2+1, (1+... )]; row 3 Paeth.
        let encoded = [1u8, 5, 3, 3, 1, 1, 4, 0, 0];
        let out = predict(encoded.to_vec(), Some(&parms)).unwrap();
        assert_eq!(&out[..2], &[5, 8]);
        assert_eq!(out[2], 5 / 2 + 1);
        assert_eq!(out.len(), 6);
        let mut tiff = Dictionary::new();
        tiff.insert("Predictor", Object::Integer(2));
        tiff.insert("Columns", Object::Integer(3));
        assert_eq!(
            predict(vec![1, 1, 1, 2, 2, 2], Some(&tiff)).unwrap(),
            vec![1, 2, 3, 2, 4, 6]
        );
    }

    #[test]
    fn ascii_filters() {
        let limits = Limits::default();
        assert_eq!(
            decode(&dict("ASCIIHexDecode"), b"48 65 6c6C 6>", &limits, cap(100)).unwrap(),
            b"Hell`"
        );
        assert!(decode(&dict("AHx"), b"4x>", &limits, cap(100)).is_err());
        assert_eq!(
            decode(
                &dict("ASCII85Decode"),
                b"<~87cURD]i,\"Ebo80~>",
                &limits,
                cap(100)
            )
            .unwrap(),
            b"Hello World!"
        );
        assert_eq!(
            decode(&dict("A85"), b"z~>", &limits, cap(100)).unwrap(),
            vec![0; 4]
        );
        assert!(decode(&dict("A85"), b"zzzzzz~>", &limits, cap(8)).is_err());
        assert!(matches!(
            decode(&dict("LZWDecode"), b"", &limits, cap(8)),
            Err(PdfError::UnsupportedFilter { .. })
        ));
    }

    #[test]
    fn filter_chains() {
        let limits = Limits::default();
        let z = miniz_oxide::deflate::compress_to_vec_zlib(b"chain", 6);
        let hex: String = z.iter().map(|b| format!("{b:02x}")).collect();
        let mut d = Dictionary::new();
        d.insert(
            "Filter",
            Object::Array(vec![Object::name("AHx"), Object::name("Fl")]),
        );
        assert_eq!(
            decode(&d, hex.as_bytes(), &limits, cap(100)).unwrap(),
            b"chain"
        );
        d.insert("Filter", Object::Array(vec![Object::name("AHx"); 9]));
        assert!(decode(&d, b"", &limits, cap(100)).is_err());
    }
}
