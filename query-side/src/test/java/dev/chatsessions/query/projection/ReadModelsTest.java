package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.FindProjects;
import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.SearchSessions;
import dev.chatsessions.query.analytics.AnalyticsProjection;
import dev.chatsessions.query.message.MessageProjection;
import dev.chatsessions.query.project.ProjectProjection;
import dev.chatsessions.query.search.SearchProjection;
import dev.chatsessions.query.session.SessionListProjection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Read-your-writes waits, before each query, for the projection whose class answers it: no handler names one. */
class ReadModelsTest {

    @Test
    void eachQueryIsAnsweredByTheProjectionOfItsHandlersClass() {
        var index = ReadModels.Index.of(List.of(
                ProjectProjection.class,
                SessionListProjection.class,
                MessageProjection.class,
                AnalyticsProjection.class,
                SearchProjection.class));

        Map<Class<?>, String> projectionOfQuery = index.byQuery().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name()));
        assertThat(projectionOfQuery)
                .containsOnly(
                        entry(FindProjects.class, ProjectProjection.NAME),
                        entry(FindProject.class, ProjectProjection.NAME),
                        entry(FindSessions.class, SessionListProjection.NAME),
                        entry(FindSession.class, SessionListProjection.NAME),
                        entry(FindMessages.class, MessageProjection.NAME),
                        entry(FindProjectAnalytics.class, AnalyticsProjection.NAME),
                        entry(SearchSessions.class, SearchProjection.NAME));
        assertThat(index.byName())
                .containsOnlyKeys(
                        ProjectProjection.NAME,
                        SessionListProjection.NAME,
                        MessageProjection.NAME,
                        AnalyticsProjection.NAME,
                        SearchProjection.NAME);
    }
}
