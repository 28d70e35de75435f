FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY careportal careportal
COPY partners partners
COPY agreements agreements
COPY referrals referrals
COPY quality quality
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --create-home careportal && mkdir -p /var/lib/careportal/private && chown careportal /var/lib/careportal/private
USER careportal
