# Multi-stage build: compile with the Rust toolchain, run on a slim Debian with only the
# binary (SQLite and libpq are linked in; OpenSSL comes from the system).
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p loket && strip target/release/loket

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
