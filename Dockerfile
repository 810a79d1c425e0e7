# syntax=docker/dockerfile:1.7
# The sqlite-rest image: the jar built with the Maven Wrapper, run on a Java runtime linked with
# only the modules the jar uses (packaging/jlink-runtime.sh), as a non-root user, data in /data.
#
#   docker build -t sqlite-rest .
#   docker run -v sqlite-rest:/data -v "$PWD/secret:/run/secrets/jwt:ro" -p 8080:8080 -p 8081:8081 \
#     sqlite-rest serve --db-dsn /data/app.db --db-create \
#       --auth-token-file /run/secrets/jwt --security-allow-table todos
#
# More (Compose, replication to S3, Kubernetes): docs/DEPLOYMENT.md.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# the Maven cache survives between builds (BuildKit); the tests run in CI, not in the image build.
# install.sh lays out /opt/sqlite-rest as on a host: bin/sqlite-rest, lib/sqlite-rest.jar, jre/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl server -am package \
 && DESTDIR=/stage packaging/install.sh

# glibc for sqlite-jdbc's native library, bash for the health check; nothing else is used
FROM debian:13-slim
RUN groupadd --system --gid 10001 sqliterest \
 && useradd --system --uid 10001 --gid sqliterest --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin sqliterest \
 && install -d -o sqliterest -g sqliterest -m 0750 /data
COPY --from=build /stage/opt/sqlite-rest /opt/sqlite-rest
# the API and the admin listener on every interface of the container (the built-in defaults,
# stated because the health check reads SQLITEREST_METRICS_ADDR); a small server's collector,
# initial heap and young generation, and native heap trimming (as ./sqlite-rest), and the heap may
# use 75% of the container's memory limit (setting SQLITEREST_JAVA_OPTS replaces this)
ENV PATH=/opt/sqlite-rest/bin:$PATH \
    SQLITEREST_HTTP_ADDR=:8080 \
    SQLITEREST_METRICS_ADDR=:8081 \
    SQLITEREST_JAVA_OPTS="-XX:+UseSerialGC -Xms16m -XX:NewSize=10m -XX:SurvivorRatio=3 -XX:TrimNativeHeapInterval=2000 -XX:MaxRAMPercentage=75"
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080 8081
# /ready answers 503 while a restore before serving runs: the start period leaves time for it
HEALTHCHECK --interval=15s --timeout=6s --start-period=120s --retries=3 CMD ["sqlite-rest-healthcheck"]
ENTRYPOINT ["sqlite-rest"]
CMD ["serve"]
