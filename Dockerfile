# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; fonts-noto-cjk renders Chinese in PDF reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
       libharfbuzz-subset0 fonts-noto-cjk fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install .
RUN DJANGO_SETTINGS_MODULE=ietp.settings.base python manage.py collectstatic --noinput \
    && DJANGO_SETTINGS_MODULE=ietp.settings.base python manage.py compile_catalogues --check

RUN useradd --system --home /app ietp && mkdir -p /app/media && chown ietp /app/media
USER ietp
EXPOSE 8000
