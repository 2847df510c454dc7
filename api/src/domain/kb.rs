//! Knowledge-base rules: who may read an article, whether it takes comments, and turning its
//! Markdown into HTML that is safe to show (no script survives).

use super::account::{Language, Role};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use utoipa::ToSchema;

/// Whether readers see the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// Being written: staff only.
    Draft,
    /// Readable by its audience.
    Published,
}

/// Who may read a published article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, without logging in.
    Public,
    /// Logged-in users only.
    Customers,
}

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ }) => {
        impl $name {
            /// The stored and serialised name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $name {
            type Err = super::account::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(super::account::UnknownValue(other.to_owned())),
                }
            }
        }
    };
}

text_enum!(ArticleStatus { Draft => "draft", Published => "published" });
text_enum!(Visibility { Public => "public", Customers => "customers" });

/// Whether a reader (`None` when not logged in) may read an article.
pub fn can_read(status: ArticleStatus, visibility: Visibility, reader: Option<Role>) -> bool {
    match (reader, status) {
        (Some(role), _) if role.is_staff() => true,
        (_, ArticleStatus::Draft) => false,
        (Some(_), ArticleStatus::Published) => true,
        (None, ArticleStatus::Published) => visibility == Visibility::Public,
    }
}

/// The sentence refusing a comment on an article closed for comments.
pub fn comments_closed(language: Language) -> &'static str {
    match language {
        Language::Nl => "dit artikel is gesloten voor reacties",
        Language::En => "this article is closed for comments",
    }
}

/// Markdown to HTML, then sanitised: scripts, event handlers, `javascript:` links, styles and
/// iframes are removed; links get `rel="noopener noreferrer"`.
pub fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::clean(&unsafe_html)
}

/// Why a slug is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("use 1 to 100 lower-case letters, digits and single hyphens, e.g. `credit-notes`")]
pub struct SlugError;

/// Slugs are the article's address: lower-case ASCII letters, digits and single hyphens.
pub fn check_slug(slug: &str) -> Result<(), SlugError> {
    let shape = !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if shape {
        Ok(())
    } else {
        Err(SlugError)
    }
}

/// Tags compared case-insensitively: trimmed, lower-case, without duplicates, sorted.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_reads_what() {
        use ArticleStatus::*;
        use Visibility::*;
        for role in Role::ALL {
            assert!(can_read(Published, Public, Some(role)));
            assert!(can_read(Published, Customers, Some(role)));
            assert_eq!(can_read(Draft, Public, Some(role)), role.is_staff(), "{role}");
        }
        assert!(can_read(Published, Public, None));
        assert!(!can_read(Published, Customers, None));
        assert!(!can_read(Draft, Public, None));
    }

    #[test]
    fn no_script_survives_rendering() {
        let html = render_markdown(
            "# Kredietnota\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n<iframe src=//evil></iframe>\n\n**vet**",
        );
        for forbidden in ["<script", "javascript:", "onerror", "<iframe", "alert(1)"] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        assert!(html.contains("<h1>Kredietnota</h1>"));
        assert!(html.contains("<strong>vet</strong>"));
    }

    #[test]
    fn slugs_and_tags() {
        assert!(check_slug("credit-notes-2026").is_ok());
        for bad in ["", "Credit", "a--b", "-a", "a-", "a b", "é", &"a".repeat(101)] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        let tags = normalize_tags(&["Facturatie ".into(), "facturatie".into(), "".into(), "Kassa".into()]);
        assert_eq!(tags, ["facturatie", "kassa"]);
    }

    #[test]
    fn closed_for_comments_in_both_languages() {
        assert_eq!(comments_closed(Language::En), "this article is closed for comments");
        assert_eq!(comments_closed(Language::Nl), "dit artikel is gesloten voor reacties");
    }
}
