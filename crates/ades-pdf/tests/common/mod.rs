//! Shared helpers of the integration tests: the corpus folders, a signature-field walker, a
//! builder of test PDFs written byte by byte, and a deterministic generator.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ades_pdf::{Dictionary, ObjRef, Object, PdfFile, PdfString};

/// The foreign corpus (`ADES_CORPUS_DIR`, default `../shared/corpus` from the workspace root).
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("ADES_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// The interop references (`ADES_REFERENCE_DIR`, default `../shared/interop/reference`).
pub fn reference_dir() -> PathBuf {
    std::env::var_os("ADES_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/interop/reference")
        })
}

/// Every `.pdf` under a folder (subfolders included), sorted; `None` if the folder is absent.
pub fn pdfs_in(dir: &Path) -> Option<Vec<PathBuf>> {
    std::fs::read_dir(dir).ok()?;
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Some(out)
}

/// A signature found in the AcroForm: the field, its /V dictionary, /ByteRange and /Contents.
#[derive(Debug)]
pub struct SignatureField {
    pub field: ObjRef,
    pub byte_range: Vec<i64>,
    pub contents: Vec<u8>,
    pub sub_filter: Option<String>,
}

/// Walks /AcroForm /Fields and their /Kids (with a loop guard) and reads every signature
/// field's /V: its /ByteRange and /Contents. Fails on anything unreadable.
pub fn signature_fields(pdf: &PdfFile) -> Result<Vec<SignatureField>, String> {
    let catalog = pdf.catalog().map_err(|e| format!("catalog: {e}"))?;
    let Some(acroform) = catalog.get("AcroForm") else {
        return Ok(Vec::new());
    };
    let acroform = pdf
        .resolve(acroform)
        .map_err(|e| format!("/AcroForm: {e}"))?;
    let Some(acroform) = acroform.as_dict() else {
        return Ok(Vec::new());
    };
    let fields = match acroform.get("Fields") {
        Some(f) => pdf.resolve(f).map_err(|e| format!("/Fields: {e}"))?,
        None => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<(Object, bool)> = fields
        .as_array()
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|f| (f.clone(), false))
        .collect();
    while let Some((field, inherited_sig)) = stack.pop() {
        let Object::Reference(id) = field else {
            return Err(format!("field is not a reference: {field:?}"));
        };
        if !seen.insert(id) {
            return Err(format!("field loop at {id}"));
        }
        let dict = pdf.get(id).map_err(|e| format!("field {id}: {e}"))?;
        let dict = dict
            .as_dict()
            .ok_or(format!("field {id} not a dict"))?
            .clone();
        let is_sig = match dict.get_name("FT") {
            Some(ft) => ft.is("Sig"),
            None => inherited_sig,
        };
        if is_sig && let Some(v) = dict.get("V") {
            let v = pdf.resolve(v).map_err(|e| format!("/V of {id}: {e}"))?;
            if let Some(sig) = v.as_dict() {
                out.push(read_signature(pdf, id, sig)?);
            }
        }
        if let Some(kids) = dict.get("Kids") {
            let kids = pdf
                .resolve(kids)
                .map_err(|e| format!("/Kids of {id}: {e}"))?;
            for kid in kids.as_array().unwrap_or_default().iter().rev() {
                stack.push((kid.clone(), is_sig));
            }
        }
    }
    Ok(out)
}

fn read_signature(
    pdf: &PdfFile,
    field: ObjRef,
    sig: &Dictionary,
) -> Result<SignatureField, String> {
    let byte_range = pdf
        .resolve(
            sig.get("ByteRange")
                .ok_or(format!("{field}: no /ByteRange"))?,
        )
        .map_err(|e| e.to_string())?;
    let byte_range: Vec<i64> = byte_range
        .as_array()
        .ok_or(format!("{field}: /ByteRange not an array"))?
        .iter()
        .map(|o| o.as_i64().ok_or(format!("{field}: /ByteRange entry {o:?}")))
        .collect::<Result<_, _>>()?;
    let contents = pdf
        .resolve(
            sig.get("Contents")
                .ok_or(format!("{field}: no /Contents"))?,
        )
        .map_err(|e| e.to_string())?;
    let contents = contents
        .as_string()
        .ok_or(format!("{field}: /Contents not a string"))?
        .as_bytes()
        .to_vec();
    Ok(SignatureField {
        field,
        byte_range,
        contents,
        sub_filter: sig
            .get_name("SubFilter")
            .and_then(|n| n.as_str().map(str::to_owned)),
    })
}

/// A hex string object.
pub fn hex(bytes: &[u8]) -> Object {
    PdfString::hex(bytes.to_vec()).into()
}

/// Writes a PDF byte by byte, keeping object offsets, for tests.
pub struct Builder {
    pub out: Vec<u8>,
    pub offsets: std::collections::BTreeMap<u32, usize>,
}

/// An entry of a cross-reference stream written by [`Builder::xref_stream`].
#[derive(Clone, Copy, Debug)]
pub enum Entry {
    Free,
    At(usize),
    In(u32, u32),
}

