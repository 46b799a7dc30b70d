//! The PKCS#12 key derivation function (RFC 7292 Appendix B.2) and the password encodings
//! PKCS#12 files use.
//!
//! The legacy PKCS#12 PBE schemes and the classic `MacData` HMAC feed the KDF with the
//! password as a `BMPString` (UTF-16BE with a two-byte zero terminator, RFC 7292 Appendix
//! B.1); PBES2 and PBMAC1 take the password as plain UTF-8 bytes.

use digest::Digest;
use digest::common::BlockSizeUser;
use zeroize::Zeroizing;

use super::hash::HashAlg;

/// What the derived bytes are for (the diversifier `ID` of RFC 7292 Appendix B.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KdfPurpose {
    /// `ID = 1`: encryption key.
    Key = 1,
    /// `ID = 2`: initialisation vector.
    Iv = 2,
    /// `ID = 3`: MAC key.
    Mac = 3,
}

/// One way of turning the caller's password into the bytes the algorithms consume.
///
/// Readers try more than one, as OpenSSL does: an empty password may have been applied as
/// "no password" (no bytes at all, not even the terminator), and OpenSSL before 1.1.0 encoded
/// non-ASCII passwords byte by byte instead of as UTF-16.
pub(crate) struct PasswordForm {
    /// Input of the PKCS#12 KDF: `BMPString` bytes with the terminator (or nothing).
    pub(crate) bmp: Zeroizing<Vec<u8>>,
    /// Input of PBKDF2 (PBES2, PBMAC1): UTF-8 bytes.
    pub(crate) utf8: Zeroizing<Vec<u8>>,
}

impl PasswordForm {
    /// The encoding RFC 7292 Appendix B.1 prescribes (and every current tool writes).
    pub(crate) fn standard(password: &str) -> Self {
        PasswordForm {
            bmp: bmp_password(password),
            utf8: Zeroizing::new(password.as_bytes().to_vec()),
        }
    }

    /// Every encoding a file written with `password` may have used, most likely first.
    pub(crate) fn candidates(password: &str) -> Vec<Self> {
        let mut out = vec![Self::standard(password)];
        if password.is_empty() {
            // OpenSSL applies an absent password as zero bytes (no terminator).
            out.push(PasswordForm {
                bmp: Zeroizing::new(Vec::new()),
                utf8: Zeroizing::new(Vec::new()),
            });
        } else if !password.is_ascii() {
            // OpenSSL < 1.1.0 widened each UTF-8 byte on its own (as if it were Latin-1).
            let mut bmp = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
            let mut utf8 = Zeroizing::new(String::with_capacity(password.len() * 2));
            for byte in password.bytes() {
                bmp.extend_from_slice(&[0, byte]);
                utf8.push(char::from(byte));
            }
            bmp.extend_from_slice(&[0, 0]);
            out.push(PasswordForm {
                bmp,
                utf8: Zeroizing::new(utf8.as_bytes().to_vec()),
            });
        }
        out
    }
}

/// The password as a `BMPString` for the PKCS#12 KDF: UTF-16BE code units (surrogate pairs
/// outside the BMP, as OpenSSL writes them) followed by `00 00`. The empty password
/// becomes just `00 00`, which is what OpenSSL derives from `""`.
pub(crate) fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// Derives `len` bytes with the PKCS#12 KDF (RFC 7292 Appendix B.2) over `hash`.
///
/// `password` is already encoded (see [`bmp_password`]). `iterations` must be at least 1;
/// callers bound it (see `MAX_ITERATIONS`).
pub(crate) fn derive(
    hash: HashAlg,
    password: &[u8],
    salt: &[u8],
    purpose: KdfPurpose,
    iterations: u32,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    match hash {
        HashAlg::Sha1 => derive_with::<sha1::Sha1>(password, salt, purpose, iterations, len),
        HashAlg::Sha224 => derive_with::<sha2::Sha224>(password, salt, purpose, iterations, len),
        HashAlg::Sha256 => derive_with::<sha2::Sha256>(password, salt, purpose, iterations, len),
        HashAlg::Sha384 => derive_with::<sha2::Sha384>(password, salt, purpose, iterations, len),
        HashAlg::Sha512 => derive_with::<sha2::Sha512>(password, salt, purpose, iterations, len),
    }
}

