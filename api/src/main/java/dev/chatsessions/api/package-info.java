/**
 * The messages both sides share: commands, events, queries and their views. Plain Java records; the only
 * dependency is Axon's modelling annotations, so either side can run on its own and meet the other only
 * through these types and the event store.
 */
package dev.chatsessions.api;
