# syntax=docker/dockerfile:1

# Build stage: compile (Java 21 bytecode) and split the Boot jar into layers (dependencies
# change rarely, application classes often, so image rebuilds reuse the big layers).
# Without --launcher, the extracted app.jar runs with `java -jar` and names its libraries
# on its Class-Path: every class then comes from a plain jar, which is what an AOT cache
# can hold (classes loaded from jars nested in a Boot jar cannot be cached).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress package -DskipTests \
 && cp target/agentserve-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination /extracted

# Runtime stage: a JRE, the layers, an AOT cache made here, and an unprivileged user.
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system agentserve \
 && useradd --system --gid agentserve --home-dir /app --shell /usr/sbin/nologin agentserve
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Memory flags for a small container (README, "Fast start and small footprint"): the serial
# collector and a small initial heap, so the young generation the JVM touches at start-up
# (and keeps resident) is sized to what the service uses, not to 1/64 of the host's memory;
# the heap still grows to MaxRAMPercentage under load. Set before the training run: the AOT
# cache is only used by a JVM started with the same collector.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xms32m"
# Training run (JDK 25, JEP 483/514/515): start the context, refresh it and exit, recording
# the classes it loaded and linked and the methods' profiles into app.aot. It needs no
# Redis: connections open on first use, and a REDIS_URL only keeps the embedded
# redis-server out of the picture, as in production.
RUN REDIS_URL=redis://127.0.0.1:6379 java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app.jar \
 && test -s app.aot
USER agentserve
EXPOSE 8080
# Without API keys the service binds to loopback only; in a container the port must be
# reachable, so listen on every interface. Configure callers (AGENTSERVE_SECURITY_API_KEYS_<USER>)
# before publishing the port: without them the start-up WARN says the service is exposed.
ENV SERVER_ADDRESS=0.0.0.0
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
