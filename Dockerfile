# syntax=docker/dockerfile:1
#
# QueryAudit worker image. Build it from the repository root with the release's version and commit:
#   docker build --build-arg VERSION=0.1.0 --build-arg COMMIT="$(git rev-parse HEAD)" -t queryaudit:0.1.0 .
# No Docker engine runs in CI, so scripts/check-container-start.sh repeats the publish and the start
# of the runtime stage (non-root, read-only application folder) without one.

# ---- build: restore and compile the whole solution under the build gate (warnings are errors) ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
COPY . .
RUN dotnet restore QueryAudit.sln
RUN dotnet build QueryAudit.sln --configuration Release --no-restore

# ---- test: the tests that need only the SDK; publish builds on this stage, so they cannot be skipped ----
# The full suite (fake AWS servers, MariaDB, PDF rendering, the container start check) needs tools
# this Ubuntu-based SDK image lacks; it runs in CI on the commit before an image is built from it.
FROM build AS test
ENV AWS_EC2_METADATA_DISABLED=true
RUN dotnet test tests/QueryAudit.Sql.Tests/QueryAudit.Sql.Tests.csproj --configuration Release --no-build \
 && dotnet test tests/QueryAudit.Core.Tests/QueryAudit.Core.Tests.csproj --configuration Release --no-build

# ---- publish: the same publish as scripts/check-container-start.sh ----
FROM test AS publish
ARG VERSION=0.0.0-local
ARG COMMIT=unknown
RUN ./scripts/publish-worker.sh /app "$VERSION" "$COMMIT" \
 && mkdir -p /rootfs/var/lib/queryaudit

# ---- runtime: Ubuntu chiseled .NET runtime, no shell, no package manager ----
# The "extra" variant adds ICU and tzdata: the report needs Japanese collation and formatting
# (InvariantGlobalization is off) and IANA time zones such as Asia/Tokyo. The report's fonts are
# embedded in the QueryAudit assemblies, so no font package is installed.
FROM mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra AS runtime
ARG VERSION=0.0.0-local
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="QueryAudit" \
      org.opencontainers.image.description="Reconciles Aurora MySQL audit logs against approved change scripts and writes the monthly exception report" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra"

# DOTNET_EnableDiagnostics=0: no debugger, profiler or diagnostic IPC socket can attach to the
# running process, and the runtime creates no socket files under /tmp.
ENV DOTNET_EnableDiagnostics=0 \
    TMPDIR=/tmp \
    QUERYAUDIT__Health__Port=8080

# The application files belong to root and are not writable by the worker's user.
COPY --from=publish /app /app
# The embedded SQLite store's default folder, for runs outside ECS; ECS uses the MySQL store.
COPY --from=publish --chown=1654:1654 /rootfs/var/lib/queryaudit /var/lib/queryaudit

# 1654 is the "app" user and group that the .NET chiseled images define. A numeric user lets the
# orchestrator verify that the container does not run as root.
USER 1654:1654
WORKDIR /var/lib/queryaudit

# With a read-only root filesystem these are the only writable paths: scratch space and local state.
# ECS mounts task storage on /tmp; the image's /tmp (mode 1777 in the base image) sets its permissions.
VOLUME ["/tmp", "/var/lib/queryaudit"]

# Exec form, because the image has no shell. ECS runs the same probe from the task definition.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/app/queryaudit", "health", "--url", "http://127.0.0.1:8080/health/live"]

ENTRYPOINT ["/app/queryaudit"]
CMD ["run"]
