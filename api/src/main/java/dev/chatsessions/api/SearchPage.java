package dev.chatsessions.api;

import java.util.List;

/** One page of search results, best first; {@code nextCursor} is null on the last page. */
public record SearchPage(List<SearchHit> items, String nextCursor) {}