/// RFC 7292 Appendix B.2, steps 1 to 7, with `v` the block size and `u` the output size of `D`.
fn derive_with<D: Digest + BlockSizeUser>(
    password: &[u8],
    salt: &[u8],
    purpose: KdfPurpose,
    iterations: u32,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    let v = D::block_size();
    // Step 1: the diversifier D, v copies of ID.
    let diversifier = vec![purpose as u8; v];
    // Steps 2 to 4: I = S || P, each the input repeated to a whole number of v-byte blocks.
    let mut input = Zeroizing::new(Vec::with_capacity(
        fill_len(salt.len(), v) + fill_len(password.len(), v),
    ));
    repeat_into(&mut input, salt, v);
    repeat_into(&mut input, password, v);

    let mut out = Zeroizing::new(Vec::with_capacity(len));
    while out.len() < len {
        // Step 6a: A_i = H^r(D || I).
        let mut block = Zeroizing::new(
            D::new()
                .chain_update(&diversifier)
                .chain_update(input.as_slice())
                .finalize()
                .to_vec(),
        );
        for _ in 1..iterations {
            // Overwrite in place so no intermediate value is freed without being wiped.
            let next = D::digest(block.as_slice());
            block.copy_from_slice(&next);
        }
        let take = (len - out.len()).min(block.len());
        out.extend_from_slice(block.get(..take).unwrap_or_default());
        if out.len() >= len {
            break;
        }
        // Step 6b: B = A_i repeated to v bytes.
        let mut b = Zeroizing::new(Vec::with_capacity(v));
        repeat_into(&mut b, &block, v);
        b.truncate(v);
        // Step 6c: each v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v).
        for chunk in input.chunks_mut(v) {
            add_with_one(chunk, &b);
        }
    }
    out
}

/// Length of `len` bytes repeated up to a whole number of `v`-byte blocks (0 stays 0).
fn fill_len(len: usize, v: usize) -> usize {
    len.div_ceil(v) * v
}

/// Appends `data` repeated to `fill_len(data.len(), v)` bytes (or at least `v` for `B`).
fn repeat_into(out: &mut Vec<u8>, data: &[u8], v: usize) {
    if data.is_empty() {
        return;
    }
    let target = fill_len(data.len(), v);
    out.extend(data.iter().cycle().take(target));
}

