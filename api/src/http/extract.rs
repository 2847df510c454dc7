//! Request extractors that turn every kind of bad input into a problem that says what and where.

use super::error::{field_errors, ApiError, ErrorCode, FieldError};
use crate::store::page::PageRequest;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{error::PayloadError, web, FromRequest, HttpRequest};
use base64::Engine;
use futures_util::future::LocalBoxFuture;
use serde::{de::DeserializeOwned, Deserialize};
use utoipa::IntoParams;
use validator::Validate;

/// Largest JSON body accepted, set from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimit(pub usize);

/// A JSON body that parsed and passed its `validator` rules. Unlike actix's `Json`, a wrong type
/// or an unknown enum value is reported with the JSON path of the field (422), malformed JSON
/// with its line and column (400), a non-JSON content type as 415 and an oversized body as 413.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = json_body(req, payload);
        Box::pin(async move {
            let bytes = body.await?;
            refuse_array_body(&bytes)?;
            let value = parse_json::<T>(&bytes)?;
            value.validate().map_err(|e| ApiError::validation(field_errors(&e)))?;
            Ok(ValidJson(value))
        })
    }
}

/// A JSON body that may be left out: no body at all (no `Content-Length` or 0, and no
/// `Content-Type`) and a JSON `null` are `None`; anything else is checked as a [`ValidJson`].
/// utoipa declares an `Option<T>` body as not required with `oneOf: [null, T]`, so both
/// spellings of "nothing" are accepted.
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let headers = req.headers();
        let length = headers
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        let no_body = matches!(length, None | Some("0"))
            && !headers.contains_key(actix_web::http::header::CONTENT_TYPE)
            && !headers.contains_key(actix_web::http::header::TRANSFER_ENCODING);
        if no_body {
            return Box::pin(async { Ok(OptionalJson(None)) });
        }
        let body = json_body(req, payload);
        Box::pin(async move {
            let bytes = body.await?;
            refuse_array_body(&bytes)?;
            let value = parse_json::<Option<T>>(&bytes)?;
            if let Some(value) = &value {
                value.validate().map_err(|e| ApiError::validation(field_errors(&e)))?;
            }
            Ok(OptionalJson(value))
        })
    }
}

/// A JSON body kept as a value, for bodies whose checks report their own field paths (triage
/// rules). Content type, size and syntax are checked as for [`ValidJson`].
#[derive(Debug)]
pub struct JsonValue(pub serde_json::Value);

impl FromRequest for JsonValue {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = json_body(req, payload);
        Box::pin(async move { Ok(JsonValue(parse_json(&body.await?)?)) })
    }
}

/// The raw bytes of a JSON body: 413 above the limit (whatever the content type, declared
/// length or chunked), then 415 unless the content type is JSON.
fn json_body(req: &HttpRequest, payload: &mut Payload) -> LocalBoxFuture<'static, Result<web::Bytes, ApiError>> {
    let is_json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || mime.ends_with("+json")
        })
        .unwrap_or(false);
    let limit = req.app_data::<JsonLimit>().map(|l| l.0).unwrap_or(256 * 1024);
    let body = web::Bytes::from_request(req, payload);
    Box::pin(async move {
        let bytes = body.await.map_err(|e| payload_error(e, limit))?;
        if bytes.len() > limit {
            return Err(too_large(limit));
        }
        if !is_json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        Ok(bytes)
    })
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("the body is larger than the limit of {limit} bytes"),
    )
}

fn payload_error(err: actix_web::Error, limit: usize) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => too_large(limit),
        _ => match err.as_error::<actix_web::error::JsonPayloadError>() {
            Some(_) => too_large(limit),
            None if err.as_response_error().status_code().as_u16() == 413 => too_large(limit),
            None => ApiError::new(ErrorCode::MalformedJson, format!("the body could not be read: {err}")),
        },
    }
}

