package dev.chatsessions.api;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A project's analytics: the days with any activity, oldest first, and the totals over the range. */
public record ProjectAnalytics(
        UUID projectId, LocalDate from, LocalDate to, List<AnalyticsFigures> days, AnalyticsFigures totals) {}
