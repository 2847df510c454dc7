# Multi-stage build: the web app with Node.js, the binary with the Rust toolchain (the app
# embedded in it), run on a slim Debian with only the binary (SQLite and libpq are linked in;
# OpenSSL comes from the system).
FROM node:20-bookworm AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY web/ ./
COPY openapi/ /src/openapi/
RUN npm run build -- --outDir /web-dist --emptyOutDir

FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
COPY --from=web /web-dist /web-dist
RUN LOKET_WEB_PREBUILT=/web-dist LOKET_REQUIRE_WEB=1 cargo build --release --locked -p loket && strip target/release/loket

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data loket && mkdir -p /data && chown loket /data
COPY --from=build /src/target/release/loket /usr/local/bin/loket
USER loket
ENV LOKET_ADDR=0.0.0.0:8080 LOKET_DATA_DIR=/data
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["loket"]
CMD ["serve"]
