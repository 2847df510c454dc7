//! One error type for every HTTP response that is not a success, rendered as RFC 9457
//! `application/problem+json`. The table in [`ErrorCode::status`] is the only place a code
//! meets its status.

use crate::store::StoreError;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Stable, machine-readable error codes; clients switch on these, never on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not well-formed JSON.
    MalformedJson,
    /// A path or query parameter does not parse.
    InvalidParameter,
    /// No valid credentials.
    Unauthenticated,
    /// Authenticated, but the role does not allow this.
    Forbidden,
    /// No such resource (or not one the caller may see).
    NotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The change clashes with existing data.
    Conflict,
    /// The body is larger than allowed.
    PayloadTooLarge,
    /// The body is not JSON.
    UnsupportedMediaType,
    /// The body parsed, but fields are missing, of the wrong type, or out of range.
    ValidationFailed,
    /// Too many attempts; retry later.
    RateLimited,
    /// The database is unreachable or busy; retry later.
    Unavailable,
    /// A fault on our side; the request id finds it in the logs.
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with each code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::MalformedJson | ErrorCode::InvalidParameter => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code's name as it appears in JSON and in the problem `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }

    /// The code that best describes a bare status (for errors raised outside our handlers).
    pub fn from_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            400 => ErrorCode::MalformedJson,
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::ValidationFailed,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::Unavailable,
            _ => ErrorCode::Internal,
        }
    }
}

/// Every `code` a [`FieldError`] can carry: whether the request's schema in the OpenAPI document
/// states the rule itself (`true`: a schema-valid request is never refused with it), and what it
/// means. The spec's `FieldErrorCode` is generated from this list, and a field error with a code
/// that is not listed here panics in debug builds (tests and the fuzzer), so the list cannot
/// fall behind the code.
pub const FIELD_ERROR_CODES: &[(&str, bool, &str)] = &[
    // Rules the schema states.
    (
        "required",
        true,
        "A required field or parameter is missing (or blank where text is required)",
    ),
    (
        "length",
        true,
        "Text or a list is shorter or longer than allowed (`minLength`/`maxLength`, `minItems`/`maxItems`)",
    ),
    (
        "range",
        true,
        "A number or date is outside its range (`minimum`/`maximum`)",
    ),
    ("invalid_type", true, "A value of the wrong JSON type"),
    ("unknown_variant", true, "A value outside a closed set (`enum`)"),
    (
        "unknown_field",
        true,
        "A field the body does not have (`additionalProperties: false`)",
    ),
    (
        "invalid",
        true,
        "A parameter that does not parse as its `format` (a date, an instant, a UUID, a number)",
    ),
    ("email", true, "Not an e-mail address (`format: email`)"),
    ("url", true, "Not an http:// or https:// address (`pattern`)"),
    (
        "blank",
        true,
        "Text made of white space only (`pattern`: at least one other character)",
    ),
    ("empty", true, "A list that needs at least one item (`minItems`)"),
    (
        "snake_case",
        true,
        "A code that is not lower-case snake_case (`pattern`)",
    ),
    (
        "pattern",
        true,
        "Text that does not match the field's `pattern` (a ticket reference, a time of day, …)",
    ),
    (
        "slug",
        true,
        "A slug that is not lower-case words joined by hyphens (`pattern`)",
    ),
    // Rules the operation's description states: they depend on other fields or on stored data.
    (
        "required_for_staff",
        false,
        "A field staff must give (a customer need not): `requester_id` of a ticket logged for a customer",
    ),
    (
        "required_with",
        false,
        "A field another field needs: `current_password` with `new_password`",
    ),
    (
        "no_category",
        false,
        "The ticket has no category, so the intervention needs a `subject`",
    ),
    (
        "nul_character",
        false,
        "Text holds the NUL character (U+0000), which no field accepts",
    ),
    ("before_from", false, "`to` is before `from`"),
    ("before_start", false, "An end date before the start date"),
    ("before_first_day", false, "A closure's last day before its first day"),
    (
        "too_long",
        false,
        "A window or closure that spans more days than allowed",
    ),
    ("duplicate", false, "The same value twice where each may appear once"),
    (
        "shorter_than_first_response",
        false,
        "A resolution target shorter than the first-response target",
    ),
    (
        "end_not_after_start",
        false,
        "An interval of support hours that ends at or before its start",
    ),
    ("unsorted", false, "Intervals of support hours out of order"),
    ("overlap", false, "Intervals of support hours that overlap"),
    (
        "unknown_time_zone",
        false,
        "A time zone that is not in the IANA database",
    ),
    (
        "outside_support_hours",
        false,
        "An appointment outside the interventions schedule's support hours",
    ),
    ("not_found", false, "An id or code that names nothing stored"),
    (
        "unknown_rule",
        false,
        "A triage rule id that names no rule (or a rule left out of an order)",
    ),
    (
        "unknown_agent",
        false,
        "An agent id that names no active agent or admin",
    ),
    (
        "unknown_organization",
        false,
        "An organisation id that names no organisation",
    ),
    ("retired", false, "A subject of the coverage table that is retired"),
    (
        "unknown_subject",
        false,
        "A category that is not a subject of the coverage table",
    ),
    ("not_an_agent", false, "A user who is not an active agent or admin"),
    ("not_a_customer", false, "A user who is not an active customer"),
    (
        "membership",
        false,
        "An organisation given to staff or left out for a customer",
    ),
    (
        "password_rules",
        false,
        "A password that breaks the password rules (it may not be the e-mail address, …)",
    ),
    ("mismatch", false, "The current password is wrong"),
    ("vat", false, "A VAT number whose check digits are wrong"),
    ("taken", false, "A value another record already has (409)"),
    (
        "name_taken",
        false,
        "A name another of the caller's records already has (409)",
    ),
    (
        "too_many_views",
        false,
        "The caller keeps as many saved views as one user may (409)",
    ),
    ("out_of_range", false, "A position past the end of the list"),
    ("no_words", false, "A search without any word to look for"),
    ("no_letters", false, "A word without any letter or digit"),
    (
        "matrix",
        false,
        "A priority matrix that does not cover every impact and urgency",
    ),
    ("filename", false, "A file name that is not allowed"),
    (
        "invalid_cursor",
        false,
        "A `cursor` this server did not hand out (cursors are opaque)",
    ),
    (
        "never_open",
        false,
        "Weekly hours without any opening (the SLA clock would never run)",
    ),
    (
        "invalid_event_id",
        false,
        "A `Last-Event-ID` this server did not hand out",
    ),
    ("not_a_message", false, "A body that is not an RFC 822 e-mail message"),
    ("missing", false, "A header the e-mail message needs is missing"),
    ("no_text_part", false, "An e-mail message without a text part"),
    (
        "unknown_sender",
        false,
        "An e-mail from an address that is no active user",
    ),
    (
        "ticket_not_visible",
        false,
        "An e-mail about a ticket the sender may not see",
    ),
];

