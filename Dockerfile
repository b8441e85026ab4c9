# One image recipe for every service: `docker build --target chillybin .`
# (or jafflr, gateway). compose.yaml builds each target.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json supergraph.graphql ./
COPY platform ./platform
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY web ./web
COPY tools/build ./tools/build
# build:web checks the kiosk's persisted-operations manifest, which the gateway reads at run time.
COPY tools/persisted-operations ./tools/persisted-operations
COPY persisted-operations ./persisted-operations
# tsc into dist/, then package.json, supergraph.graphql and the schema.graphql
# files beside the compiled code, where it reads them.
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# The official image's unprivileged user; nothing here needs root.
USER node
# Services stop gracefully on SIGTERM; node as PID 1 gets it directly.
STOPSIGNAL SIGTERM

FROM runtime AS chillybin
EXPOSE 4001
CMD ["node", "dist/subgraphs/chillybin/src/index.js"]

FROM runtime AS jafflr
EXPOSE 4002
CMD ["node", "dist/subgraphs/jafflr/src/index.js"]

FROM runtime AS gateway
EXPOSE 4000
CMD ["node", "dist/gateway/src/index.js"]
