//! The language of an answer: the `Accept-Language` header when it names Dutch or English,
//! otherwise the caller's own language.

use crate::domain::account::Language;
use actix_web::http::header;
use actix_web::HttpRequest;

/// The language to answer `req` in: the most preferred of `nl`/`en` in its
/// `Accept-Language` header, or `fallback` (normally the caller's language) when the header
/// is absent or names neither.
pub fn preferred_language(req: &HttpRequest, fallback: Language) -> Language {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_accept_language)
        .unwrap_or(fallback)
}

/// The most preferred supported language of an `Accept-Language` value (`nl-BE, en;q=0.8`):
/// the highest weight wins, the first listed on a tie; regional variants count for their
/// language; `q=0` means "not this one".
pub fn parse_accept_language(value: &str) -> Option<Language> {
    let mut best: Option<(f32, Language)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let Ok(language) = primary.to_ascii_lowercase().parse::<Language>() else {
            continue;
        };
        let weight = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if weight > 0.0 && best.is_none_or(|(best_weight, _)| weight > best_weight) {
            best = Some((weight, language));
        }
    }
    best.map(|(_, language)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_preferred_supported_language_wins() {
        assert_eq!(parse_accept_language("nl"), Some(Language::Nl));
        assert_eq!(parse_accept_language("en-GB,en;q=0.9"), Some(Language::En));
        assert_eq!(parse_accept_language("nl-BE, en;q=0.8"), Some(Language::Nl));
        assert_eq!(parse_accept_language("fr-BE, en;q=0.5, nl;q=0.7"), Some(Language::Nl));
        assert_eq!(parse_accept_language("EN-us"), Some(Language::En));
        assert_eq!(
            parse_accept_language("en;q=0.5, nl;q=0.5"),
            Some(Language::En),
            "first on a tie"
        );
    }

    #[test]
    fn unsupported_refused_or_garbage_values_give_nothing() {
        assert_eq!(parse_accept_language("fr, de;q=0.9"), None);
        assert_eq!(parse_accept_language("nl;q=0"), None);
        assert_eq!(parse_accept_language("*"), None);
        assert_eq!(parse_accept_language(""), None);
        assert_eq!(parse_accept_language(";;,,"), None);
    }

    #[test]
    fn the_fallback_answers_when_the_header_does_not() {
        let plain = actix_web::test::TestRequest::default().to_http_request();
        assert_eq!(preferred_language(&plain, Language::En), Language::En);
        let french = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_LANGUAGE, "fr"))
            .to_http_request();
        assert_eq!(preferred_language(&french, Language::Nl), Language::Nl);
        let dutch = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_LANGUAGE, "nl-BE"))
            .to_http_request();
        assert_eq!(preferred_language(&dutch, Language::En), Language::Nl);
    }
}
