# syntax=docker/dockerfile:1
# One image per application, from this repository:
#   docker build --build-arg SERVICE=receiver -t saoma-receiver .
#   (SERVICE: receiver, login-processor or forwarder; docker-compose.yml builds all three)
#
# Stage 1 builds the three applications' Boot jars in one Maven run. It does not depend on SERVICE, so the three
# images share this stage (its layer cache) and Maven runs once for all of them. Tests are compiled but not run
# (-DskipTests): the login processor and the forwarder need the receiver's test jar. Run them with `mvn -B verify`.
# Maven's repository is a BuildKit cache mount, so a change to the code rebuilds without downloading every dependency
# again (the cache outlives the layers; `docker builder prune` empties it).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,id=saoma-maven,target=/root/.m2/repository \
	mvn -B -q -DskipTests -pl receiver,login-processor,forwarder -am package \
	&& mkdir /build/out \
	&& for service in receiver login-processor forwarder; do \
		cp "$service"/target/"$service"-*-exec.jar "/build/out/$service.jar"; \
	done

# Stage 2: a JRE, the one application, curl for health checks, a user without privileges.
FROM eclipse-temurin:17-jre
RUN apt-get update \
	&& apt-get install -y --no-install-recommends curl \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --system --gid 10001 saoma \
	&& useradd --system --uid 10001 --gid saoma --home-dir /app --no-create-home --shell /usr/sbin/nologin saoma \
	&& mkdir -p /app /var/lib/saoma \
	&& chown saoma:saoma /var/lib/saoma
# the layers above are the same for the three images; from here on they differ
ARG SERVICE=receiver
RUN case "$SERVICE" in \
		receiver|login-processor|forwarder) ;; \
		*) echo "SERVICE must be receiver, login-processor or forwarder, was '$SERVICE'" >&2; exit 1 ;; \
	esac
# Kafka Streams state (login-processor, forwarder) lives under /var/lib/saoma: docker-compose.yml mounts a volume there
COPY --from=build /build/out/${SERVICE}.jar /app/app.jar
LABEL org.opencontainers.image.title="saoma-${SERVICE}" \
	org.opencontainers.image.description="saoma ${SERVICE}: WeChat scan-and-follow login on Kafka"
WORKDIR /app
USER 10001:10001
# heap sized from the container's memory limit (the rest is metaspace, threads, direct buffers and, for Kafka Streams,
# RocksDB); exit on OutOfMemoryError so the restart policy replaces the process instead of leaving it half-alive
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70.0 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
