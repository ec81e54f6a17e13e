# One image for every PPM app. Pick the app with the APP build argument (or the APP environment variable):
#   docker build --build-arg APP=gateway -t ppm-gateway .
# APP is one of: command, worker, query, gateway, gateway-sandbox.
# Migrations use the same image with the command overridden:
#   node -r ./tools/register-aliases.js dist/tools/migrate.js run
# Node 22, a supported LTS; package.json's `engines` also admits Node 20 for development (see the README).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------------------------
# build: installs every dependency, compiles apps, libs, migrations and tools to dist/ and bundles each app into
# dist/apps/<app>/main.js (the Nx build targets).
# ---------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true

# Dependencies first, so source changes reuse this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig*.json nx.json project.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY tools ./tools
RUN npm run build

# ---------------------------------------------------------------------------------------------------------------
# production dependencies: a fresh install without dev and optional packages. Omitting optional ones too keeps out
# TypeORM's optional peer ts-node, which would bring the TypeScript compiler; nothing at runtime loads either.
# ---------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && if [ -e node_modules/typescript ] || [ -e node_modules/ts-node ]; then echo 'the TypeScript compiler is in the production dependencies' >&2; exit 1; fi

# ---------------------------------------------------------------------------------------------------------------
# runtime: production dependencies and compiled output only, run as the unprivileged `node` user.
# ---------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app

# Files stay owned by root: the app only reads them.
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
# The apps are bundles; only the migrations (dist/tools/migrate.js) resolve `@ppm/*` through tools/register-aliases.js,
# which reads the paths from tsconfig.base.json.
COPY --from=build /app/tsconfig.base.json ./tsconfig.base.json
COPY --from=build /app/tools/register-aliases.js ./tools/register-aliases.js
COPY deploy/healthcheck.js ./healthcheck.js

USER node

# gateway 3000, command 3001, worker 3002, query 3003, gateway-sandbox 3010 (each app's default PORT).
EXPOSE 3000 3001 3002 3003 3010

# Liveness only: readiness (its servers reachable) is for orchestrators to route by, not a reason to restart.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "healthcheck.js"]

# Last, so the layers above are shared by the images of all apps.
ARG APP
ENV APP=${APP}

STOPSIGNAL SIGTERM
# exec: node replaces the shell, so SIGTERM reaches it and the app shuts down gracefully.
CMD ["sh", "-c", "exec node dist/apps/${APP:?set APP to command, worker, query, gateway or gateway-sandbox}/main.js"]