/// Parses JSON, naming the field path of a type error or of text with a NUL character.
///
/// A number with a zero fraction (`60.0`, `6e1`) is an integer, as JSON Schema says (an
/// `integer` field takes it); serde alone would refuse it where an integer type is expected.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    refuse_nul_characters(bytes)?;
    if bytes.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) {
            if integral_floats_to_integers(&mut value) {
                return serde_path_to_error::deserialize(value).map_err(|err| {
                    let path = err.path().to_string();
                    json_error(&path, &err.into_inner())
                });
            }
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        json_error(&path, &inner)
    })?;
    deserializer.end().map_err(|e| json_error(".", &e))?;
    Ok(value)
}

/// Turns every float with a zero fraction that fits an `i64`/`u64` into that integer; whether
/// it changed anything.
fn integral_floats_to_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::{Number, Value};
    match value {
        Value::Number(number) if number.is_f64() => {
            let float = number.as_f64().unwrap_or(f64::NAN);
            let integer = if float.fract() != 0.0 || !float.is_finite() {
                None
            } else if float >= 0.0 && float < u64::MAX as f64 {
                Some(Number::from(float as u64))
            } else if float < 0.0 && float >= i64::MIN as f64 {
                Some(Number::from(float as i64))
            } else {
                None
            };
            match integer {
                Some(integer) => {
                    *number = integer;
                    true
                }
                None => false,
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| integral_floats_to_integers(item) | changed),
        Value::Object(members) => members
            .values_mut()
            .fold(false, |changed, member| integral_floats_to_integers(member) | changed),
        _ => false,
    }
}

/// A request body is a JSON object: serde would also read a struct from an array of its
/// fields' values, which the spec does not allow.
fn refuse_array_body(bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::invalid_field(
            "(body)",
            "invalid_type",
            "the body must be a JSON object",
        ));
    }
    Ok(())
}

/// PostgreSQL cannot store U+0000 in text (SQLite can): refuse it in every backend alike, at the
/// field that holds it. In valid JSON it can only arrive escaped, so bodies without `u0000`
/// skip the walk.
fn refuse_nul_characters(bytes: &[u8]) -> Result<(), ApiError> {
    if !bytes.windows(5).any(|w| w == b"u0000") {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Ok(()); // the typed parse reports the syntax error
    };
    match path_of_nul(&value, String::new()) {
        Some(path) => Err(ApiError::invalid_field(
            if path.is_empty() { "(body)" } else { &path },
            "nul_character",
            "text may not contain the NUL character (U+0000)",
        )),
        None => Ok(()),
    }
}

/// The JSON path (as `serde_path_to_error` writes it) of the first key or string with a NUL.
fn path_of_nul(value: &serde_json::Value, path: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then_some(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| path_of_nul(item, format!("{path}[{i}]"))),
        serde_json::Value::Object(members) => members.iter().find_map(|(key, member)| {
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(at)
            } else {
                path_of_nul(member, at)
            }
        }),
        _ => None,
    }
}

fn json_error(path: &str, err: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "the body is not valid JSON (line {}, column {})",
                err.line(),
                err.column()
            ),
        ),
        Category::Data => {
            // serde's message ends with " at line 1 column 17"; the path says where better.
            let message = err.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            let field = if path == "." {
                "(body)".to_owned()
            } else {
                path.to_owned()
            };
            let code = if message.starts_with("missing field") {
                "required"
            } else if message.starts_with("unknown variant") {
                "unknown_variant"
            } else if message.starts_with("unknown field") {
                "unknown_field"
            } else {
                "invalid_type"
            };
            // A missing field is reported on its parent's path: name the field itself.
            let field = match (code, message.split('`').nth(1)) {
                ("required", Some(name)) if field == "(body)" => name.to_owned(),
                ("required", Some(name)) => format!("{field}.{name}"),
                _ => field,
            };
            ApiError::validation(vec![FieldError::new(field, code, message)])
        }
    }
}

/// Refuses a URL whose path or query holds an encoded NUL (`%00`) before any handler sees it:
/// PostgreSQL cannot compare text with U+0000, and no identifier or filter contains one.
pub async fn refuse_nul_in_url(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let has_nul = req
        .uri()
        .path_and_query()
        .is_some_and(|url| url.as_str().contains("%00"));
    if has_nul {
        let refusal = ApiError::new(
            ErrorCode::InvalidParameter,
            "the path or query contains a NUL character (%00)",
        );
        return Ok(req.error_response(refusal));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Error handler for actix's path extractor: a path segment that does not parse (a bad UUID).
pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("a path segment is not valid: {err}"),
    )
    .into()
}

