//! Which language to answer in: `Accept-Language` (nl or en) wins, then the caller's profile.

use crate::domain::account::Language;
use actix_web::{http::header, HttpRequest};

/// The first of `nl` / `en` in the request's `Accept-Language`, by quality; `None` when the
/// header names neither.
pub fn accepted_language(req: &HttpRequest) -> Option<Language> {
    let value = req.headers().get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut choices: Vec<(f32, Language)> = value
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim().to_ascii_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let language = match tag.split('-').next()? {
                "nl" => Language::Nl,
                "en" => Language::En,
                _ => return None,
            };
            Some((quality, language))
        })
        .collect();
    // Stable sort: equal qualities keep the header's order.
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.first().map(|(_, language)| *language)
}

/// The language to answer in: the header's choice, else the user's own.
pub fn response_language(req: &HttpRequest, user_language: Language) -> Language {
    accepted_language(req).unwrap_or(user_language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn pick(header: &str) -> Option<Language> {
        accepted_language(
            &TestRequest::default()
                .insert_header((header::ACCEPT_LANGUAGE, header))
                .to_http_request(),
        )
    }

    #[test]
    fn picks_nl_or_en_by_quality() {
        assert_eq!(pick("nl-BE,nl;q=0.9,en;q=0.8"), Some(Language::Nl));
        assert_eq!(pick("fr-BE, en;q=0.5, nl;q=0.4"), Some(Language::En));
        assert_eq!(pick("en-GB;q=0.3, nl;q=0.7"), Some(Language::Nl));
        assert_eq!(pick("fr, de"), None);
        assert_eq!(pick("EN"), Some(Language::En));
    }

    #[test]
    fn falls_back_to_the_users_language() {
        let req = TestRequest::default().to_http_request();
        assert_eq!(response_language(&req, Language::En), Language::En);
    }
}
