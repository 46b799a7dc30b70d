//! The standard security handler (ISO 32000-2 §7.6.4) for files encrypted without a user
//! password — the common case: anyone may open them, and their strings and streams are
//! encrypted with RC4 or AES under a key derived from the empty password. Validation needs
//! them in clear (a signature's `/M` date, form fields); the signed bytes are the file's, so
//! nothing here touches what is hashed.
//!
//! Revisions 2–4 (RC4 40–128 bits, AES-128) and 5–6 (AES-256). A file that needs a user
//! password stays encrypted ([`PdfFile::is_decrypted`](crate::PdfFile::is_decrypted) is
//! `false`). Strings of a signature dictionary's `/Contents`, cross-reference streams and the
//! encryption dictionary itself are not encrypted (§7.6.2) and are left alone.

use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

use crate::object::{Dictionary, ObjRef, Object, PdfString};

/// The padding string of Algorithm 2 (§7.6.4.3.2).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How strings or streams are encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    None,
    Rc4,
    Aes128,
    Aes256,
}

/// The file key and the methods for strings and streams.
#[derive(Debug, Clone)]
pub(crate) struct Decryptor {
    key: Vec<u8>,
    strings: Method,
    streams: Method,
}

impl Decryptor {
    /// The decryptor of a file whose `/Encrypt` dictionary is `encrypt` and first `/ID`
    /// string `id`, when it opens with the empty user password.
    pub(crate) fn open(encrypt: &Dictionary, id: &[u8]) -> Option<Self> {
        if encrypt.get("Filter")?.as_name()?.as_bytes() != b"Standard" {
            return None;
        }
        let int = |k: &str| encrypt.get(k).and_then(Object::as_i64);
        let bytes = |k: &str| {
            encrypt
                .get(k)
                .and_then(Object::as_string)
                .map(PdfString::as_bytes)
        };
        let (v, r) = (int("V")?, int("R")?);
        let (o, u) = (bytes("O")?, bytes("U")?);
        let (strings, streams) = methods(encrypt, v)?;
        let key = if r >= 5 {
            key_r6(r, u, bytes("UE")?)?
        } else {
            let length = match v {
                1 => 5,
                _ => usize::try_from(int("Length").unwrap_or(40) / 8)
                    .ok()?
                    .clamp(5, 16),
            };
            let p = u32::try_from(int("P")? & 0xFFFF_FFFF).ok()?;
            let metadata = encrypt
                .get("EncryptMetadata")
                .and_then(Object::as_bool)
                .unwrap_or(true);
            let key = key_r4(r, length, o, p, id, metadata);
            user_password_matches(r, &key, u, id).then_some(key)?
        };
        Some(Decryptor {
            key,
            strings,
            streams,
        })
    }

    /// Decrypts every string and the stream data of the indirect object `id`.
    pub(crate) fn decrypt(&self, id: ObjRef, object: &mut Object) {
        if let Object::Stream(stream) = object {
            let kind = stream
                .dict
                .get("Type")
                .and_then(Object::as_name)
                .map(|n| n.as_bytes().to_vec());
            if kind.as_deref() == Some(b"XRef") {
                return;
            }
            let identity = stream
                .dict
                .get("Filter")
                .and_then(Object::as_array)
                .and_then(|f| f.first())
                .and_then(Object::as_name)
                .is_some_and(|n| n.as_bytes() == b"Crypt");
            if !identity && let Some(clear) = self.apply(self.streams, id, &stream.data) {
                stream.data = clear;
            }
            self.decrypt_strings(id, &mut stream.dict);
            return;
        }
        self.decrypt_value(id, object);
    }

    fn decrypt_value(&self, id: ObjRef, object: &mut Object) {
        match object {
            Object::String(s) => {
                if let Some(clear) = self.apply(self.strings, id, s.as_bytes()) {
                    *s = PdfString::with_format(clear, s.format());
                }
            }
            Object::Array(items) => items.iter_mut().for_each(|i| self.decrypt_value(id, i)),
            Object::Dictionary(d) => self.decrypt_strings(id, d),
            _ => {}
        }
    }

    fn decrypt_strings(&self, id: ObjRef, dict: &mut Dictionary) {
        // A signature's /Contents is stored in clear (§7.6.2): its dictionary has /ByteRange.
        let signature = dict.contains_key("ByteRange");
        for (name, value) in dict.entries_mut() {
            if !(signature && name.as_bytes() == b"Contents") {
                self.decrypt_value(id, value);
            }
        }
    }

    /// `data` decrypted with `method` under the key of object `id`; `None` when malformed.
    fn apply(&self, method: Method, id: ObjRef, data: &[u8]) -> Option<Vec<u8>> {
        match method {
            Method::None => None,
            Method::Rc4 => Some(rc4(&self.object_key(id, false), data)),
            Method::Aes128 => aes_cbc_decrypt(&self.object_key(id, true), data),
            Method::Aes256 => aes_cbc_decrypt(&self.key, data),
        }
    }

