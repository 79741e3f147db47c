//! A lab carried inside its own share link: `#/open?lab=PAYLOAD`, where
//! PAYLOAD is the lab file's text, raw-deflated (`miniz_oxide`) and
//! written in URL-safe base64 without padding (`base64`). Whoever opens
//! the link needs nothing but the page: the file travels in the address.
//!
//! Pure: no DOM. A link is untrusted input, so decoding never panics, and
//! the inflated text is capped ([`MAX_SOURCE_BYTES`]): a few KB of link
//! cannot make the page inflate gigabytes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;

/// The longest share link offered, in characters (the whole address).
/// RFC 9110 §4.1 recommends that everything handling URIs support at
/// least 8,000 octets; chat apps, LMS link fields and e-mail clients
/// that cut or refuse longer addresses do so above that figure. A longer
/// lab is offered as its file instead.
pub const MAX_LINK_CHARS: usize = 8_000;

/// The largest lab text a link may inflate to, in bytes (1 MiB; the
/// biggest built-in lab is under 40 KB).
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// The query key that carries the lab.
pub const KEY: &str = "lab";
/// The query key that carries its file's name: a bare scenario is named
/// after its file, so the receiver's lab gets the sender's id.
pub const FILE_KEY: &str = "file";

/// Why a link's lab could not be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// `lab=` is empty: the link was cut before its lab.
    Empty,
    /// Not URL-safe base64: the link was cut or changed on the way.
    NotBase64,
    /// Base64, but not a deflated lab: damaged on the way.
    Damaged,
    /// It inflates past [`MAX_SOURCE_BYTES`].
    TooLarge,
    /// It inflates to bytes that are not UTF-8 text.
    NotText,
}

impl LinkProblem {
    /// The locale key of its explanation (`open_lab.link_*`).
    pub fn text_key(self) -> &'static str {
        match self {
            LinkProblem::Empty => "open_lab.link_empty",
            LinkProblem::NotBase64 => "open_lab.link_not_base64",
            LinkProblem::Damaged => "open_lab.link_damaged",
            LinkProblem::TooLarge => "open_lab.link_too_large",
            LinkProblem::NotText => "open_lab.link_not_text",
        }
    }
}

/// `source` as a link payload: deflated at the best level (a link is
/// made once and read many times), then URL-safe base64.
pub fn encode(source: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(source.as_bytes(), 10))
}

/// The lab text in a link payload.
pub fn decode(payload: &str) -> Result<String, LinkProblem> {
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(LinkProblem::Empty);
    }
    // Some chat apps and mail clients add the padding back.
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| LinkProblem::NotBase64)?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_SOURCE_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => LinkProblem::TooLarge,
            _ => LinkProblem::Damaged,
        })?;
    String::from_utf8(text).map_err(|_| LinkProblem::NotText)
}

/// A share link, or why there is none: a lab too large for a link is
/// offered as its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Share {
    Link(String),
    TooLong { chars: usize },
}

/// The link that opens `source`, opened as `file`, on the page at `base`
/// (the address up to `#`), with the lab's control values `pairs` after it.
pub fn share(base: &str, file: &str, source: &str, pairs: &[(String, String)]) -> Share {
    let mut link = format!(
        "{base}#/open?{KEY}={}&{FILE_KEY}={}",
        encode(source),
        link_file_name(file)
    );
    for (k, v) in pairs {
        link += &format!("&{k}={v}");
    }
    let chars = link.chars().count();
    if chars > MAX_LINK_CHARS {
        Share::TooLong { chars }
    } else {
        Share::Link(link)
    }
}

/// A file name as a link carries it: its last path part, with only
/// letters, digits, `.`, `_` and `-` (anything else becomes `-`), so it
/// needs no escaping and still names the same scenario id.
pub fn link_file_name(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    if name.trim_matches(['-', '.']).is_empty() {
        "lab.toml".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: &str = include_str!("../../labs/shares-contention.toml");

    #[test]
    fn a_lab_round_trips_through_a_link_in_url_safe_characters() {
        let payload = encode(LAB);
        assert!(payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert!(payload.len() < LAB.len(), "deflate makes it shorter");
        assert_eq!(decode(&payload).unwrap(), LAB);
        // Chinese text survives as UTF-8.
        let zh = "title = { en = \"x\", zh-CN = \"份额与预留\" }\n";
        assert_eq!(decode(&encode(zh)).unwrap(), zh);
        // Padding added back by a mail client is tolerated.
        assert_eq!(decode(&format!("{payload}==")).unwrap(), LAB);
    }

    #[test]
    fn a_damaged_link_says_what_is_wrong_without_panicking() {
        let payload = encode(LAB);
        assert_eq!(decode(""), Err(LinkProblem::Empty));
        assert_eq!(decode("not base64!"), Err(LinkProblem::NotBase64));
        // Cut in half on the way (on a whole base64 group): the deflate
        // stream ends early. Cut anywhere else it is not base64 at all.
        let half = (payload.len() / 2) & !3;
        assert_eq!(decode(&payload[..half]), Err(LinkProblem::Damaged));
        assert_eq!(decode(&payload[..half + 1]), Err(LinkProblem::NotBase64));
        // Valid base64 that is not deflate at all.
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode([0xffu8; 32])),
            Err(LinkProblem::Damaged)
        );
        // Deflated bytes that are not text.
        let bytes = miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 6);
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(bytes)),
            Err(LinkProblem::NotText)
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_at_the_cap() {
        // 8 MB of one letter deflates to about 8 KB.
        let bomb = vec![b'a'; 8 << 20];
        let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 6));
        assert!(payload.len() < 20_000);
        assert_eq!(decode(&payload), Err(LinkProblem::TooLarge));
        // Exactly at the cap is still a lab.
        let at_cap = "a".repeat(MAX_SOURCE_BYTES);
        assert_eq!(decode(&encode(&at_cap)).unwrap().len(), MAX_SOURCE_BYTES);
    }

    #[test]
    fn a_link_carries_control_values_and_a_long_lab_is_offered_as_a_file() {
        let pairs = vec![("db-shares".to_string(), "high".to_string())];
        let Share::Link(link) = share("https://x.edu/vlab/", "My Lab.toml", LAB, &pairs) else {
            panic!("a built-in lab fits in a link");
        };
        assert!(link.starts_with("https://x.edu/vlab/#/open?lab="), "{link}");
        assert!(link.ends_with("&file=My-Lab.toml&db-shares=high"), "{link}");
        assert_eq!(link_file_name("C:\\labs\\份额.toml"), "--.toml");
        assert_eq!(link_file_name("../"), "lab.toml");
        // Text deflate cannot shrink much: pseudo-random letters.
        let mut x: u64 = 1;
        let noise: String = (0..20_000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                char::from(b'a' + ((x >> 40) % 26) as u8)
            })
            .collect();
        match share(
            "https://x.edu/",
            "big.toml",
            &format!("{LAB}# {noise}\n"),
            &[],
        ) {
            Share::TooLong { chars } => assert!(chars > MAX_LINK_CHARS),
            Share::Link(l) => panic!("{} characters fit", l.len()),
        }
    }
}
