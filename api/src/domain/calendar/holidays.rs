//! Belgian public holidays, computed for any year.
//!
//! The ten legal holidays of Belgium: seven on fixed dates and three that follow Easter
//! (Easter Monday, Ascension Day and Whit Monday). Easter Sunday is computed with the
//! anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for every Gregorian year.

use super::Language;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// One of the ten Belgian public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BelgianHoliday {
    /// 1 January.
    NewYear,
    /// The day after Easter Sunday.
    EasterMonday,
    /// 1 May.
    LabourDay,
    /// Easter Sunday + 39 days (a Thursday).
    Ascension,
    /// Easter Sunday + 50 days.
    WhitMonday,
    /// 21 July.
    NationalDay,
    /// 15 August.
    Assumption,
    /// 1 November.
    AllSaints,
    /// 11 November.
    Armistice,
    /// 25 December.
    Christmas,
}

impl BelgianHoliday {
    /// All ten holidays, in the order they fall in a year.
    pub const ALL: [BelgianHoliday; 10] = [
        BelgianHoliday::NewYear,
        BelgianHoliday::EasterMonday,
        BelgianHoliday::LabourDay,
        BelgianHoliday::Ascension,
        BelgianHoliday::WhitMonday,
        BelgianHoliday::NationalDay,
        BelgianHoliday::Assumption,
        BelgianHoliday::AllSaints,
        BelgianHoliday::Armistice,
        BelgianHoliday::Christmas,
    ];

    /// The holiday's official name, e.g. "Paasmaandag" / "Easter Monday".
    pub fn name(self, lang: Language) -> &'static str {
        match (lang, self) {
            (Language::Nl, BelgianHoliday::NewYear) => "Nieuwjaar",
            (Language::Nl, BelgianHoliday::EasterMonday) => "Paasmaandag",
            (Language::Nl, BelgianHoliday::LabourDay) => "Dag van de Arbeid",
            (Language::Nl, BelgianHoliday::Ascension) => "O.L.H. Hemelvaart",
            (Language::Nl, BelgianHoliday::WhitMonday) => "Pinkstermaandag",
            (Language::Nl, BelgianHoliday::NationalDay) => "Nationale feestdag",
            (Language::Nl, BelgianHoliday::Assumption) => "O.L.V. Hemelvaart",
            (Language::Nl, BelgianHoliday::AllSaints) => "Allerheiligen",
            (Language::Nl, BelgianHoliday::Armistice) => "Wapenstilstand",
            (Language::Nl, BelgianHoliday::Christmas) => "Kerstmis",
            (Language::En, BelgianHoliday::NewYear) => "New Year's Day",
            (Language::En, BelgianHoliday::EasterMonday) => "Easter Monday",
            (Language::En, BelgianHoliday::LabourDay) => "Labour Day",
            (Language::En, BelgianHoliday::Ascension) => "Ascension Day",
            (Language::En, BelgianHoliday::WhitMonday) => "Whit Monday",
            (Language::En, BelgianHoliday::NationalDay) => "Belgian National Day",
            (Language::En, BelgianHoliday::Assumption) => "Assumption Day",
            (Language::En, BelgianHoliday::AllSaints) => "All Saints' Day",
            (Language::En, BelgianHoliday::Armistice) => "Armistice Day",
            (Language::En, BelgianHoliday::Christmas) => "Christmas Day",
        }
    }

    /// The holiday's date in `year`; `None` only at the edges of the representable dates.
    pub fn date_in(self, year: i32) -> Option<NaiveDate> {
        let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day);
        let after_easter = |days| easter_sunday(year)?.checked_add_days(Days::new(days));
        match self {
            BelgianHoliday::NewYear => fixed(1, 1),
            BelgianHoliday::EasterMonday => after_easter(1),
            BelgianHoliday::LabourDay => fixed(5, 1),
            BelgianHoliday::Ascension => after_easter(39),
            BelgianHoliday::WhitMonday => after_easter(50),
            BelgianHoliday::NationalDay => fixed(7, 21),
            BelgianHoliday::Assumption => fixed(8, 15),
            BelgianHoliday::AllSaints => fixed(11, 1),
            BelgianHoliday::Armistice => fixed(11, 11),
            BelgianHoliday::Christmas => fixed(12, 25),
        }
    }

    /// The holiday that falls on `day`, if any.
    pub fn on(day: NaiveDate) -> Option<BelgianHoliday> {
        Self::ALL
            .into_iter()
            .find(|holiday| holiday.date_in(day.year()) == Some(day))
    }

    /// Every holiday of `year` with its date, in date order.
    ///
    /// Two holidays can share a date: Ascension Day fell on Labour Day in 2008 and will
    /// again in 2160. Both are listed then, Labour Day first.
    pub fn in_year(year: i32) -> Vec<(NaiveDate, BelgianHoliday)> {
        let mut holidays: Vec<_> = Self::ALL
            .into_iter()
            .filter_map(|holiday| Some((holiday.date_in(year)?, holiday)))
            .collect();
        holidays.sort();
        holidays
    }
}