/// Error handler for actix's query extractor.
pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("a query parameter is not valid: {err}"),
    )
    .into()
}

/// `?limit=&cursor=` of every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// Checks the limit and decodes the cursor.
    pub fn to_request(&self) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                "`limit` must be between 1 and 200",
            ));
        }
        let after = match &self.cursor {
            None => None,
            Some(cursor) => Some(decode_cursor(cursor).ok_or_else(|| {
                ApiError::invalid_parameter("cursor", "invalid_cursor", "is not a cursor this server handed out")
            })?),
        };
        Ok(PageRequest { after, limit })
    }
}

/// Makes the opaque cursor handed to clients from a row's sort key values.
pub fn encode_cursor(key: &Vec<String>) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::json!(key).to_string())
}

fn decode_cursor(cursor: &str) -> Option<Vec<String>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        role: crate::domain::account::Role,
        nested: Option<Nested>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Nested {
        count: u32,
    }

    #[test]
    fn type_errors_name_the_json_path() {
        let err = parse_json::<Body>(br#"{"name":"a","role":"root"}"#).unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        assert_eq!(err.errors[0].field, "role");
        assert_eq!(err.errors[0].code, "unknown_variant");

        let err = parse_json::<Body>(br#"{"name":"a","role":"agent","nested":{"count":-1}}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "nested.count");

        let err = parse_json::<Body>(br#"{"role":"agent"}"#).unwrap_err();
        assert_eq!(
            (err.errors[0].field.as_str(), err.errors[0].code.as_str()),
            ("name", "required")
        );
    }

    #[test]
    fn integral_floats_are_integers_and_others_are_named() {
        let body = parse_json::<Body>(br#"{"name":"a","role":"agent","nested":{"count":6e1}}"#).unwrap();
        assert_eq!(body.nested.unwrap().count, 60);
        let body = parse_json::<Body>(br#"{"name":"a.b","role":"agent","nested":{"count":159.0}}"#).unwrap();
        assert_eq!(body.nested.unwrap().count, 159);
        let err = parse_json::<Body>(br#"{"name":"a","role":"agent","nested":{"count":1.5}}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "nested.count");
        assert_eq!(err.errors[0].code, "invalid_type");
        assert!(refuse_array_body(b" [null, null]").is_err());
        assert!(refuse_array_body(br#"{"a":[1]}"#).is_ok());
    }

    #[test]
    fn syntax_errors_are_400_with_position() {
        let err = parse_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedJson);
        assert!(err.detail.contains("line 1"), "{}", err.detail);
        let err = parse_json::<Body>(br#"{"name":"a","role":"agent"} trailing"#).unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn nul_characters_are_refused_where_they_are() {
        let err = parse_json::<Body>(br#"{"name":"a\u0000b","role":"agent"}"#).unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        assert_eq!(
            (err.errors[0].field.as_str(), err.errors[0].code.as_str()),
            ("name", "nul_character")
        );
        let err = parse_json::<serde_json::Value>(br#"{"a":[1,{"b":"\u0000"}]}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "a[1].b");
        // An escaped backslash before `u0000` is text, not a NUL.
        let body = parse_json::<Body>(br#"{"name":"C:\\u0000","role":"agent"}"#).unwrap();
        assert_eq!(body.name, "C:\\u0000");
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let key = vec!["ACME nv".to_owned(), "0193-id".to_owned()];
        let page = PageQuery {
            limit: Some(10),
            cursor: Some(encode_cursor(&key)),
        }
        .to_request()
        .unwrap();
        assert_eq!(page.after, Some(key));
        for bad in ["!!", "bm90IGpzb24"] {
            let query = PageQuery {
                limit: None,
                cursor: Some(bad.into()),
            };
            assert_eq!(query.to_request().unwrap_err().code, ErrorCode::InvalidParameter);
        }
        let zero = PageQuery {
            limit: Some(0),
            cursor: None,
        };
        assert!(zero.to_request().is_err());
    }
}
