//! Security headers on every response, errors and 404s included.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tracing::{field, Span};
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

/// The API serves JSON only: nothing in it may load, run or be framed.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The vendored Swagger UI at `/api/docs/`: its page loads its scripts and styles from files
/// on the same origin (no inline script), its stylesheet draws icons from `data:` images, and
/// it fetches the spec (and "Try it out" calls) from the same origin. Inline styles are allowed
/// because it renders highlighted examples and Markdown with `style` attributes; a style
/// cannot run code.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The web app (everything outside `/api/` and the operational endpoints): its scripts and
/// styles are files from the same origin (no inline script or style element), it talks only to
/// this origin, downloads are `blob:` URLs, and it may not be framed.
const APP_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
     connect-src 'self'; font-src 'self'; manifest-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Where the Swagger UI lives.
const DOCS_PREFIX: &str = "/api/docs";

/// Settings of the header middleware, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    /// `Strict-Transport-Security` max-age; 0 sends none (Loket does not terminate TLS
    /// itself, so only the operator knows the clients reach it over HTTPS).
    pub hsts_seconds: u64,
}

impl SecurityHeaders {
    fn apply(&self, path: &str, authenticated: bool, headers: &mut HeaderMap) {
        let csp = if path.starts_with(DOCS_PREFIX) {
            DOCS_CSP
        } else if super::web_app::is_server_path(path) {
            API_CSP
        } else {
            APP_CSP
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        headers.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
        if self.hsts_seconds > 0 {
            if let Ok(value) = HeaderValue::from_str(&format!("max-age={}; includeSubDomains", self.hsts_seconds)) {
                headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
            }
        }
        // What a logged-in caller sees, and every token a login hands out, stays out of caches.
        if authenticated || path.starts_with("/api/v1/auth/") {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
}

/// The middleware (outermost, so responses made by other middleware get the headers too).
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let settings = req
        .app_data::<SecurityHeaders>()
        .copied()
        .unwrap_or(SecurityHeaders { hsts_seconds: 0 });
    let path = req.path().to_owned();
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let mut res = next.call(req).await?;
    settings.apply(&path, authenticated, res.headers_mut());
    Ok(res)
}

/// The span every request is logged in: tracing-actix-web's default fields, except that the
/// target is the path without its query string (search words, or a token a client put where
/// it does not belong, would otherwise reach the logs) and the client is the connection's peer.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        let route = request.match_pattern().unwrap_or_else(|| "default".to_owned());
        let client = request.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %request.path(),
            http.client_ip = %client,
            http.status_code = field::Empty,
            otel.kind = "server",
            otel.status_code = field::Empty,
            request_id = %request_id,
            exception.message = field::Empty,
            exception.details = field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_get_their_own_policy_and_hsts_only_when_configured() {
        let mut api = HeaderMap::new();
        SecurityHeaders { hsts_seconds: 0 }.apply("/api/v1/tickets", true, &mut api);
        assert_eq!(api.get(header::CONTENT_SECURITY_POLICY).unwrap(), API_CSP);
        assert_eq!(api.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert!(api.get(header::STRICT_TRANSPORT_SECURITY).is_none());

        let mut docs = HeaderMap::new();
        SecurityHeaders { hsts_seconds: 600 }.apply("/api/docs/index.html", false, &mut docs);
        assert_eq!(docs.get(header::CONTENT_SECURITY_POLICY).unwrap(), DOCS_CSP);
        assert!(docs.get(header::CACHE_CONTROL).is_none());

        let mut app = HeaderMap::new();
        SecurityHeaders { hsts_seconds: 0 }.apply("/tickets/2026-000001", false, &mut app);
        let csp = app.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert_eq!(csp, APP_CSP);
        assert!(csp.contains("script-src 'self';") && !csp.contains("unsafe"), "{csp}");
        assert_eq!(
            docs.get(header::STRICT_TRANSPORT_SECURITY).unwrap(),
            "max-age=600; includeSubDomains"
        );
    }
}
