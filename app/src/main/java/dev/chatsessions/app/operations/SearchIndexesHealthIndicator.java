package dev.chatsessions.app.operations;

import dev.chatsessions.query.search.SearchIndexes;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code searchIndexes}: the text indexes search is rebuilding without (see
 * {@link SearchIndexes}), built again once it has caught up. Up all the same: search answers meanwhile, more slowly.
 */
@Component
class SearchIndexesHealthIndicator extends AbstractHealthIndicator {

    private final SearchIndexes searchIndexes;

    SearchIndexesHealthIndicator(SearchIndexes searchIndexes) {
        this.searchIndexes = searchIndexes;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("deferred", searchIndexes.deferred());
    }
}
