//! Dates and times in words, in Dutch and English, for the calendar's messages.
//!
//! Dutch writes weekdays and months in lower case ("vrijdag 4 december 2026"), English
//! capitalises them ("Friday 4 December 2026"); both put the day before the month.

use super::Language;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

/// The weekday's name, e.g. "vrijdag" / "Friday".
pub fn weekday_name(weekday: Weekday, lang: Language) -> &'static str {
    match (lang, weekday) {
        (Language::Nl, Weekday::Mon) => "maandag",
        (Language::Nl, Weekday::Tue) => "dinsdag",
        (Language::Nl, Weekday::Wed) => "woensdag",
        (Language::Nl, Weekday::Thu) => "donderdag",
        (Language::Nl, Weekday::Fri) => "vrijdag",
        (Language::Nl, Weekday::Sat) => "zaterdag",
        (Language::Nl, Weekday::Sun) => "zondag",
        (Language::En, Weekday::Mon) => "Monday",
        (Language::En, Weekday::Tue) => "Tuesday",
        (Language::En, Weekday::Wed) => "Wednesday",
        (Language::En, Weekday::Thu) => "Thursday",
        (Language::En, Weekday::Fri) => "Friday",
        (Language::En, Weekday::Sat) => "Saturday",
        (Language::En, Weekday::Sun) => "Sunday",
    }
}

fn month_name(month: u32, lang: Language) -> &'static str {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Language::Nl => &NL,
        Language::En => &EN,
    };
    // chrono's month is always 1..=12.
    names[(month.clamp(1, 12) - 1) as usize]
}

/// "4 December 2026" / "4 december 2026".
pub fn date(day: NaiveDate, lang: Language) -> String {
    format!("{} {} {}", day.day(), month_name(day.month(), lang), day.year())
}

/// "Friday 4 December 2026" / "vrijdag 4 december 2026".
pub fn date_with_weekday(day: NaiveDate, lang: Language) -> String {
    format!("{} {}", weekday_name(day.weekday(), lang), date(day, lang))
}

/// An inclusive range of days, as short as stays unambiguous: "2 January 2027",
/// "2–3 January 2027", "30 November – 1 December 2026", "25 December 2026 – 1 January 2027".
pub fn date_range(first: NaiveDate, last: NaiveDate, lang: Language) -> String {
    if first == last {
        date(first, lang)
    } else if first.year() != last.year() {
        format!("{} – {}", date(first, lang), date(last, lang))
    } else if first.month() != last.month() {
        format!(
            "{} {} – {}",
            first.day(),
            month_name(first.month(), lang),
            date(last, lang)
        )
    } else {
        format!("{}–{}", first.day(), date(last, lang))
    }
}

/// A local span of time: "Friday 4 December 2026 15:00–16:00" on one day, or
/// "Friday 4 December 2026 15:00 – Saturday 5 December 2026 10:00" across days.
pub fn local_span(start: NaiveDateTime, end: NaiveDateTime, lang: Language) -> String {
    let time = |at: NaiveDateTime| format!("{:02}:{:02}", at.hour(), at.minute());
    if start.date() == end.date() {
        format!(
            "{} {}–{}",
            date_with_weekday(start.date(), lang),
            time(start),
            time(end)
        )
    } else {
        format!(
            "{} {} – {} {}",
            date_with_weekday(start.date(), lang),
            time(start),
            date_with_weekday(end.date(), lang),
            time(end)
        )
    }
}

/// "Wednesday 23 December 2026 15:00".
pub fn local_instant(at: NaiveDateTime, lang: Language) -> String {
    format!(
        "{} {:02}:{:02}",
        date_with_weekday(at.date(), lang),
        at.hour(),
        at.minute()
    )
}

/// Joins phrases as a list: "a", "a and b", "a, b and c" / "a, b en c".
pub fn list(items: &[String], lang: Language) -> String {
    let and = match lang {
        Language::Nl => "en",
        Language::En => "and",
    };
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn dates_are_written_out_in_both_languages() {
        assert_eq!(
            date_with_weekday(day(2026, 12, 4), Language::En),
            "Friday 4 December 2026"
        );
        assert_eq!(
            date_with_weekday(day(2026, 12, 4), Language::Nl),
            "vrijdag 4 december 2026"
        );
        assert_eq!(date(day(2027, 3, 29), Language::Nl), "29 maart 2027");
        assert_eq!(date(day(2027, 5, 1), Language::En), "1 May 2027");
    }

    #[test]
    fn ranges_drop_what_they_share() {
        assert_eq!(
            date_range(day(2027, 1, 2), day(2027, 1, 2), Language::En),
            "2 January 2027"
        );
        assert_eq!(
            date_range(day(2027, 1, 2), day(2027, 1, 3), Language::En),
            "2–3 January 2027"
        );
        assert_eq!(
            date_range(day(2026, 11, 30), day(2026, 12, 1), Language::Nl),
            "30 november – 1 december 2026"
        );
        assert_eq!(
            date_range(day(2026, 12, 25), day(2027, 1, 1), Language::En),
            "25 December 2026 – 1 January 2027"
        );
    }

    #[test]
    fn spans_on_one_day_share_the_date() {
        let at = |d: u32, h: u32| day(2026, 12, d).and_hms_opt(h, 0, 0).expect("valid time");
        assert_eq!(
            local_span(at(4, 15), at(4, 16), Language::En),
            "Friday 4 December 2026 15:00–16:00"
        );
        assert_eq!(
            local_span(at(4, 15), at(5, 10), Language::Nl),
            "vrijdag 4 december 2026 15:00 – zaterdag 5 december 2026 10:00"
        );
    }

    #[test]
    fn lists_use_the_language_conjunction() {
        let items = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(list(&items, Language::En), "a, b and c");
        assert_eq!(list(&items[..2], Language::Nl), "a en b");
        assert_eq!(list(&items[..1], Language::Nl), "a");
        assert_eq!(list(&[], Language::En), "");
    }
}
