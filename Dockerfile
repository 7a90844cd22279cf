# The one-process server from the jar built by `./mvnw -B package -DskipTests`.
FROM eclipse-temurin:17-jre
RUN useradd --system --create-home chat
USER chat
WORKDIR /home/chat
COPY app/target/chat-sessions.jar /home/chat/chat-sessions.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/home/chat/chat-sessions.jar"]
