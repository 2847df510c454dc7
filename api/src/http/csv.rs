//! CSV answers: `Accept: text/csv` picks them, `delimiter=` the field separator, and the
//! body downloads under a file name.

use super::error::{ApiError, ApiResult};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

/// Field separator of the CSV report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    /// `,` (default).
    #[default]
    Comma,
    /// `;`, as Belgian spreadsheets expect.
    Semicolon,
}

/// Whether the client asked for CSV (`Accept: text/csv`).
pub fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

/// A CSV download: `header` then `rows`, separated by `delimiter`, named `filename`.
pub fn csv_response<H, R>(filename: &str, header: H, rows: R, delimiter: Delimiter) -> ApiResult<HttpResponse>
where
    H: IntoIterator,
    H::Item: AsRef<[u8]>,
    R: IntoIterator,
    R::Item: IntoIterator,
    <R::Item as IntoIterator>::Item: AsRef<[u8]>,
{
    let separator = match delimiter {
        Delimiter::Comma => b',',
        Delimiter::Semicolon => b';',
    };
    let mut writer = ::csv::WriterBuilder::new().delimiter(separator).from_writer(Vec::new());
    writer.write_record(header).map_err(ApiError::internal)?;
    for row in rows {
        writer.write_record(row).map_err(ApiError::internal)?;
    }
    let body = writer.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}
