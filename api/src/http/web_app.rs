//! The single-page web app at `/`: its built files (embedded in the binary, or read from
//! `LOKET_WEB_DIR`), `index.html` for every client route, long caching for hashed assets.

use super::error::ApiError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// The Vite build that `build.rs` wrote (release builds carry it; debug builds read the folder).
#[derive(RustEmbed)]
#[folder = "$OUT_DIR/web"]
struct BuiltApp;

/// Where the app's files come from.
#[derive(Debug, Clone)]
pub enum WebFiles {
    /// Built into the binary.
    Embedded,
    /// A folder holding a `vite build` output (`LOKET_WEB_DIR`).
    Folder(PathBuf),
}

/// Vite puts every hashed, never-changing file here; everything else may change on upgrade.
const HASHED_ASSETS: &str = "assets/";
const INDEX: &str = "index.html";

/// Paths the app never answers for: the API's and the operational endpoints' unknown routes stay
/// problem+json 404s.
pub(crate) fn is_server_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || ["/healthz", "/readyz", "/metrics"].contains(&path)
}

impl WebFiles {
    fn read(&self, relative: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            WebFiles::Embedded => BuiltApp::get(relative).map(|file| file.data),
            WebFiles::Folder(root) => {
                let relative = Path::new(relative);
                // Only plain names below the folder: no `..`, no absolute paths.
                if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
                    return None;
                }
                let path = root.join(relative);
                path.is_file()
                    .then(|| std::fs::read(path).ok())
                    .flatten()
                    .map(Cow::Owned)
            }
        }
    }
}

/// Answers every request no API route took: a file of the app, `index.html` for a client route,
/// or the API's 404 problem.
pub async fn serve(req: HttpRequest, files: web::Data<WebFiles>) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if is_server_path(path) || !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return Err(ApiError::not_found("route"));
    }
    let relative = path.trim_start_matches('/');
    if !relative.is_empty() && relative != INDEX {
        if let Some(content) = files.read(relative) {
            return Ok(file_response(relative, content));
        }
        // A missing script or image is a 404, not the app's page (which would be parsed as the
        // wrong type); a client route has no file extension in its last segment.
        let last = relative.rsplit('/').next().unwrap_or_default();
        if relative.starts_with(HASHED_ASSETS) || last.contains('.') {
            return Err(ApiError::not_found("file"));
        }
    }
    match files.read(INDEX) {
        Some(index) => Ok(file_response(INDEX, index)),
        None => Err(ApiError::not_found("web app")),
    }
}

fn file_response(relative: &str, content: Cow<'static, [u8]>) -> HttpResponse {
    let mime = mime_guess::from_path(relative).first_or_octet_stream();
    // Hashed names change with their content, so browsers may keep them for a year; the page
    // and unhashed files are checked again on every load so an upgrade shows at once.
    let cache = if relative.starts_with(HASHED_ASSETS) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)));
    response.content_type(mime);
    match content {
        Cow::Borrowed(bytes) => response.body(bytes),
        Cow::Owned(bytes) => response.body(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_and_operational_paths_are_never_the_app() {
        for path in ["/api/v1/nope", "/api/", "/api", "/healthz", "/readyz", "/metrics"] {
            assert!(is_server_path(path), "{path}");
        }
        for path in [
            "/",
            "/tickets/2026-000001",
            "/apiary",
            "/kb/printer",
            "/assets/index-abc.js",
        ] {
            assert!(!is_server_path(path), "{path}");
        }
    }

    #[test]
    fn a_folder_serves_only_files_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir(&app).unwrap();
        std::fs::write(app.join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let files = WebFiles::Folder(app);
        assert!(files.read("index.html").is_some());
        assert!(files.read("../secret.txt").is_none());
        assert!(files.read("/etc/passwd").is_none());
        assert!(files.read("missing.js").is_none());
    }
}
