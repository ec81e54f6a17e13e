# One image for every PPM app. Pick the app with the APP build argument (or the APP environment variable):
#   docker build --build-arg APP=gateway -t ppm-gateway .
# APP is one of: command, worker, query, gateway, gateway-sandbox.
# Migrations use the same image with the command overridden:
#   node -r ./tools/register-aliases.js dist/tools/migrate.js run

# ---------------------------------------------------------------------------------------------------------------
# build: installs every dependency, compiles apps, libs, migrations and tools to dist/ and bundles each app into
# dist/apps/<app>/main.js (the Nx build targets), then drops dev dependencies.
# ---------------------------------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build
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
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------------
# runtime: production dependencies and compiled output only, run as the unprivileged `node` user.
# ---------------------------------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app

# Files stay owned by root: the app only reads them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
# The apps are bundles; only the migrations (dist/tools/migrate.js) resolve `@ppm/*` through tools/register-aliases.js,
# which reads the paths from tsconfig.base.json.
COPY --from=build /app/tsconfig.base.json ./tsconfig.base.json
COPY --from=build /app/tools/register-aliases.js ./tools/register-aliases.js

USER node

# gateway 3000, command 3001, worker 3002, query 3003, gateway-sandbox 3010 (each app's default PORT).
EXPOSE 3000 3001 3002 3003 3010

# Last, so the layers above are shared by the images of all apps.
ARG APP
ENV APP=${APP}

STOPSIGNAL SIGTERM
# exec: node replaces the shell, so SIGTERM reaches it and the app shuts down gracefully.
CMD ["sh", "-c", "exec node dist/apps/${APP:?set APP to command, worker, query, gateway or gateway-sandbox}/main.js"]
