//! Text normalisation shared by triage matching and full-text search.
//!
//! Dutch, French and English text is folded to a comparable form: lower case, accents
//! removed (`é` → `e`, `ë` → `e`, `ç` → `c`, `ï` → `i`), compatibility forms decomposed
//! (the ligatures `ĳ` → `ij`, `ﬁ` → `fi`) and the letters that have no decomposition spelled
//! out (`œ` → `oe`, `æ` → `ae`, `ß` → `ss`, `ø` → `o`). Folded text is then split into
//! words: maximal runs of letters and digits. Everything else — spaces, punctuation,
//! apostrophes, hyphens — separates words, so `doesn't` is the two words `doesn` `t`, and
//! `l'application` is `l` `application`.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Folds `text` for comparison: lower case, accents and other combining marks removed,
/// compatibility characters decomposed.
///
/// Compatibility decomposition (NFKD) rather than canonical (NFD) because Dutch text
/// written on some keyboards contains the single character `ĳ`, which must match `ij`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for decomposed in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        // Lower-casing can itself produce a combining mark (`İ` → `i` + U+0307).
        for lower in decomposed.to_lowercase().filter(|c| !is_combining_mark(*c)) {
            match lower {
                'œ' => folded.push_str("oe"),
                'æ' => folded.push_str("ae"),
                'ß' => folded.push_str("ss"),
                'ø' => folded.push('o'),
                'ł' => folded.push('l'),
                'đ' => folded.push('d'),
                other => folded.push(other),
            }
        }
    }
    folded
}

/// The folded words of `text`, in order (see the module documentation for what a word is).
pub fn words(text: &str) -> Vec<String> {
    split_folded(&fold(text))
}

fn split_folded(folded: &str) -> Vec<String> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A text folded and split once, to be searched for many words and phrases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedText {
    words: Vec<String>,
}

impl FoldedText {
    /// Folds and splits `text`.
    pub fn new(text: &str) -> FoldedText {
        FoldedText { words: words(text) }
    }

    /// The folded words, in order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether `phrase` occurs as whole consecutive words, case- and accent-insensitively.
    ///
    /// A phrase with no letters or digits (empty, or only punctuation) never matches.
    pub fn contains_phrase(&self, phrase: &str) -> bool {
        let phrase_words = words(phrase);
        !phrase_words.is_empty()
            && self
                .words
                .windows(phrase_words.len())
                .any(|window| window == phrase_words.as_slice())
    }

    /// The first entry of `phrases` (in list order, as spelled in the list) that occurs in
    /// this text as whole consecutive words.
    pub fn find_any<'p, P: AsRef<str>>(&self, phrases: &'p [P]) -> Option<&'p str> {
        phrases
            .iter()
            .map(AsRef::as_ref)
            .find(|phrase| self.contains_phrase(phrase))
    }
}

/// The first entry of `words` (in list order, as spelled in the list) that occurs in
/// `haystack` as a whole word — or, for an entry of several words, as consecutive whole
/// words — ignoring case and accents.
///
/// `"fout"` matches `"Een FOUT!"` but not `"fouten"`; `"werkt niet"` matches
/// `"Het werkt  niet meer"`.
pub fn contains_any_word<'w, W: AsRef<str>>(haystack: &str, words: &'w [W]) -> Option<&'w str> {
    FoldedText::new(haystack).find_any(words)
}