    /// Algorithm 1: the file key extended with the object number and generation.
    fn object_key(&self, id: ObjRef, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&id.num.to_le_bytes()[..3]);
        h.update(id.generation.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let digest = h.finalize();
        digest[..(self.key.len() + 5).min(16)].to_vec()
    }
}

/// The string and stream methods: V1/V2 RC4, V4/V5 from the named crypt filters.
fn methods(encrypt: &Dictionary, v: i64) -> Option<(Method, Method)> {
    match v {
        1 | 2 => Some((Method::Rc4, Method::Rc4)),
        4 | 5 => {
            let filters = encrypt.get("CF").and_then(Object::as_dict);
            let method = |key: &str| -> Option<Method> {
                let name = encrypt
                    .get(key)
                    .and_then(Object::as_name)
                    .map_or(b"Identity".to_vec(), |n| n.as_bytes().to_vec());
                if name == b"Identity" {
                    return Some(Method::None);
                }
                let cfm = filters?
                    .get(&name)?
                    .as_dict()?
                    .get("CFM")?
                    .as_name()?
                    .as_bytes()
                    .to_vec();
                match cfm.as_slice() {
                    b"V2" => Some(Method::Rc4),
                    b"AESV2" => Some(Method::Aes128),
                    b"AESV3" => Some(Method::Aes256),
                    b"None" => Some(Method::None),
                    _ => None,
                }
            };
            Some((method("StrF")?, method("StmF")?))
        }
        _ => None,
    }
}

/// Algorithm 2 with the empty password.
fn key_r4(r: i64, length: usize, o: &[u8], p: u32, id: &[u8], metadata: bool) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(PAD);
    h.update(o.get(..32).unwrap_or(o));
    h.update(p.to_le_bytes());
    h.update(id);
    if r >= 4 && !metadata {
        h.update([0xFF; 4]);
    }
    let mut key = h.finalize().to_vec();
    if r >= 3 {
        for _ in 0..50 {
            key = Md5::digest(&key[..length]).to_vec();
        }
    }
    key.truncate(length);
    key
}

/// Algorithms 4 and 5: whether the empty password is the user password.
fn user_password_matches(r: i64, key: &[u8], u: &[u8], id: &[u8]) -> bool {
    if r == 2 {
        return rc4(key, &PAD) == u.get(..32).unwrap_or(u);
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(id);
    let mut value = rc4(key, &h.finalize());
    for i in 1..=19u8 {
        let round: Vec<u8> = key.iter().map(|k| k ^ i).collect();
        value = rc4(&round, &value);
    }
    u.get(..16) == Some(&value[..])
}

/// Algorithm 2.A with the empty password: check `U`, then unwrap the file key from `UE`.
fn key_r6(r: i64, u: &[u8], ue: &[u8]) -> Option<Vec<u8>> {
    let (hash, validation_salt, key_salt) = (u.get(..32)?, u.get(32..40)?, u.get(40..48)?);
    if hash_r6(r, validation_salt) != hash {
        return None;
    }
    let intermediate = hash_r6(r, key_salt);
    cbc::Decryptor::<aes::Aes256>::new_from_slices(&intermediate, &[0u8; 16])
        .ok()?
        .decrypt_padded_vec::<NoPadding>(ue.get(..32)?)
        .ok()
}

/// Algorithm 2.B (R6; R5 is plain SHA-256) over the empty password and `salt`.
fn hash_r6(r: i64, salt: &[u8]) -> Vec<u8> {
    let mut k = Sha256::digest(salt).to_vec();
    if r == 5 {
        return k;
    }
    let mut round = 0u32;
    loop {
        let mut k1 = Vec::with_capacity(64 * k.len());
        for _ in 0..64 {
            k1.extend_from_slice(&k);
        }
        let Ok(encryptor) = cbc::Encryptor::<aes::Aes128>::new_from_slices(&k[..16], &k[16..32])
        else {
            return k;
        };
        let e = encryptor.encrypt_padded_vec::<NoPadding>(&k1);
        let selector: u32 = e[..16].iter().map(|b| u32::from(*b)).sum::<u32>() % 3;
        k = match selector {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        let last = u32::from(*e.last().unwrap_or(&0));
        if round >= 64 && last <= round - 32 {
            break;
        }
    }
    k.truncate(32);
    k
}

/// RC4 (the stream cipher of revisions 2–4), in both directions.
fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len().max(1)]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#5 padding; `None` when malformed.
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    if data.len() < 32 || !data.len().is_multiple_of(16) {
        return None;
    }
    let (iv, body) = data.split_at(16);
    match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(body)
            .ok(),
        32 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(body)
            .ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // RFC 6229 test vector: key 0x0102030405, first 16 bytes of keystream.
        let stream = rc4(&[1, 2, 3, 4, 5], &[0u8; 16]);
        assert_eq!(
            stream,
            [
                0xb2, 0x39, 0x63, 0x05, 0xf0, 0x3d, 0xc0, 0x27, 0xcc, 0xc3, 0x52, 0x4a, 0x0a, 0x11,
                0x18, 0xa8
            ]
        );
    }
}
