# syntax=docker/dockerfile:1
#
# One image recipe for every Flowgraph service. Pick the service with a build arg:
#
#   docker build --build-arg SERVICE=identity -t flowgraph/identity .
#
# platform:generate services
# SERVICE is one of: gateway | identity | workflows | marketplace | ai | analytics
# platform:generate end
#
# Stages: base -> deps (full `npm ci`) -> prod-deps (pruned to what runs) -> runtime (shared by
# all services) -> service-<name> (that service's sources, port and command) -> final.
# Services run TypeScript directly through tsx, as in development: there is no build step.

ARG SERVICE=gateway
ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ---------------------------------------------------------------------------------------------
# deps: the whole workspace install. Only the lockfile and the package.json files are copied,
# so this layer is rebuilt only when dependencies change, not on every source edit.
FROM base AS deps
COPY package.json package-lock.json ./
# The workspaces: every packages/* folder, the gateway and the subgraphs of the list.
# platform:generate workspace-manifests
COPY packages/shared/package.json packages/shared/
COPY packages/yawl/package.json packages/yawl/
COPY gateway/package.json gateway/
COPY subgraphs/identity/package.json subgraphs/identity/
COPY subgraphs/workflows/package.json subgraphs/workflows/
COPY subgraphs/marketplace/package.json subgraphs/marketplace/
COPY subgraphs/ai/package.json subgraphs/ai/
COPY subgraphs/analytics/package.json subgraphs/analytics/
COPY examples/partner-client/package.json examples/partner-client/
# platform:generate end
RUN --mount=type=cache,target=/root/.npm npm ci

# ---------------------------------------------------------------------------------------------
# prod-deps: production dependencies plus tsx.
#
# tsx is a root devDependency, yet it is what runs the services, so a plain
# `npm prune --omit=dev` would delete it. Rather than a second, unlocked `npm install tsx`
# (which would resolve versions outside package-lock.json), this throwaway copy of the root
# package.json is edited to make the *already installed* tsx a production dependency, and then
# everything else dev-only (typescript, eslint, vitest, graphql-codegen, drizzle-kit, ...) is
# pruned. Nothing is downloaded here; it roughly halves node_modules (~410 MB -> ~210 MB).
# (npm lets devDependencies win over dependencies, hence the delete before the set.)
#
# Workspace-local node_modules (e.g. packages/shared/node_modules, where npm nests a package
# whose version conflicts with the hoisted one) are gathered under /deps alongside the root one.
FROM deps AS prod-deps
RUN tsx_version="$(node -p "require('./node_modules/tsx/package.json').version")" \
 && npm pkg delete devDependencies.tsx \
 && npm pkg set "dependencies.tsx=${tsx_version}" \
 && npm prune --omit=dev \
 && mkdir -p /deps \
 && for ws in . packages/* gateway subgraphs/*; do \
      if [ -d "$ws/node_modules" ]; then mkdir -p "/deps/$ws" && mv "$ws/node_modules" "/deps/$ws/"; fi; \
    done

# ---------------------------------------------------------------------------------------------
# runtime: what every service image shares. node_modules comes first and is identical for all
# six images, so a registry (and a node pulling several images) stores that layer once.
FROM base AS runtime
ENV NODE_ENV=production
COPY --from=prod-deps /deps/ ./
# The root package.json is the original one (not the edited copy); tsx reads tsconfig.json.
COPY package.json tsconfig.json ./
# Every workspace package under packages/ (package.json and sources; .dockerignore leaves out tests
# and node_modules, so the workspaces' own node_modules copied above stay).
COPY packages packages
# Code and dependencies stay root-owned and read-only for the service. The only writable path
# is /app/.data, used outside production for identity's generated development signing key
# (JWT_DEV_KEY_FILE) and for PGlite when DATABASE_URL is unset; with DATABASE_URL and the JWT
# keys set (production), nothing is written there and the root filesystem can be read-only
# (tsx still caches transpiled files under $TMPDIR, /tmp by default).
RUN mkdir -p /app/.data && chown node:node /app/.data
# The official image's `node` user, given numerically so that Kubernetes' runAsNonRoot can
# verify it without resolving a user name.
USER 1000:1000
# Slim images have no curl/wget: probe with node's built-in fetch. PORT is set per service
# below and may be overridden at run time; the probe follows it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Process model: `node --import tsx <entry>` is one process (the tsx CLI would add a parent
# process that relays signals to a child). node is PID 1 and receives SIGTERM directly; every
# server registers SIGTERM/SIGINT handlers that close the HTTP server and the database pool and
# exit 0. PID 1 gets no default signal actions, which is fine here because those handlers
# exist, and nothing forks, so there are no zombies to reap. For an extra init anyway, use
# `docker run --init` or `init: true` in Compose (tini as PID 1, forwarding signals).
STOPSIGNAL SIGTERM

# ---------------------------------------------------------------------------------------------
# One small stage per service: its sources, its port, its entry point.
# (CMD cannot expand build args, so the mapping lives here rather than in one generic stage.)
# The subgraphs' stages are generated from packages/shared/src/platform/subgraphs.ts by
# `npm run platform:generate`; edit the list, not the stages.

FROM runtime AS service-gateway
COPY gateway/package.json gateway/
COPY gateway/src gateway/src
# SUPERGRAPH_PATH defaults to schema/supergraph.graphql, relative to WORKDIR /app.
COPY schema schema
ENV PORT=4000
EXPOSE 4000
CMD ["node", "--import", "tsx", "gateway/src/server.ts"]

# platform:generate subgraph-stages
FROM runtime AS service-identity
COPY subgraphs/identity subgraphs/identity
ENV PORT=4001
EXPOSE 4001
CMD ["node", "--import", "tsx", "subgraphs/identity/server.ts"]

FROM runtime AS service-workflows
COPY subgraphs/workflows subgraphs/workflows
ENV PORT=4002
EXPOSE 4002
CMD ["node", "--import", "tsx", "subgraphs/workflows/server.ts"]

FROM runtime AS service-marketplace
COPY subgraphs/marketplace subgraphs/marketplace
ENV PORT=4003
EXPOSE 4003
CMD ["node", "--import", "tsx", "subgraphs/marketplace/server.ts"]

FROM runtime AS service-ai
COPY subgraphs/ai subgraphs/ai
ENV PORT=4004
EXPOSE 4004
CMD ["node", "--import", "tsx", "subgraphs/ai/server.ts"]

FROM runtime AS service-analytics
COPY subgraphs/analytics subgraphs/analytics
ENV PORT=4005
EXPOSE 4005
CMD ["node", "--import", "tsx", "subgraphs/analytics/server.ts"]
# platform:generate end

# ---------------------------------------------------------------------------------------------
# final: the stage named by SERVICE. BuildKit builds only the stages this one needs. An unknown
# SERVICE fails here (Docker then looks for an image called service-<value>).
FROM service-${SERVICE} AS final
