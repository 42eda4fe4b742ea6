# ChargeTwin's container image (README "Docker"; decision D14).
#   docker build -t chargetwin .
#   docker run --rm -p 9230:9230 -v chargetwin-data:/data chargetwin station --csms ws://my-csms:9000/ocpp --id EVB-0001
# Stage 1 builds the package exactly as npm publishes it (npm pack: tsc + dashboard bundle) and installs that
# tarball with production dependencies only (better-sqlite3 compiles here if no prebuilt binary matches).
# Stage 2 is Node 20 slim with that install and nothing else: no compiler, no sources, no dev dependencies.

FROM node:20-bookworm-slim AS build
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /tmp
WORKDIR /opt/chargetwin
RUN echo '{ "name": "chargetwin-image", "private": true }' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/chargetwin-*.tgz

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PATH=/opt/chargetwin/node_modules/.bin:$PATH \
    XDG_DATA_HOME=/data \
    CHARGETWIN_API_HOST=0.0.0.0
COPY --from=build /opt/chargetwin /opt/chargetwin
RUN mkdir -p /data/chargetwin && chown -R node:node /data
USER node
WORKDIR /data
# Durable state (SQLite: configuration, transactions, the offline queue) lives in /data/chargetwin.
VOLUME ["/data"]
# 9230: control API and dashboard (station, demo); 9220: the embedded central system (csms, demo).
EXPOSE 9230 9220
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9230/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["chargetwin"]
CMD ["--help"]
