# wallet-ledger service image. Multi-stage:
#   toolchain  node 20 + the compilers better-sqlite3's install script needs when no prebuilt
#              binary matches (python3, make, g++);
#   check      full `npm ci` (dev tools too), then typecheck and the domain-purity lint, so an
#              image is only built from code that checks;
#   runtime-deps `npm ci --omit=dev`: production dependencies only, better-sqlite3 compiled here.
#              tsx is a production dependency on purpose: the code is TypeScript run through
#              tsx's loader, with no build step;
#   runtime    slim node 20, no compilers, non-root, production node_modules copied in.
# npm 10 (in node:20) runs install scripts as usual; package.json's allowScripts (better-sqlite3,
# esbuild) is what npm 11 needs to run them.

FROM node:20-bookworm-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the prepare script (the console build), which skips, saying so, until the sources
# are copied; the check stage builds the console once they are.
COPY scripts/build-console.js ./scripts/build-console.js

FROM toolchain AS check
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck && npm run lint && npm run build:console && touch /tmp/checked

FROM toolchain AS runtime-deps
# BuildKit skips stages the target does not use: this copy makes the runtime wait for the check.
COPY --from=check /tmp/checked /tmp/checked
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LEDGER_STORE=sqlite:/data/ledger.db
WORKDIR /app
COPY --from=runtime-deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json tsconfig.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root domain ./domain
COPY --chown=root:root adapters ./adapters
COPY --chown=root:root projections ./projections
# The console's static files, built by Vite in the check stage (the runtime has no dev tools).
COPY --from=check --chown=root:root /app/dist/console ./dist/console
# Only the data directory is writable, and only by the unprivileged user (uid 1000, "node").
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# node:20-bookworm-slim has no curl: node's own fetch asks /health (no key needed).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/wallet-ledger.js", "serve"]
