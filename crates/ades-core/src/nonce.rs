//! Random nonces for the protocols that take one (RFC 3161 requests, OCSP requests).

/// `len` bytes from the operating system's generator. If it is unavailable, bytes derived
/// from the clock: still unique enough to detect replayed answers, which is what a nonce does.
pub fn nonce(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    if getrandom::fill(&mut bytes).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
            .to_be_bytes();
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = t[i % t.len()] ^ (i as u8);
        }
    }
    bytes
}
