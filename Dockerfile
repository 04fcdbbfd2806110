# syntax=docker/dockerfile:1
# The studio as one image: `karate serve` by default, `karate worker` or `karate migrate` by command.
# Build: docker build -t karate .   Run: docker run -p 8000:8000 -v karate-data:/data karate
# docs/deploy.md says which settings a studio listening beyond loopback needs (accounts, host names).

# --- 1. the web editor: what `make web` builds (web/openapi.json is committed and kept current by `make contract`)
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# --- 2. the Python package, installed into a virtual environment the runtime image copies whole
FROM python:3.11-slim AS python
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/karate
WORKDIR /src
COPY pyproject.toml README.md ./
COPY karate/ karate/
RUN /opt/karate/bin/pip install .

# --- 3. the runtime: slim Python, the package, the built editor and the example templates; no compilers, no root
FROM python:3.11-slim
ENV PATH=/opt/karate/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KARATE_DATA_DIR=/data \
    KARATE_WEB_DIST=/app/web/dist \
    KARATE_EXAMPLES_DIR=/app/examples
RUN groupadd --system --gid 10001 karate \
    && useradd --system --uid 10001 --gid karate --home-dir /app --no-create-home karate \
    && mkdir -p /data \
    && chown karate:karate /data
COPY --from=python /opt/karate /opt/karate
COPY --from=web /src/web/dist /app/web/dist
COPY examples/ /app/examples/
# the support agent answers from these (karate/agents/help_library.py reads them from the working directory)
COPY README.md /app/
COPY docs/ /app/docs/
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
# Liveness only (GET /health answers while the process serves); readiness is the orchestrator's probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["karate", "serve", "--host", "0.0.0.0", "--port", "8000"]
