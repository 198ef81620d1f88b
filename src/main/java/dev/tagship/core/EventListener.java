package dev.tagship.core;

/** Receives the events a capability emits, in order, on the capability's thread. */
@FunctionalInterface
public interface EventListener {

  EventListener IGNORE = event -> {};

  void on(Event event);
}
