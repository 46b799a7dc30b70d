//! The format of the signed object (policy §3.6.4 d), Annex I): written as `content-hints`
//! in CAdES and `DataObjectFormat` in XAdES, so a receiver knows how to show the document.

/// The format of a signed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFormat {
    /// MIME type (`application/pdf`).
    pub mime_type: String,
    /// Free description (CAdES `contentDescription`, XAdES `Description`); the MIME type when absent.
    pub description: Option<String>,
    /// Encoding URI (XAdES `Encoding`), e.g. base64 for the internally detached packaging.
    pub encoding: Option<String>,
}

impl DataFormat {
    /// A format given by its MIME type.
    pub fn mime(mime_type: impl Into<String>) -> Self {
        DataFormat {
            mime_type: mime_type.into(),
            description: None,
            encoding: None,
        }
    }

    /// Guesses the MIME type from the first bytes of the document and its file name, falling
    /// back to `application/octet-stream`. Only formats recognisable with certainty are named.
    pub fn detect(file_name: Option<&str>, head: &[u8]) -> Self {
        Self::mime(detect_mime(file_name, head))
    }

    /// The description, or the MIME type when there is none.
    pub fn description_or_mime(&self) -> &str {
        self.description.as_deref().unwrap_or(&self.mime_type)
    }
}

fn detect_mime(file_name: Option<&str>, head: &[u8]) -> &'static str {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"II*\x00", "image/tiff"),
        (b"MM\x00*", "image/tiff"),
        (b"{\\rtf", "application/rtf"),
    ];
    if let Some((_, mime)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return mime;
    }
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    if head.starts_with(b"PK\x03\x04") {
        return match extension.as_deref() {
            Some("odt") => "application/vnd.oasis.opendocument.text",
            Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
            Some("docx") => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/zip",
        };
    }
    let text = std::str::from_utf8(head).is_ok()
        || std::str::from_utf8(head).is_err_and(|e| e.valid_up_to() + 4 > head.len());
    let text = text && !head.contains(&0);
    if text {
        let trimmed = head.trim_ascii_start();
        let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
        if trimmed.starts_with(b"<?xml") || extension.as_deref() == Some("xml") {
            return "text/xml";
        }
        return match extension.as_deref() {
            Some("html" | "htm") => "text/html",
            Some("csv") => "text/csv",
            _ => "text/plain",
        };
    }
    "application/octet-stream"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_formats() {
        assert_eq!(
            DataFormat::detect(None, b"%PDF-1.7\n").mime_type,
            "application/pdf"
        );
        assert_eq!(
            DataFormat::detect(Some("a.txt"), "Solicitud de licencia, Madrid\n".as_bytes())
                .mime_type,
            "text/plain"
        );
        assert_eq!(
            DataFormat::detect(None, b"<?xml version=\"1.0\"?><a/>").mime_type,
            "text/xml"
        );
        assert_eq!(
            DataFormat::detect(Some("x.odt"), b"PK\x03\x04rest").mime_type,
            "application/vnd.oasis.opendocument.text"
        );
        assert_eq!(
            DataFormat::detect(None, &[0, 1, 2, 0xFF]).mime_type,
            "application/octet-stream"
        );
    }
}
