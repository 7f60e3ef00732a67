# syntax=docker/dockerfile:1
# Container image of wfm-relay. `build` compiles the TypeScript, `production-dependencies`
# installs the runtime packages, and `runtime` gets only those packages and the compiled
# service. test/packaging/dockerfile.test.ts repeats these steps outside Docker and starts the
# result, because this machine has no Docker engine.
#
#   docker build -t wfm-relay .
#   docker run --read-only -p 8080:8080 -v wfm-relay-data:/var/lib/wfm-relay \
#     -v "$PWD/config.yaml:/etc/wfm-relay/config.yaml:ro" wfm-relay
#
# The config must set `listen.host: 0.0.0.0` (the relay's default, 127.0.0.1, is unreachable
# from outside the container) and `dataDir: /var/lib/wfm-relay` (the default, ./data, is under
# the read-only /app).

# Node 24 LTS, pinned by major version so that a rebuild picks up Node and Debian security
# fixes. Pin a digest (node:24-bookworm-slim@sha256:...) for a reproducible build.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# This stage only compiles TypeScript, so install scripts are skipped: native addons such as
# better-sqlite3 are built once, in production-dependencies.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
# Only src/ is compiled: sim/ and scripts/ are test and demo code. Leaving them out also makes
# the build fail if production code ever imports from them.
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS production-dependencies
# node-gyp needs these to build better-sqlite3 when its install script cannot download a
# prebuilt binary for this Node version and platform, for example in a build without internet.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
# The relay runs with node alone. npm, npx, corepack and yarn go, because an attacker who gets
# code execution could use them to fetch and run packages. The Node headers are only for
# building native addons. The base image's entrypoint script goes too (see ENTRYPOINT below).
# The shell stays, because Debian's package scripts and `kubectl exec` debugging need it; a
# distroless Node base would drop it as well.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
    /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-v* \
    /usr/local/include/node /usr/local/bin/docker-entrypoint.sh \
  && mkdir -p /etc/wfm-relay /var/lib/wfm-relay \
  && chown 1000:1000 /var/lib/wfm-relay
ENV NODE_ENV=production \
    WFM_RELAY_CONFIG=/etc/wfm-relay/config.yaml
WORKDIR /app
# The application files stay owned by root, so the relay's user cannot change its own code.
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# package.json's "type": "module" makes Node load dist/src/*.js as ES modules.
COPY package.json ./
# uid and gid 1000 are the base image's `node` user. They are given as numbers, so that
# Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 1000:1000
EXPOSE 8080
# No HEALTHCHECK: Kubernetes ignores it and probes /healthz and /readyz itself (see the Helm
# chart). For plain Docker, add one with `node -e "fetch('http://127.0.0.1:8080/readyz')..."`.
#
# No init process (tini, `docker run --init`): node runs as PID 1 and receives SIGTERM itself.
# A PID 1 gets no default action for SIGTERM or SIGINT, but src/server.ts installs handlers for
# both that drain and close the server and let the process exit with status 0. The relay
# starts no child processes, so no zombies need reaping. Its shutdown grace period (config key
# shutdownGraceMs) is 10 s by default, the same as the default timeout of `docker stop`, so
# give `docker stop -t 15` to let a slow upload finish.
ENTRYPOINT []
# The heap flags make V8 collect garbage sooner: with its defaults on a large machine a 1 GB
# upload peaked at 388 MiB, with these at 282 MiB. A 16 MiB semi-space keeps scavenges rare
# enough for the ingest loop (docs/memory.md and docs/benchmarks.md have the measurements).
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=16", "dist/src/server.js"]
