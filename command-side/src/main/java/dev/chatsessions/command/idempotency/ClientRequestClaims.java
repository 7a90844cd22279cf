package dev.chatsessions.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.command.erasure.SessionTextOwner;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes repeatable creates idempotent. Runs inside the command's transaction, so the claim on the request's
 * key, the events and the recorded answer commit or roll back together; a concurrent repeat waits on the
 * claim's unique key and then sees the first request's answer.
 */
@Component
public class ClientRequestClaims implements MessageHandlerInterceptor<CommandMessage<?>>, SessionTextOwner {

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;

    ClientRequestClaims(JdbcClient jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        var metaData = unitOfWork.getMessage().getMetaData();
        String key = (String) metaData.get(ClientRequest.KEY);
        if (key == null) {
            return chain.proceed();
        }
        String fingerprint = (String) metaData.get(ClientRequest.FINGERPRINT);
        int claimed = jdbc.sql("""
                                  insert into client_request (request_key, fingerprint) values (?, ?)
                                  on conflict (request_key) do nothing""").params(key, fingerprint).update();
        if (claimed == 0) {
            var earlier = jdbc.sql("select fingerprint, answer from client_request where request_key = ?")
                    .param(key)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                    .single();
            throw fingerprint.equals(earlier[0]) ? new RepeatedRequest(earlier[1]) : new ConflictingRequest();
        }
        Object answer = chain.proceed();
        Object session = metaData.get(ClientRequest.SESSION);
        jdbc.sql("update client_request set answer = ?, session_id = ? where request_key = ?")
                .params(
                        objectMapper.writeValueAsString(answer),
                        session == null ? null : UUID.fromString((String) session),
                        key)
                .update();
        return answer;
    }

    /** The recorded answers of a deleted session's repeatable requests hold its text. */
    @Override
    public void forget(UUID sessionId) {
        jdbc.sql("delete from client_request where session_id = ?")
                .param(sessionId)
                .update();
    }
}
