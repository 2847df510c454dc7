//! Schemas of the OpenAPI document that are built from the same constants the checks use, for
//! rules a literal in a `#[schema(...)]` attribute would copy.

use crate::domain::ticket::reference_pattern;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// A ticket reference (`2026-000123`), as [`crate::domain::ticket::is_reference`] accepts it.
pub struct TicketReference;

impl PartialSchema for TicketReference {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(reference_pattern()))
            .description(Some("A ticket reference: the year, a hyphen and the number of at least six digits"))
            .examples(["2026-000123"])
            .into()
    }
}

impl ToSchema for TicketReference {}

impl PartialSchema for crate::domain::calendar::TimeOfDay {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(crate::domain::calendar::TIME_OF_DAY_PATTERN))
            .description(Some("A time of day `H:MM` or `HH:MM`, from 00:00 to 24:00"))
            .examples(["09:00"])
            .into()
    }
}

impl ToSchema for crate::domain::calendar::TimeOfDay {}

/// A whole number from `min` to `max`, with an example.
pub fn integer_between(min: i64, max: i64, example: i64) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
        .examples([example])
        .into()
}

/// A day `YYYY-MM-DD` or an RFC 3339 instant, with an example.
pub fn day_or_instant(example: &str) -> Schema {
    use utoipa::openapi::schema::{KnownFormat, OneOfBuilder, SchemaFormat};
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
        )
        .examples([example])
        .into()
}

/// Text of `MIN` to `MAX` characters that is not blank (a character other than white space,
/// [`crate::domain::text::is_blank`]), for `#[schema(schema_with = text::<1, 200>)]`.
pub fn text<const MIN: usize, const MAX: usize>() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(MIN))
        .max_length(Some(MAX))
        .pattern(Some(crate::domain::text::not_blank_pattern()))
        .into()
}

/// [`text`] or `null`, for an optional field.
pub fn optional_text<const MIN: usize, const MAX: usize>() -> Schema {
    use utoipa::openapi::schema::SchemaType;
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .min_length(Some(MIN))
        .max_length(Some(MAX))
        .pattern(Some(crate::domain::text::not_blank_pattern()))
        .into()
}

/// A regular expression for the four-digit years from `min` to 9999 (`^(19[0-9]{2}|[2-9][0-9]{3})`
/// for 1900), so a `date` can say which years it takes.
pub fn year_at_least_pattern(min: i32) -> String {
    let digits: Vec<u32> = format!("{min:04}").chars().filter_map(|c| c.to_digit(10)).collect();
    assert!(digits.len() == 4, "a four-digit year");
    let mut alternatives = vec![digits.iter().map(u32::to_string).collect::<String>()];
    for position in (0..4).rev() {
        let next = digits[position] + 1;
        if next > 9 {
            continue;
        }
        let prefix: String = digits[..position].iter().map(u32::to_string).collect();
        let rest = 3 - position;
        let tail = if rest == 0 { String::new() } else { format!("[0-9]{{{rest}}}") };
        alternatives.push(format!("{prefix}[{next}-9]{tail}"));
    }
    format!("^({})", alternatives.join("|"))
}

/// A day `YYYY-MM-DD` in the years `min_year` to 9999.
pub fn day_from_year(min_year: i32, description: &str) -> Schema {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(format!("{}-", year_at_least_pattern(min_year))))
        .description(Some(description))
        .into()
}

/// A query parameter's day `YYYY-MM-DD` in the years `min_year` to 9999, with an example.
pub fn day_parameter(min_year: i32, example: &str) -> Schema {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(format!("{}-", year_at_least_pattern(min_year))))
        .examples([example])
        .into()
}

/// [`day_from_year`] or `null`.
pub fn optional_day_from_year(min_year: i32, description: &str) -> Schema {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat, SchemaType};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(format!("{}-", year_at_least_pattern(min_year))))
        .description(Some(description))
        .into()
}

/// A query parameter with a schema built by one of the functions above (derived `IntoParams`
/// drops `required` and the description of a `schema_with` field).
pub fn query_parameter(
    name: &str,
    required: bool,
    description: &str,
    schema: Schema,
) -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::Required;
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_patterns_take_exactly_the_years_from_their_minimum() {
        assert_eq!(year_at_least_pattern(1900), "^(1900|190[1-9]|19[1-9][0-9]{1}|[2-9][0-9]{3})");
        for min in [1900, 1970, 2000, 1999] {
            let pattern = year_at_least_pattern(min);
            let alternatives: Vec<&str> = pattern[2..pattern.len() - 1].split('|').collect();
            for year in 1000..=9999 {
                let text = year.to_string();
                let matches = alternatives.iter().any(|alternative| matches_simple(alternative, &text));
                assert_eq!(matches, year >= min, "{pattern} on {year}");
            }
        }
    }

    /// Matches the digit classes `year_at_least_pattern` writes (`1`, `[2-9]`, `[0-9]{2}`).
    fn matches_simple(pattern: &str, text: &str) -> bool {
        let mut classes: Vec<(u32, u32)> = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(class) = rest.strip_prefix('[') {
                let (range, after) = class.split_once(']').unwrap();
                let low = range.chars().next().unwrap().to_digit(10).unwrap();
                let high = range.chars().nth(2).unwrap().to_digit(10).unwrap();
                rest = after;
                let mut count = 1;
                if let Some(repeat) = rest.strip_prefix('{') {
                    let (n, after) = repeat.split_once('}').unwrap();
                    count = n.parse().unwrap();
                    rest = after;
                }
                classes.extend(std::iter::repeat_n((low, high), count));
            } else {
                let digit = rest.chars().next().unwrap().to_digit(10).unwrap();
                classes.push((digit, digit));
                rest = &rest[1..];
            }
        }
        classes.len() == text.len()
            && text
                .chars()
                .zip(classes)
                .all(|(c, (low, high))| (low..=high).contains(&c.to_digit(10).unwrap()))
    }
}
