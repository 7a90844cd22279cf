# The one-process server from the jar built by `./mvnw -B package -DskipTests`.
FROM eclipse-temurin:17-jre
RUN useradd --system --create-home chat
USER chat
WORKDIR /home/chat
COPY app/target/chat-sessions.jar /home/chat/chat-sessions.jar
# Cold start, as the README's run command does it: the jar unpacked to app/ and a Class Data Sharing archive of a
# training start (the application context on a throw-away data dir, then exit). Made here, not copied from the build,
# because an archive serves only the JVM and the file paths it was made with. Should the training start fail, the
# server still starts, only without the archive. The sides (docker-compose.yml) run from the jar itself.
RUN java -Djarmode=tools -jar chat-sessions.jar extract --destination app \
    && (java -XX:ArchiveClassesAtExit=app/chat-sessions.jsa -Dspring.context.exit=onRefresh -jar app/chat-sessions.jar \
            --chat.data-dir=/tmp/cds-training --server.port=0 > /tmp/cds-training.log 2>&1 \
        || echo "No Class Data Sharing archive (see /tmp/cds-training.log): the server starts without it") \
    && rm -rf /tmp/cds-training
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/home/chat/app/chat-sessions.jsa", "-jar", "/home/chat/app/chat-sessions.jar"]