impl Builder {
    pub fn new(version: &str) -> Self {
        let mut out = format!("%PDF-{version}\n").into_bytes();
        out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
        Builder {
            out,
            offsets: Default::default(),
        }
    }

    /// Continues an existing file (for incremental updates written by hand).
    pub fn extend(bytes: Vec<u8>) -> Self {
        Builder {
            out: bytes,
            offsets: Default::default(),
        }
    }

    pub fn obj(&mut self, num: u32, body: &str) -> usize {
        self.raw_obj(num, body.as_bytes())
    }

    pub fn raw_obj(&mut self, num: u32, body: &[u8]) -> usize {
        let at = self.out.len();
        self.offsets.insert(num, at);
        self.out
            .extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
        at
    }

    /// A stream object with `/Length` set to the data's length.
    pub fn stream(&mut self, num: u32, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<<{dict}/Length {}>>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.raw_obj(num, &body)
    }

    /// A classic xref table listing `nums` (from the recorded offsets; object 0 free if
    /// `with_zero`), the trailer, startxref and %%EOF. Returns the xref offset.
    pub fn xref_table(&mut self, nums: &[u32], with_zero: bool, trailer: &str) -> usize {
        let at = self.out.len();
        let mut list: Vec<(u32, String)> = nums
            .iter()
            .map(|n| (*n, format!("{:010} 00000 n\r\n", self.offsets[n])))
            .collect();
        if with_zero {
            list.push((0, "0000000000 65535 f\r\n".to_owned()));
        }
        list.sort();
        self.out.extend_from_slice(b"xref\n");
        let mut i = 0;
        while i < list.len() {
            let mut j = i + 1;
            while j < list.len() && list[j].0 == list[j - 1].0 + 1 {
                j += 1;
            }
            self.out
                .extend_from_slice(format!("{} {}\n", list[i].0, j - i).as_bytes());
            for (_, line) in &list[i..j] {
                self.out.extend_from_slice(line.as_bytes());
            }
            i = j;
        }
        self.out.extend_from_slice(
            format!("trailer\n<<{trailer}>>\nstartxref\n{at}\n%%EOF\n").as_bytes(),
        );
        at
    }

    /// A cross-reference stream object `num` (its own entry included), FlateDecode with the
    /// PNG Up predictor when `compress`, then startxref and %%EOF. Returns its offset.
    pub fn xref_stream(
        &mut self,
        num: u32,
        entries: &[(u32, Entry)],
        dict_extra: &str,
        compress: bool,
    ) -> usize {
        let at = self.out.len();
        let mut all: Vec<(u32, Entry)> = entries.to_vec();
        all.push((num, Entry::At(at)));
        all.sort_by_key(|e| e.0);
        let mut rows = Vec::new();
        let mut index = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let mut j = i + 1;
            while j < all.len() && all[j].0 == all[j - 1].0 + 1 {
                j += 1;
            }
            index.push(format!("{} {}", all[i].0, j - i));
            i = j;
        }
        for (_, e) in &all {
            let (t, f1, f2) = match *e {
                Entry::Free => (0u8, 0u64, 0u16),
                Entry::At(o) => (1, o as u64, 0),
                Entry::In(s, k) => (2, u64::from(s), k as u16),
            };
            rows.push(t);
            rows.extend_from_slice(&f1.to_be_bytes()[5..]);
            rows.extend_from_slice(&f2.to_be_bytes());
        }
        let size = all.last().unwrap().0 + 1;
        let (data, filter) = if compress {
            // PNG Up predictor over rows of 6 bytes, then deflate.
            let mut predicted = Vec::new();
            let mut prior = [0u8; 6];
            for row in rows.chunks(6) {
                predicted.push(2u8);
                for (k, b) in row.iter().enumerate() {
                    predicted.push(b.wrapping_sub(prior[k]));
                }
                prior.copy_from_slice(row);
            }
            (
                miniz_oxide::deflate::compress_to_vec_zlib(&predicted, 6),
                "/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 6>>",
            )
        } else {
            (rows, "")
        };
        self.stream(
            num,
            &format!(
                "/Type/XRef/W[1 3 2]/Size {size}/Index[{}]{filter}{dict_extra}",
                index.join(" ")
            ),
            &data,
        );
        self.out
            .extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
        at
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.out.clone()
    }
}

/// An object stream's data holding `objects` (number, body); returns (/N /First dict part, data).
pub fn object_stream(objects: &[(u32, &str)]) -> (String, Vec<u8>) {
    let mut header = String::new();
    let mut body = String::new();
    for (num, text) in objects {
        header.push_str(&format!("{num} {} ", body.len()));
        body.push_str(text);
        body.push('\n');
    }
    let dict = format!("/Type/ObjStm/N {}/First {}", objects.len(), header.len());
    (dict, (header + &body).into_bytes())
}

pub const CONTENT: &[u8] = b"BT /F1 24 Tf 72 700 Td (Hello, PAdES) Tj ET";