/// `chunk = (chunk + b + 1) mod 2^(8 * chunk.len())`, big-endian.
fn add_with_one(chunk: &mut [u8], b: &[u8]) {
    let mut carry: u16 = 1;
    for (x, y) in chunk.iter_mut().rev().zip(b.iter().rev()) {
        let sum = u16::from(*x) + u16::from(*y) + carry;
        *x = (sum & 0xFF) as u8;
        carry = sum >> 8;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02X}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn kdf(hash: HashAlg, pass: &str, salt: &str, id: KdfPurpose, iter: u32, len: usize) -> String {
        hex(&derive(
            hash,
            &bmp_password(pass),
            &unhex(salt),
            id,
            iter,
            len,
        ))
    }

    #[test]
    fn bmp_encoding() {
        assert_eq!(hex(&bmp_password("")), "0000");
        assert_eq!(hex(&bmp_password("smeg")), "0073006D006500670000");
        assert_eq!(hex(&bmp_password("ñ€")), "00F120AC0000");
        // Outside the BMP: a surrogate pair.
        assert_eq!(hex(&bmp_password("𝄞")), "D834DD1E0000");
    }

    #[test]
    fn password_candidates() {
        assert_eq!(PasswordForm::candidates("abc").len(), 1);
        let empty = PasswordForm::candidates("");
        assert_eq!(empty.len(), 2);
        assert_eq!(hex(&empty[0].bmp), "0000");
        assert!(empty[1].bmp.is_empty());
        let latin = PasswordForm::candidates("ñ");
        assert_eq!(latin.len(), 2);
        assert_eq!(hex(&latin[0].bmp), "00F10000");
        assert_eq!(hex(&latin[1].bmp), "00C300B10000");
        assert_eq!(latin[1].utf8.as_slice(), "Ã±".as_bytes());
    }

    // The classic SHA-1 vectors (password "smeg" and "queeg"), long circulated with the
    // PKCS#12 implementations; each was re-derived with OpenSSL 3.0.19:
    //   openssl kdf -keylen 24 -kdfopt digest:SHA1 -kdfopt hexpass:0073006d006500670000 \
    //     -kdfopt hexsalt:0A58CF64530D823F -kdfopt iter:1 -kdfopt id:1 PKCS12KDF
    #[test]
    fn sha1_vectors() {
        use KdfPurpose::*;
        let s1 = HashAlg::Sha1;
        assert_eq!(
            kdf(s1, "smeg", "0A58CF64530D823F", Key, 1, 24),
            "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3"
        );
        assert_eq!(
            kdf(s1, "smeg", "0A58CF64530D823F", Iv, 1, 8),
            "79993DFE048D3B76"
        );
        assert_eq!(
            kdf(s1, "smeg", "3D83C0E4546AC140", Mac, 1, 20),
            "8D967D88F6CAA9D714800AB3D48051D63F73A312"
        );
        assert_eq!(
            kdf(s1, "queeg", "05DEC959ACFF72F7", Key, 1000, 24),
            "ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4"
        );
        assert_eq!(
            kdf(s1, "queeg", "05DEC959ACFF72F7", Iv, 1000, 8),
            "11DEDAD7758D4860"
        );
    }

    // Computed with OpenSSL 3.0.19 `openssl kdf ... PKCS12KDF` (same form as above). They
    // cover the SHA-2 block sizes (v = 64 and 128), outputs longer than one hash block, the
    // carry through I, and the empty-password form.
    #[test]
    fn openssl_vectors() {
        use KdfPurpose::*;
        assert_eq!(
            kdf(HashAlg::Sha1, "queeg", "1682C0FC5B3F7EC5", Mac, 1000, 20),
            "022DB40D747DA404972B3144296BA4B80A96B1F3"
        );
        assert_eq!(
            kdf(HashAlg::Sha256, "smeg", "0A58CF64530D823F", Key, 1, 32),
            "27E90D7ED5A1C411BA878BC090F5CEBE5E9D5FE3D62B73AABBCABFC91DAD4873"
        );
        assert_eq!(
            kdf(HashAlg::Sha256, "queeg", "05DEC959ACFF72F7", Mac, 1000, 32),
            "64BD552BB4ECEC8224B888D4FA1DC49C6FF894BFC59B10402D83AD46C0D8DA4B"
        );
        assert_eq!(
            kdf(HashAlg::Sha512, "smeg", "0A58CF64530D823F", Key, 1, 64),
            "1304A9F00153742524127D51D598BC047E64090309CA84EB312EB3BAD560DD8D\
             2C71ABA4F215AB31F3BC42B6E85DBF89C0D382C92195182A9B6E0F16CAA7432B"
        );
        assert_eq!(
            kdf(HashAlg::Sha512, "queeg", "1682C0FC5B3F7EC5", Mac, 1000, 64),
            "443B0786AED10E1E2017055E346ADEAACEF6B2488EB7370BDF30EA3B32C1503B\
             45474AC48D589F8FE9993CCAB862289DBE89DA2D0A941450C1B2CE41189EBF7D"
        );
        assert_eq!(
            kdf(HashAlg::Sha1, "queeg", "1682C0FC5B3F7EC5", Key, 3, 100),
            "31F6A80E665E33246D18B84EDEA269DB09FEC7AA65D22E39196BD012AEF54331\
             4C07523CE557D39FF722D96F6A4F9CCA4000A31A510D3F2AD09EE92CE0C4F119\
             8AD1D494267BEAAF5A7EEAE32EE9BF2BA420F1DC6016E4941C3483400DEDFF5B\
             9A656A09"
        );
        assert_eq!(
            kdf(HashAlg::Sha1, "", "0A58CF64530D823F", Key, 1, 24),
            "46DCC1D4AEA61E4498F3EA3E6507A7E2572A837ACD212182"
        );
    }

    #[test]
    fn carry_propagates() {
        let mut chunk = [0x00, 0xFF, 0xFF];
        add_with_one(&mut chunk, &[0x00, 0x00, 0x00]);
        assert_eq!(chunk, [0x01, 0x00, 0x00]);
        let mut chunk = [0xFF, 0xFF];
        add_with_one(&mut chunk, &[0xFF, 0xFF]);
        assert_eq!(chunk, [0xFF, 0xFF]);
    }
}
