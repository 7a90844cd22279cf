package dev.chatsessions.api;

import java.time.LocalDate;
import java.util.UUID;

/** A project's activity per UTC day from {@code from} to {@code to}, both included. */
public record FindProjectAnalytics(String userId, UUID projectId, LocalDate from, LocalDate to) {}