/// A minimal one-page PDF with a classic xref table.
pub fn classic_pdf() -> Vec<u8> {
    let mut b = Builder::new("1.7");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(
        3,
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    );
    b.stream(4, "", CONTENT);
    b.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>");
    b.obj(6, "<</Producer(ades-pades tests)>>");
    b.xref_table(
        &[1, 2, 3, 4, 5, 6],
        true,
        "/Size 7/Root 1 0 R/Info 6 0 R/ID[<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>]",
    );
    b.bytes()
}

/// A one-page PDF 1.5 with a compressed cross-reference stream (PNG predictor) and an object
/// stream holding the catalog, the page tree and the page.
pub fn xref_stream_pdf() -> Vec<u8> {
    let mut b = Builder::new("1.5");
    let (dict, data) = object_stream(&[
        (1, "<</Type/Catalog/Pages 2 0 R>>"),
        (2, "<</Type/Pages/Kids[3 0 R]/Count 1>>"),
        (
            3,
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        ),
    ]);
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
    b.stream(6, &format!("{dict}/Filter/FlateDecode"), &compressed);
    let content = miniz_oxide::deflate::compress_to_vec_zlib(CONTENT, 6);
    b.stream(4, "/Filter/FlateDecode", &content);
    b.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>");
    let entries = [
        (0, Entry::Free),
        (1, Entry::In(6, 0)),
        (2, Entry::In(6, 1)),
        (3, Entry::In(6, 2)),
        (4, Entry::At(b.offsets[&4])),
        (5, Entry::At(b.offsets[&5])),
        (6, Entry::At(b.offsets[&6])),
    ];
    b.xref_stream(
        7,
        &entries,
        "/Root 1 0 R/ID[<0102030405060708090A0B0C0D0E0F10><0102030405060708090A0B0C0D0E0F10>]",
        true,
    );
    b.bytes()
}

/// [`classic_pdf`] plus one incremental update (by hand): the page gets a new MediaBox and an
/// annotation, object 7.
pub fn incremental_pdf() -> Vec<u8> {
    let original = classic_pdf();
    let prev = PdfFile::parse(original.clone()).unwrap().revisions()[0]
        .xref_offset()
        .unwrap();
    let mut b = Builder::extend(original);
    b.obj(
        3,
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[7 0 R]>>",
    );
    b.obj(
        7,
        "<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/Contents(note)>>",
    );
    b.xref_table(
        &[3, 7],
        false,
        &format!(
            "/Size 8/Root 1 0 R/Info 6 0 R/Prev {prev}/ID[<00112233445566778899AABBCCDDEEFF><FFEEDDCCBBAA99887766554433221100>]"
        ),
    );
    b.bytes()
}

/// A hybrid-reference file: a classic table for the direct objects, whose trailer's
/// `/XRefStm` points to a cross-reference stream for the objects in an object stream (the
/// table lists them as free).
pub fn hybrid_pdf() -> Vec<u8> {
    let mut b = Builder::new("1.5");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    let (dict, data) = object_stream(&[
        (2, "<</Type/Pages/Kids[3 0 R]/Count 1>>"),
        (
            3,
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
        ),
    ]);
    b.stream(6, &dict, &data);
    b.stream(4, "", CONTENT);
    let xrefstm = b.out.len();
    let entries = [(2, Entry::In(6, 0)), (3, Entry::In(6, 1))];
    // The stream section, without startxref/%%EOF of its own: write it by hand.
    let mut rows = Vec::new();
    for (_, e) in &entries {
        if let Entry::In(s, k) = e {
            rows.extend_from_slice(&[2, 0, 0, *s as u8, 0, *k as u8]);
        }
    }
    b.stream(8, "/Type/XRef/W[1 3 2]/Size 9/Index[2 2]", &rows);
    let at = b.out.len();
    b.out
        .extend_from_slice(b"xref\n0 5\n0000000000 65535 f\r\n");
    b.out
        .extend_from_slice(format!("{:010} 00000 n\r\n", b.offsets[&1]).as_bytes());
    b.out
        .extend_from_slice(b"0000000000 00000 f\r\n0000000000 00000 f\r\n");
    b.out
        .extend_from_slice(format!("{:010} 00000 n\r\n", b.offsets[&4]).as_bytes());
    b.out.extend_from_slice(b"6 1\n");
    b.out
        .extend_from_slice(format!("{:010} 00000 n\r\n", b.offsets[&6]).as_bytes());
    b.out.extend_from_slice(
        format!("trailer\n<</Size 9/Root 1 0 R/XRefStm {xrefstm}>>\nstartxref\n{at}\n%%EOF\n")
            .as_bytes(),
    );
    b.bytes()
}

/// The generated PDFs by name.
pub fn generated() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("classic", classic_pdf()),
        ("xref-stream", xref_stream_pdf()),
        ("incremental", incremental_pdf()),
        ("hybrid", hybrid_pdf()),
    ]
}
