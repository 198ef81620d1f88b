package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watch. The events come from fabric8's CRUD dispatcher, which writes them to a websocket; this
 * is that websocket, and it passes each event on to the real transport (a websocket for fabric8, a
 * streamed response of JSON lines for client-go) the way kube-apiserver would send it: only objects
 * the selectors match, ADDED and DELETED as objects start or stop matching, nothing the client has
 * seen already at the resource version it asked to start from, and as a Table for kubectl when it
 * asked for one. A client that asks for the initial events as a stream ({@code
 * sendInitialEvents=true}, client-go's watch-list, which Helm's hook wait uses) gets, after them,
 * the BOOKMARK that marks their end; without it client-go waits for it until its timeout.
 */
final class WatchSession implements WebSocket {

  private final MockResponse upgrade;
  private final WebSocketListener events;
  private final Predicate<JsonNode> filter;
  private final long sinceResourceVersion;
  private final String tableOf;
  private final ObjectMapper json;
  private final String initialEventsEnd;
  private final Lock writes;
  private final Set<String> known = new HashSet<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private Consumer<String> sink;
  private Runnable endTransport;
  private Runnable onEnd;

  /**
   * @param upgrade the CRUD dispatcher's answer to the watch: a websocket upgrade to its listener
   * @param sinceResourceVersion the resource version the client starts from; 0 for all objects
   * @param tableOf the kind to send Tables of, or null for the objects themselves
   * @param initialEventsEnd the BOOKMARK event to send after the initial events, or null
   * @param writes the store's write lock, held by every write while it sends its events
   */
  WatchSession(
      MockResponse upgrade,
      Predicate<JsonNode> filter,
      long sinceResourceVersion,
      String tableOf,
      ObjectMapper json,
      String initialEventsEnd,
      Lock writes) {
    this.upgrade = upgrade;
    this.events = upgrade.getWebSocketListener();
    this.filter = filter;
    this.sinceResourceVersion = sinceResourceVersion;
    this.tableOf = tableOf;
    this.json = json;
    this.initialEventsEnd = initialEventsEnd;
    this.writes = writes;
  }

  /** Starts the flow of events into {@code sink}; {@code onEnd} runs once, when it stops. */
  synchronized void open(Consumer<String> sink, Runnable endTransport, Runnable onEnd) {
    this.sink = sink;
    this.endTransport = endTransport;
    this.onEnd = onEnd;
    if (ended.get()) {
      endTransport.run();
      onEnd.run();
      return;
    }
    try {
      // the dispatcher sends an ADDED event per stored object before onOpen returns
      events.onOpen(this, upgrade);
    } catch (RejectedExecutionException e) {
      // Ended while opening: the listener's executor is shut down already; nothing to send.
      return;
    }
    if (initialEventsEnd != null && !ended.get()) {
      sink.accept(initialEventsEnd);
    }
  }

  /** Ends the watch, from either side, opened or not; the dispatcher forgets its listener. */
  void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    // fabric8's listener shuts its executor down before the dispatcher forgets it: a write sending
    // its event in between got a RejectedExecutionException and failed with a 500 (kube-apiserver
    // never fails a write because a watcher left). Ending between writes closes that window.
    writes.lock();
    try {
      events.onClosed(this, 1000, "watch ended");
    } finally {
      writes.unlock();
    }
    synchronized (this) {
      if (endTransport != null) {
        endTransport.run();
        onEnd.run();
      }
    }
  }

  @Override
  public RecordedRequest request() {
    return null;
  }

  @Override
  public boolean send(String text) {
    if (ended.get()) {
      return false;
    }
    JsonNode event;
    try {
      event = json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("the store sent an event that is not JSON: " + text, e);
    }
    JsonNode object = event.path("object");
    String type = outgoingType(event.path("type").asText(), object);
    if (type != null) {
      ObjectNode line = json.createObjectNode();
      line.put("type", type);
      line.set(
          "object",
          tableOf == null
              ? object
              : Tables.of(
                  tableOf,
                  List.of(object),
                  object.path("metadata").path("resourceVersion").asText()));
      sink.accept(line.toString());
    }
    return true;
  }

  /** The event type the client gets for this store event, or null when it gets none. */
  private String outgoingType(String type, JsonNode object) {
    String key =
        object.path("metadata").path("namespace").asText("")
            + "/"
            + object.path("metadata").path("name").asText();
    boolean matches = filter.test(object);
    synchronized (known) {
      if (type.equals("DELETED")) {
        return known.remove(key) || matches ? "DELETED" : null;
      }
      if (!matches) {
        return known.remove(key) ? "DELETED" : null;
      }
      boolean wasKnown = !known.add(key);
      long version = object.path("metadata").path("resourceVersion").asLong(0);
      if (type.equals("ADDED") && sinceResourceVersion > 0 && version <= sinceResourceVersion) {
        // The dispatcher opens every watch with an ADDED event per object; a client that
        // listed first and watches from that list's resource version already has them.
        return null;
      }
      return wasKnown ? "MODIFIED" : "ADDED";
    }
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public boolean close(int code, String reason) {
    end();
    return true;
  }
}
