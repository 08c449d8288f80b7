FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/var/lib/rozgar360
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --system --home /var/lib/rozgar360 --create-home rozgar
USER rozgar
EXPOSE 3000
CMD ["rozgar", "serve", "--host", "0.0.0.0"]
