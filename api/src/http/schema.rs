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
            .description(Some(
                "A ticket reference: the year, a hyphen and the number of at least six digits",
            ))
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
        let tail = if rest == 0 {
            String::new()
        } else {
            format!("[0-9]{{{rest}}}")
        };
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
    // The schema's first example is the parameter's (where schemathesis and Swagger UI look).
    let example = serde_json::to_value(&schema)
        .ok()
        .and_then(|value| value.get("examples").and_then(|e| e.get(0)).cloned());
    ParameterBuilder::new()
        .example(example)
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// What `Uuid::parse_str` (and so every UUID path, query and body field) accepts: hyphenated,
/// 32 hex digits, braced, or as a URN.
pub const UUID_PATTERN: &str = "^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}|[uU][rR][nN]:[uU][uU][iI][dD]:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";

/// A UUID, or empty text (a query parameter left empty: the same as leaving it out).
pub struct UuidOrEmpty;

impl PartialSchema for UuidOrEmpty {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(UUID_PATTERN.replacen("^(", "^(|", 1)))
            .description(Some("A UUID, or empty for none"))
            .into()
    }
}

impl ToSchema for UuidOrEmpty {}

/// Schemas that refuse fields they do not name (see [`with_format_patterns`]).
const CLOSED_SCHEMAS: [&str; 3] = ["Action", "Condition", "AttachmentUpload"];

/// `additionalProperties: false` on an object schema, or on each object of its `oneOf`.
fn close(schema: &mut serde_json::Value) {
    if let Some(variants) = schema.get_mut("oneOf").and_then(|v| v.as_array_mut()) {
        variants.iter_mut().for_each(close);
    } else if schema.get("type").and_then(|t| t.as_str()) == Some("object") {
        schema["additionalProperties"] = serde_json::Value::Bool(false);
    }
}

/// `format` is an annotation in OpenAPI 3.1 (a validator need not check it): every `uuid` field
/// also gets [`UUID_PATTERN`], so the rule is stated where every client checks it.
pub fn with_format_patterns(spec: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    fn walk(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                if members.get("format").and_then(|f| f.as_str()) == Some("uuid") && !members.contains_key("pattern") {
                    members.insert("pattern".to_owned(), UUID_PATTERN.into());
                }
                members.values_mut().for_each(walk);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&spec) else {
        return spec;
    };
    walk(&mut value);
    // Bodies whose every field is known (serde `deny_unknown_fields` on the variants of the
    // tagged enums, the only parts the multipart upload reads): utoipa does not say so itself.
    for name in CLOSED_SCHEMAS {
        if let Some(schema) = value.pointer_mut(&format!("/components/schemas/{name}")) {
            close(schema);
        }
    }
    serde_json::from_value(value).unwrap_or(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uuid_pattern_takes_what_uuid_parses() {
        let pattern = regex::Regex::new(UUID_PATTERN).unwrap();
        let id = uuid::Uuid::now_v7();
        let samples = [
            id.hyphenated().to_string(),
            id.simple().to_string(),
            id.braced().to_string(),
            id.urn().to_string(),
            id.hyphenated().to_string().to_uppercase(),
            format!("{id}x"),
            format!(" {id}"),
            id.simple().to_string()[1..].to_owned(),
            String::new(),
            "not a uuid".to_owned(),
            format!("URN:UUID:{id}"),
            format!("{{{}}}", id.simple()),
        ];
        for sample in samples {
            assert_eq!(
                pattern.is_match(&sample),
                uuid::Uuid::parse_str(&sample).is_ok(),
                "{sample:?}"
            );
        }
    }

    #[test]
    fn year_patterns_take_exactly_the_years_from_their_minimum() {
        assert_eq!(
            year_at_least_pattern(1900),
            "^(1900|190[1-9]|19[1-9][0-9]{1}|[2-9][0-9]{3})"
        );
        for min in [1900, 1970, 2000, 1999] {
            let pattern = year_at_least_pattern(min);
            let alternatives: Vec<&str> = pattern[2..pattern.len() - 1].split('|').collect();
            for year in 1000..=9999 {
                let text = year.to_string();
                let matches = alternatives
                    .iter()
                    .any(|alternative| matches_simple(alternative, &text));
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
