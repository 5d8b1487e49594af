# syntax=docker/dockerfile:1

# Build stage: compile and split the Boot jar into layers (dependencies change rarely,
# application classes often, so image rebuilds reuse the big layers).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress package -DskipTests \
 && java -Djarmode=tools -jar target/agentserve-*.jar extract --layers --launcher --destination /extracted

# Runtime stage: a JRE, the layers, and an unprivileged user.
FROM eclipse-temurin:21-jre
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
USER agentserve
EXPOSE 8080
# Without API keys the service binds to loopback only; in a container the port must be
# reachable, so listen on every interface. Configure callers (AGENTSERVE_SECURITY_API_KEYS_<USER>)
# before publishing the port: without them the start-up WARN says the service is exposed.
ENV SERVER_ADDRESS=0.0.0.0
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
