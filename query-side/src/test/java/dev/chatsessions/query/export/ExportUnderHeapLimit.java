package dev.chatsessions.query.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.Queries;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Run in a JVM of its own with a small heap by {@link ExportHeapTest}: exports a project of {@code sessions} x
 * {@code messages} generated messages (about 1 KB each) through {@link Exports}, answering its queries page by page as
 * the projections do, and prints how many bytes were written.
 */
public final class ExportUnderHeapLimit {

    static final String TEXT = "Lisbon, café, tram 28 and some code ```x = 1``` ".repeat(25);

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        UUID project = UUID.randomUUID();
        Instant now = Instant.parse("2025-10-12T15:30:00.123Z");
        QueryGateway gateway = (QueryGateway) Proxy.newProxyInstance(
                QueryGateway.class.getClassLoader(), new Class<?>[] {QueryGateway.class}, (proxy, method, call) -> {
                    if (!method.getName().equals("query") || call.length != 2) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    if (call[0] instanceof FindSessions) {
                        List<SessionView> page = new ArrayList<>();
                        for (int s = 0; s < sessions; s++) {
                            page.add(new SessionView(new UUID(0, s), project, "Session " + s, now, now, messages, now));
                        }
                        return CompletableFuture.completedFuture(Optional.of(new SessionPage(page, null)));
                    }
                    FindMessages query = (FindMessages) call[0];
                    long from = query.cursor() == null ? 0 : Long.parseLong(query.cursor());
                    long to = Math.min(from + query.limit(), messages);
                    List<MessageView> page = new ArrayList<>();
                    for (long seq = from + 1; seq <= to; seq++) {
                        page.add(new MessageView(
                                UUID.randomUUID(),
                                query.sessionId(),
                                seq,
                                seq % 2 == 1 ? Role.USER : Role.ASSISTANT,
                                TEXT + seq,
                                MessageStatus.COMPLETE,
                                now));
                    }
                    return CompletableFuture.completedFuture(
                            Optional.of(new MessagePage(page, to < messages ? Long.toString(to) : null)));
                });
        ObjectMapper mapper =
                new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        long[] written = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        new Exports(new Queries(gateway), mapper)
                .projectAsJson("alice", new ProjectView(project, "Big", null, now), counting);
        System.out.println(
                "bytes=" + written[0] + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
