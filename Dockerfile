# The server as a container image: built once with the dev dependencies (npm ci, npm run build),
# then run as built JavaScript with production dependencies only, as the non-root user `node`.
# No BuildKit features: `az acr build` (infra/deploy-image.sh) uses the classic builder.
#   docker build -t safeguard .
#   docker run -p 3978:3978 -e MICROSOFT_APP_ID=… -e MICROSOFT_APP_PASSWORD=… -e DATABASE_URL=… safeguard
# test/deploy/dockerfile.test.ts runs these steps without Docker (FROM … AS, WORKDIR, COPY,
# RUN, ENV, USER, EXPOSE, HEALTHCHECK, CMD): change them there too if you add another kind.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# The production dependencies, installed apart so that npm's cache stays out of the image.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# HOST 0.0.0.0 needs MICROSOFT_APP_ID: without it the server runs unauthenticated (local mode),
# which it refuses to offer beyond 127.0.0.1. The embedded database is for trying the image out;
# give DATABASE_URL (PostgreSQL 15+) for anything else.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    SAFEGUARD_DATA_DIR=/home/node/data/db
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
# bin/ for `npx safeguard …` (it runs dist/cli/main.js); dist/ holds everything else that runs.
COPY bin ./bin
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3978
# Plain HTTP inside the container: TLS ends at the platform's front door (App Service, Container Apps).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM from `docker stop` or the platform reaches
# the server, which closes its connections and the database and exits.
CMD ["node", "dist/main.js"]