/// Whether `code` is one of [`FIELD_ERROR_CODES`].
pub fn is_field_error_code(code: &str) -> bool {
    FIELD_ERROR_CODES.iter().any(|(listed, _, _)| *listed == code)
}

/// The spec's closed set of field-error codes, one single-value `enum` each with its meaning; the ones whose
/// rule the schema states are marked `x-schema-rule: true` (scripts/fuzz_hooks.py reads that).
pub struct FieldErrorCode;

impl utoipa::PartialSchema for FieldErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::extensions::ExtensionsBuilder;
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        let mut one_of = OneOfBuilder::new().description(Some(
            "What kind of problem. `x-schema-rule: true` marks the rules the request's schema states; \
             the others depend on other fields or stored data and are named in the operation's description.",
        ));
        for (code, schema_rule, meaning) in FIELD_ERROR_CODES {
            one_of = one_of.item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([*code]))
                    .description(Some(*meaning))
                    .extensions(Some(
                        ExtensionsBuilder::new().add("x-schema-rule", *schema_rule).build(),
                    )),
            );
        }
        one_of.into()
    }
}

impl ToSchema for FieldErrorCode {}

/// One offending field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where: a JSON path into the body (`email`, `conditions[1].words`) or a parameter name.
    pub field: String,
    /// What kind of problem: one of `FieldErrorCode`.
    #[schema(value_type = FieldErrorCode)]
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> FieldError {
        let code = code.into();
        debug_assert!(
            is_field_error_code(&code),
            "field error code `{code}` is not in FIELD_ERROR_CODES (the spec's FieldErrorCode)"
        );
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// The RFC 9457 problem document every error response carries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:loket:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this request, for a person.
    pub detail: String,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The stable error code.
    pub code: ErrorCode,
    /// The request's id, also in the server log and the `X-Request-Id` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The offending fields (validation errors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// An error that becomes a problem response.
#[derive(Debug)]
pub struct ApiError {
    /// Stable code (decides the status).
    pub code: ErrorCode,
    /// Human explanation of this occurrence.
    pub detail: String,
    /// Offending fields.
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying (429, 503).
    pub retry_after: Option<u64>,
    /// The underlying cause, logged and never sent to the client.
    pub cause: Option<String>,
}

/// Handlers return this.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a code and a detail.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            cause: None,
        }
    }

    /// 404: the same answer whether the thing does not exist or belongs to someone else.
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// 403 with the reason.
    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, detail)
    }

    /// 401 with the reason.
    pub fn unauthenticated(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Unauthenticated, detail)
    }

    /// 409 with the reason.
    pub fn conflict(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Conflict, detail)
    }

    /// 409 about one field (a value another record has): named in `errors` as a 422 names
    /// its fields, so a form can show it next to that field.
    pub fn conflict_on(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError {
            errors: vec![FieldError::new(field, code, message.clone())],
            ..ApiError::conflict(message)
        }
    }

    /// 429: too many attempts; the client may retry after `seconds` (`Retry-After`).
    pub fn rate_limited(detail: impl Into<String>, seconds: u64) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(ErrorCode::RateLimited, detail)
        }
    }

    /// 422 naming the fields.
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        let detail = match fields.as_slice() {
            [one] => format!("`{one}` is invalid: {}", errors[0].message),
            _ => format!("these fields are invalid: {}", fields.join(", ")),
        };
        ApiError {
            errors,
            ..ApiError::new(ErrorCode::ValidationFailed, detail)
        }
    }

    /// 400 for a path or query parameter that is not valid, naming it in `errors`.
    pub fn invalid_parameter(name: &str, code: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError {
            detail: format!("`{name}` {message}"),
            errors: vec![FieldError::new(name, code, message)],
            ..ApiError::new(ErrorCode::InvalidParameter, "")
        }
    }

    /// 422 for one field.
    pub fn invalid_field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::validation(vec![FieldError::new(field, code, message)])
    }

    /// 500 that logs `cause` and tells the client only that something failed.
    pub fn internal(cause: impl fmt::Display) -> ApiError {
        ApiError {
            cause: Some(cause.to_string()),
            ..ApiError::new(
                ErrorCode::Internal,
                "something went wrong on our side; quote the request id",
            )
        }
    }

    /// The problem document, without the request-specific `instance` and `request_id`
    /// (the problem middleware adds those).
    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: format!("urn:loket:problem:{}", self.code.as_str()),
            title: self.code.status().canonical_reason().unwrap_or("Error").to_owned(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            instance: None,
            code: self.code,
            request_id: None,
            errors: self.errors.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause})")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let problem = self.problem();
        let mut response = HttpResponse::build(self.code.status());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if self.code == ErrorCode::Unauthenticated {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"loket\""));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        let mut response = response.json(&problem);
        // The middleware finds the problem here to add the request id and path without
        // re-parsing the body, and logs the cause of a 5xx.
        response.extensions_mut().insert(problem);
        if let Some(cause) = &self.cause {
            response.extensions_mut().insert(ErrorCause(cause.clone()));
        }
        response
    }
}