/// Easter Sunday of the Gregorian `year` (anonymous Gregorian algorithm, as given by Meeus).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // Euclidean division keeps the algorithm correct for the proleptic years before 1.
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn easter_sundays_match_the_published_dates() {
        let published = [
            (1961, 4, 2),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, d) in published {
            assert_eq!(easter_sunday(y), Some(day(y, m, d)), "Easter {y}");
        }
    }

    /// The official Belgian lists for 2024–2030, written out date by date.
    #[test]
    fn holidays_2024_to_2030_match_the_official_lists() {
        use BelgianHoliday::*;
        let official: [(i32, [(u32, u32); 10]); 7] = [
            (
                2024,
                [
                    (1, 1),
                    (4, 1),
                    (5, 1),
                    (5, 9),
                    (5, 20),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2025,
                [
                    (1, 1),
                    (4, 21),
                    (5, 1),
                    (5, 29),
                    (6, 9),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2026,
                [
                    (1, 1),
                    (4, 6),
                    (5, 1),
                    (5, 14),
                    (5, 25),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2027,
                [
                    (1, 1),
                    (3, 29),
                    (5, 1),
                    (5, 6),
                    (5, 17),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2028,
                [
                    (1, 1),
                    (4, 17),
                    (5, 1),
                    (5, 25),
                    (6, 5),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2029,
                [
                    (1, 1),
                    (4, 2),
                    (5, 1),
                    (5, 10),
                    (5, 21),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
            (
                2030,
                [
                    (1, 1),
                    (4, 22),
                    (5, 1),
                    (5, 30),
                    (6, 10),
                    (7, 21),
                    (8, 15),
                    (11, 1),
                    (11, 11),
                    (12, 25),
                ],
            ),
        ];
        let order = [
            NewYear,
            EasterMonday,
            LabourDay,
            Ascension,
            WhitMonday,
            NationalDay,
            Assumption,
            AllSaints,
            Armistice,
            Christmas,
        ];
        for (year, dates) in official {
            let expected: Vec<_> = dates
                .iter()
                .zip(order)
                .map(|(&(m, d), holiday)| (day(year, m, d), holiday))
                .collect();
            assert_eq!(BelgianHoliday::in_year(year), expected, "holidays of {year}");
            for (date, holiday) in expected {
                assert_eq!(BelgianHoliday::on(date), Some(holiday), "{date}");
            }
        }
    }

    #[test]
    fn ascension_can_fall_on_labour_day() {
        let may_first = day(2008, 5, 1);
        assert_eq!(BelgianHoliday::Ascension.date_in(2008), Some(may_first));
        assert_eq!(BelgianHoliday::on(may_first), Some(BelgianHoliday::LabourDay));
        let both: Vec<_> = BelgianHoliday::in_year(2008)
            .into_iter()
            .filter(|(date, _)| *date == may_first)
            .collect();
        assert_eq!(
            both,
            [
                (may_first, BelgianHoliday::LabourDay),
                (may_first, BelgianHoliday::Ascension)
            ]
        );
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        assert_eq!(
            BelgianHoliday::on(day(2027, 3, 28)),
            None,
            "Easter Sunday is a Sunday, not a legal holiday"
        );
        assert_eq!(BelgianHoliday::on(day(2026, 12, 24)), None);
        assert_eq!(BelgianHoliday::on(day(2026, 12, 26)), None);
    }

    #[test]
    fn names_in_both_languages() {
        assert_eq!(BelgianHoliday::EasterMonday.name(Language::Nl), "Paasmaandag");
        assert_eq!(BelgianHoliday::Ascension.name(Language::Nl), "O.L.H. Hemelvaart");
        assert_eq!(BelgianHoliday::Assumption.name(Language::Nl), "O.L.V. Hemelvaart");
        assert_eq!(BelgianHoliday::NationalDay.name(Language::En), "Belgian National Day");
        assert_eq!(BelgianHoliday::AllSaints.name(Language::En), "All Saints' Day");
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..10_000) {
            let easter = easter_sunday(year).expect("Easter exists");
            prop_assert_eq!(easter.weekday(), Weekday::Sun);
            prop_assert!(easter >= day(year, 3, 22) && easter <= day(year, 4, 25));
            prop_assert_eq!(BelgianHoliday::EasterMonday.date_in(year).map(|d| d.weekday()), Some(Weekday::Mon));
            prop_assert_eq!(BelgianHoliday::Ascension.date_in(year).map(|d| d.weekday()), Some(Weekday::Thu));
            prop_assert_eq!(BelgianHoliday::WhitMonday.date_in(year).map(|d| d.weekday()), Some(Weekday::Mon));
        }

        #[test]
        fn every_year_has_ten_holidays_in_date_order(year in 1583i32..10_000) {
            let holidays = BelgianHoliday::in_year(year);
            prop_assert_eq!(holidays.len(), 10);
            prop_assert!(holidays.windows(2).all(|pair| pair[0].0 <= pair[1].0));
            for (date, holiday) in holidays {
                prop_assert!(BelgianHoliday::on(date).is_some(), "{:?} on {}", holiday, date);
            }
        }
    }
}
