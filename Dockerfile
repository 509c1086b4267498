# The token service (`npm start`) as a container image.
#
#   docker build -t agora-token-server .
#   docker run --rm -p 8080:8080 -e APP_ID=... -e APP_CERTIFICATE=... agora-token-server
#
# Stage 1 builds the native addon (Rust, release) with the Node.js of the runtime image; stage 2
# holds only Node.js, the addon, the loader, server/ and its three runtime dependencies, and runs
# as the unprivileged `node` user. The build reaches the image registry, the npm registry and
# crates.io, nothing else. docs/service.md lists the environment variables.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUST_IMAGE=rust:1-bookworm

FROM ${NODE_IMAGE} AS node

FROM ${RUST_IMAGE} AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build \
 && (cd server && npm ci --omit=dev --no-audit --no-fund) \
 && mkdir -p inspector \
 && mkdir /out \
 && cp -r package.json index.js index.d.ts *.node server inspector /out/

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build --chown=root:root /out/ /app/
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SERVER_PORT||process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node handles SIGTERM itself (drain, then exit), so it can be PID 1.
CMD ["node", "server/index.js"]