/// The characters `str::trim` removes (Unicode `White_Space`), as ranges: text made only of
/// these is blank.
pub const WHITE_SPACE: &[(char, char)] = &[
    ('\u{9}', '\u{d}'),
    (' ', ' '),
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

/// Whether `text` is empty or white space only (what `must not be blank` refuses).
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A regular expression (ECMA-262 and Python alike) that text which is not blank matches: it
/// holds a character outside [`WHITE_SPACE`]. For the OpenAPI document's `pattern`.
pub fn not_blank_pattern() -> String {
    let mut class = String::new();
    for (first, last) in WHITE_SPACE {
        class.push_str(&format!("\\u{:04X}", u32::from(*first)));
        if first != last {
            class.push_str(&format!("-\\u{:04X}", u32::from(*last)));
        }
    }
    format!("[^{class}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_what_trim_removes() {
        let listed = |c: char| WHITE_SPACE.iter().any(|(first, last)| (*first..=*last).contains(&c));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(listed(c), c.is_whitespace(), "U+{:04X}", u32::from(c));
            assert_eq!(is_blank(&c.to_string()), c.is_whitespace());
        }
        assert_eq!(
            not_blank_pattern(),
            "[^\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028-\\u2029\\u202F\\u205F\\u3000]"
        );
    }
    use proptest::prelude::*;

    #[test]
    fn fold_lowercases_and_strips_accents_of_dutch_french_and_english() {
        assert_eq!(fold("Foutmélding"), "foutmelding");
        assert_eq!(fold("ÉÉN Ëzel"), "een ezel");
        assert_eq!(fold("Garçon naïve Noël"), "garcon naive noel");
        assert_eq!(fold("À côté, déjà ça"), "a cote, deja ca");
        assert_eq!(fold("HELLO World"), "hello world");
    }

    #[test]
    fn fold_spells_out_ligatures_and_letters_without_decomposition() {
        assert_eq!(fold("ĳs"), "ijs");
        assert_eq!(fold("Ĳsselmeer"), "ijsselmeer");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Cæsar"), "caesar");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Øresund"), "oresund");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn fold_keeps_digits_and_punctuation() {
        assert_eq!(fold("Fout 404: pagina's"), "fout 404: pagina's");
    }

    #[test]
    fn words_split_on_everything_but_letters_and_digits() {
        assert_eq!(
            words("Het programma crasht: foutmelding #42 (doesn't work), l'application—e-mail"),
            vec![
                "het",
                "programma",
                "crasht",
                "foutmelding",
                "42",
                "doesn",
                "t",
                "work",
                "l",
                "application",
                "e",
                "mail"
            ]
        );
        assert!(words("").is_empty());
        assert!(words(" ... !? ").is_empty());
    }

    #[test]
    fn whole_word_match_ignores_case_and_accents() {
        let wanted = ["foutmelding"];
        assert_eq!(
            contains_any_word("Ik krijg een FOUTMELDING", &wanted),
            Some("foutmelding")
        );
        assert_eq!(
            contains_any_word("Ik krijg een foutmélding.", &wanted),
            Some("foutmelding")
        );
        assert_eq!(contains_any_word("foutmelding", &["FOUTMÉLDING"]), Some("FOUTMÉLDING"));
    }

    #[test]
    fn a_longer_word_does_not_match_its_prefix_or_suffix() {
        assert_eq!(contains_any_word("Er staan fouten in het rapport", &["fout"]), None);
        assert_eq!(contains_any_word("schrijffout", &["fout"]), None);
        assert_eq!(contains_any_word("debugging", &["bug"]), None);
        assert_eq!(contains_any_word("een fout.", &["fout"]), Some("fout"));
    }

    #[test]
    fn a_phrase_matches_consecutive_whole_words_only() {
        let phrases = ["werkt niet"];
        assert_eq!(contains_any_word("Het werkt   NIET meer", &phrases), Some("werkt niet"));
        assert_eq!(contains_any_word("werkt, niet", &phrases), Some("werkt niet"));
        assert_eq!(contains_any_word("niet werkt", &phrases), None);
        assert_eq!(contains_any_word("het werkt nu wel, niet?", &phrases), None);
        assert_eq!(contains_any_word("werkt nietsnut", &phrases), None);
    }

    #[test]
    fn apostrophes_of_either_kind_match() {
        let phrases = ["doesn't work"];
        assert_eq!(contains_any_word("It doesn’t work", &phrases), Some("doesn't work"));
        assert_eq!(contains_any_word("it DOESN'T WORK!", &phrases), Some("doesn't work"));
    }

    #[test]
    fn the_first_listed_word_that_occurs_is_returned() {
        let wanted = ["crash", "fout", "bug"];
        assert_eq!(contains_any_word("bug en fout", &wanted), Some("fout"));
        assert_eq!(contains_any_word("nothing here", &wanted), None);
    }

    #[test]
    fn a_phrase_without_letters_or_digits_never_matches() {
        assert_eq!(contains_any_word("a - b", &["", "-", "  "]), None);
        assert!(!FoldedText::new("").contains_phrase(""));
    }

    #[test]
    fn folded_text_exposes_its_words() {
        assert_eq!(FoldedText::new("Één Twee").words(), ["een", "twee"]);
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(text in "\\PC{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn folded_words_have_no_upper_case_or_combining_marks(text in "\\PC{0,40}") {
            for word in words(&text) {
                prop_assert!(!word.is_empty());
                prop_assert!(word.chars().all(char::is_alphanumeric));
                prop_assert!(!word.chars().any(is_combining_mark));
                prop_assert_eq!(word.to_lowercase(), word.clone());
            }
        }

        #[test]
        fn every_word_of_a_text_matches_that_text(text in "[a-zA-Zéëïç ,.!']{0,40}") {
            for word in words(&text) {
                prop_assert_eq!(contains_any_word(&text, std::slice::from_ref(&word)), Some(word.as_str()));
            }
        }

        #[test]
        fn a_word_matches_whatever_its_case(word in "[a-zéëïçà]{1,12}", left in "[a-z ]{0,10}", right in "[a-z ]{0,10}") {
            let haystack = format!("{left} {} {right}", word.to_uppercase());
            prop_assert_eq!(contains_any_word(&haystack, std::slice::from_ref(&word)), Some(word.as_str()));
        }

        #[test]
        fn a_word_glued_to_letters_does_not_match(word in "[a-z]{1,8}", glue in "[a-z]{1,4}") {
            let glued = format!("{word}{glue}, {glue}{word}");
            prop_assert_eq!(contains_any_word(&glued, std::slice::from_ref(&word)), None);
        }
    }
}
