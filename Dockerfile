# The fengong service image: this repository installed into Python 3.11.
# Built by docker-compose.yml, which points it at the neo4j service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . /app
RUN pip install . && rm -rf build

EXPOSE 8000
CMD ["fengong", "serve", "--host", "0.0.0.0", "--port", "8000"]
