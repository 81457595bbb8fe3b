# One image for both apps: `docker run IMAGE gateway` or `docker run IMAGE word-producer`.

# Build: every dependency, the two bundles, then only what the bundles need at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: the bundles, the production packages (Nest, amqplib, and the page's marked and DOMPurify) and
# the page, as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
# The gateway runs a process per core the container may use; GATEWAY_PROCESSES=1 for one.
ENV GATEWAY_PROCESSES=auto
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY static static
COPY deploy/app-entrypoint.sh /usr/local/bin/app-entrypoint
USER node
EXPOSE 8080
ENTRYPOINT ["app-entrypoint"]
CMD ["gateway"]
