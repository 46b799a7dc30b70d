//! Message digests, computed in one go or as a stream over any [`std::io::Read`] with a
//! fixed-size buffer, so a file of any size is hashed in bounded memory.

use std::io::{self, Read};

use digest::Digest as _;

use crate::algorithm::DigestAlgorithm;

/// Size of the buffer [`digest_reader`] reads with.
pub const STREAM_BUFFER: usize = 64 * 1024;

/// An incremental digest computation for one [`DigestAlgorithm`].
#[derive(Clone)]
pub struct Digester(State);

#[derive(Clone)]
enum State {
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
}

impl Digester {
    /// A fresh computation.
    pub fn new(algorithm: DigestAlgorithm) -> Self {
        Digester(match algorithm {
            DigestAlgorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
            DigestAlgorithm::Sha224 => State::Sha224(sha2::Sha224::new()),
            DigestAlgorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
            DigestAlgorithm::Sha384 => State::Sha384(sha2::Sha384::new()),
            DigestAlgorithm::Sha512 => State::Sha512(sha2::Sha512::new()),
            DigestAlgorithm::Sha3_224 => State::Sha3_224(sha3::Sha3_224::new()),
            DigestAlgorithm::Sha3_256 => State::Sha3_256(sha3::Sha3_256::new()),
            DigestAlgorithm::Sha3_384 => State::Sha3_384(sha3::Sha3_384::new()),
            DigestAlgorithm::Sha3_512 => State::Sha3_512(sha3::Sha3_512::new()),
        })
    }

    /// The algorithm being computed.
    pub fn algorithm(&self) -> DigestAlgorithm {
        match self.0 {
            State::Sha1(_) => DigestAlgorithm::Sha1,
            State::Sha224(_) => DigestAlgorithm::Sha224,
            State::Sha256(_) => DigestAlgorithm::Sha256,
            State::Sha384(_) => DigestAlgorithm::Sha384,
            State::Sha512(_) => DigestAlgorithm::Sha512,
            State::Sha3_224(_) => DigestAlgorithm::Sha3_224,
            State::Sha3_256(_) => DigestAlgorithm::Sha3_256,
            State::Sha3_384(_) => DigestAlgorithm::Sha3_384,
            State::Sha3_512(_) => DigestAlgorithm::Sha3_512,
        }
    }

    /// Feeds more data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Sha1(h) => h.update(data),
            State::Sha224(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Sha3_224(h) => h.update(data),
            State::Sha3_256(h) => h.update(data),
            State::Sha3_384(h) => h.update(data),
            State::Sha3_512(h) => h.update(data),
        }
    }

    /// The digest of everything fed so far.
    pub fn finish(self) -> Vec<u8> {
        match self.0 {
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha224(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha384(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
            State::Sha3_224(h) => h.finalize().to_vec(),
            State::Sha3_256(h) => h.finalize().to_vec(),
            State::Sha3_384(h) => h.finalize().to_vec(),
            State::Sha3_512(h) => h.finalize().to_vec(),
        }
    }
}

impl io::Write for Digester {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Lower-case hexadecimal of `bytes` (fingerprints in reports).
pub fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// The digest of a byte string.
pub fn digest(algorithm: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    let mut d = Digester::new(algorithm);
    d.update(data);
    d.finish()
}

/// The digest of everything a reader yields, read [`STREAM_BUFFER`] bytes at a time.
pub fn digest_reader<R: Read>(algorithm: DigestAlgorithm, mut reader: R) -> io::Result<Vec<u8>> {
    let mut d = Digester::new(algorithm);
    let mut buf = vec![0u8; STREAM_BUFFER];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => d.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(d.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn known_answers() {
        // FIPS 180-2 "abc" vectors.
        assert_eq!(
            hex(&digest(DigestAlgorithm::Sha1, b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(&digest(DigestAlgorithm::Sha256, b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // FIPS 180-4 / FIPS 202 "abc" vectors.
        assert_eq!(
            hex(&digest(DigestAlgorithm::Sha224, b"abc")),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"
        );
        assert_eq!(
            hex(&digest(DigestAlgorithm::Sha3_256, b"abc")),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
        );
        for alg in DigestAlgorithm::ALL {
            assert_eq!(digest(alg, b"").len(), alg.output_len());
        }
    }

    #[test]
    fn stream_equals_one_shot() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        for alg in DigestAlgorithm::ALL {
            let streamed = digest_reader(alg, io::Cursor::new(&data)).unwrap();
            assert_eq!(streamed, digest(alg, &data));
        }
    }
}