/// The hidden cause of a 5xx, carried to the logging middleware.
#[derive(Debug, Clone)]
pub struct ErrorCause(pub String);

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::not_found("resource"),
            StoreError::Conflict(what) => ApiError::conflict(format!("conflicts with existing data ({what})")),
            StoreError::Unavailable(cause) => ApiError {
                retry_after: Some(2),
                cause: Some(cause),
                ..ApiError::new(
                    ErrorCode::Unavailable,
                    "the database is busy or unreachable; retry shortly",
                )
            },
            StoreError::Other(e) => ApiError::internal(e),
        }
    }
}

/// Flattens validator's nested errors into field paths (`address.city`, `items[2].name`).
pub fn field_errors(errors: &validator::ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect_field_errors("", errors, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect_field_errors(prefix: &str, errors: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
                    out.push(FieldError::new(path.clone(), e.code.to_string(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_field_errors(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect_field_errors(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

/// A sentence for validator's built-in checks, from their parameters.
fn describe(error: &validator::ValidationError) -> String {
    let param = |name: &str| error.params.get(name).map(|v| v.to_string());
    match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has the wrong length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be an e-mail address".into(),
        "url" => "must be a URL".into(),
        other => format!("is invalid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Sample {
        #[validate(length(min = 2, max = 5))]
        name: String,
        #[validate(email)]
        email: String,
    }

    #[test]
    fn every_code_has_its_status_and_round_trips() {
        for code in [
            ErrorCode::MalformedJson,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Conflict,
            ErrorCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::ValidationFailed,
            ErrorCode::RateLimited,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
        ] {
            assert_eq!(ErrorCode::from_status(code.status()), code);
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn validation_errors_name_each_field_with_a_sentence() {
        let sample = Sample {
            name: "x".into(),
            email: "nope".into(),
        };
        let errors = field_errors(&sample.validate().unwrap_err());
        assert_eq!(
            errors,
            vec![
                FieldError::new("email", "email", "must be an e-mail address"),
                FieldError::new("name", "length", "must be 2 to 5 characters long"),
            ]
        );
        let problem = ApiError::validation(errors).problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.type_uri, "urn:loket:problem:validation_failed");
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = ApiError::internal("connection refused to 10.0.0.5 user=loket");
        let body = serde_json::to_string(&err.problem()).unwrap();
        assert!(!body.contains("10.0.0.5"));
        assert!(err.to_string().contains("10.0.0.5"), "the log line keeps it");
    }
}
