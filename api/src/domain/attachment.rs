//! Which files may be attached: the content type is taken from the bytes, not from what the
//! uploader claims, and only document and image types a support desk needs are accepted.
//! HTML, SVG and executables are refused: served back to a browser they could run script.

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    /// The bytes are of a type we do not accept.
    #[error("files of type {0} are not accepted (images, PDF, office documents, text, CSV and ZIP are)")]
    TypeNotAllowed(String),
    /// The declared type contradicts the bytes.
    #[error("the file says it is {declared} but its content is {detected}")]
    Mismatch {
        /// What the upload claimed.
        declared: String,
        /// What the bytes are.
        detected: String,
    },
    /// No bytes.
    #[error("the file is empty")]
    Empty,
    /// A name that is empty after cleaning.
    #[error("the file needs a name")]
    NoName,
}

/// Types recognised from their magic bytes that we accept.
const BINARY_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/msword",
    "application/vnd.ms-excel",
];

/// Text files have no magic bytes: recognised by extension, and only if they are UTF-8.
const TEXT_TYPES: &[(&str, &str)] = &[
    ("txt", "text/plain"),
    ("log", "text/plain"),
    ("csv", "text/csv"),
    ("eml", "message/rfc822"),
];

/// Keeps a file name safe to store and to echo in a `Content-Disposition` header: no path,
/// no control characters or quotes, at most 200 characters.
pub fn clean_filename(name: &str) -> Result<String, AttachmentError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';'))
        .take(200)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        Err(AttachmentError::NoName)
    } else {
        Ok(cleaned)
    }
}

/// The content type of an upload, from its bytes (and, for text, its extension), checked
/// against the allow-list and against what the uploader declared.
pub fn checked_content_type(filename: &str, declared: Option<&str>, bytes: &[u8]) -> Result<String, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    let detected = match infer::get(bytes) {
        Some(kind) => kind.mime_type().to_owned(),
        None => {
            let extension = filename
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            let text = std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0);
            match TEXT_TYPES.iter().find(|(ext, _)| *ext == extension) {
                Some((_, mime)) if text => (*mime).to_owned(),
                _ => return Err(AttachmentError::TypeNotAllowed(describe_unknown(bytes))),
            }
        }
    };
    let allowed = BINARY_TYPES.contains(&detected.as_str()) || TEXT_TYPES.iter().any(|(_, m)| *m == detected);
    if !allowed {
        return Err(AttachmentError::TypeNotAllowed(detected));
    }
    if let Some(declared) = declared.map(|d| d.split(';').next().unwrap_or(d).trim().to_ascii_lowercase()) {
        // Browsers send octet-stream for anything they do not know; that claims nothing.
        let generic = declared.is_empty() || declared == "application/octet-stream";
        // Office documents are ZIP files: a ZIP claim for one is not a lie.
        let compatible = declared == detected || (declared == "application/zip" && detected.contains("openxmlformats"));
        if !generic && !compatible {
            return Err(AttachmentError::Mismatch { declared, detected });
        }
    }
    Ok(detected)
}

fn describe_unknown(bytes: &[u8]) -> String {
    if std::str::from_utf8(bytes).is_ok() {
        "text with an unknown extension".into()
    } else {
        "unknown binary data".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n";
    const ELF: &[u8] = &[0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    #[test]
    fn accepts_what_the_bytes_are_when_the_claim_agrees() {
        assert_eq!(
            checked_content_type("scherm.png", Some("image/png"), PNG).as_deref(),
            Ok("image/png")
        );
        assert_eq!(
            checked_content_type("x.pdf", Some("application/octet-stream"), PDF).as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(
            checked_content_type("x.pdf", None, PDF).as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(
            checked_content_type("log.TXT", Some("text/plain"), b"regel 1\nregel 2").as_deref(),
            Ok("text/plain")
        );
        assert_eq!(
            checked_content_type("prijzen.csv", None, "art;prijs\n1;€ 2,50".as_bytes()).as_deref(),
            Ok("text/csv")
        );
    }

    #[test]
    fn refuses_lies_executables_markup_and_empty_files() {
        assert!(matches!(
            checked_content_type("x.png", Some("image/png"), PDF),
            Err(AttachmentError::Mismatch { .. })
        ));
        assert!(matches!(
            checked_content_type("tool", None, ELF),
            Err(AttachmentError::TypeNotAllowed(_))
        ));
        assert!(matches!(
            checked_content_type("page.html", Some("text/html"), b"<script>alert(1)</script>"),
            Err(AttachmentError::TypeNotAllowed(_))
        ));
        assert!(matches!(
            checked_content_type("x.svg", None, b"<svg onload=alert(1)>"),
            Err(AttachmentError::TypeNotAllowed(_))
        ));
        assert!(matches!(
            checked_content_type("notes.txt", None, &[b'a', 0, b'b']),
            Err(AttachmentError::TypeNotAllowed(_))
        ));
        assert_eq!(checked_content_type("x.txt", None, b""), Err(AttachmentError::Empty));
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(
            clean_filename("C:\\Users\\tom\\factuur 12.pdf").as_deref(),
            Ok("factuur 12.pdf")
        );
        assert_eq!(clean_filename("../../etc/passwd").as_deref(), Ok("passwd"));
        assert_eq!(clean_filename("a\"b;\r\nc.txt").as_deref(), Ok("abc.txt"));
        assert_eq!(clean_filename(".hidden").as_deref(), Ok("hidden"));
        assert_eq!(clean_filename("../"), Err(AttachmentError::NoName));
        assert_eq!(clean_filename(&"x".repeat(500)).map(|n| n.len()), Ok(200));
    }
}
