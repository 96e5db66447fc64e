package io.grapevine.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One writer per output location: a run holds the lease file {@code _grapevine/lease.json} (who,
 * which run and command, since when, last heartbeat) while it writes. A second run finds it and is
 * refused with one line naming the holder, or waits for it ({@code --wait}). The holder rewrites its
 * heartbeat every quarter of the time to live; a lease whose heartbeat is older than that (its run
 * was killed) is taken over: renamed aside (only one taker can), then created afresh. Before every
 * commit the holder checks that the lease is still its own. Creation is exclusive where the file
 * system's is (local, HDFS); on object stores Delta's own conflict detection is the second guard.
 */
public final class Lease implements AutoCloseable {
  /** What the lease file holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Holder {
    public String owner;
    public String runId;
    public String command;
    public String startedAt;
    public String heartbeatAt;
  }

  private final Storage storage;
  private final String path;
  private final Holder self;
  private final Duration ttl;
  private final Thread heartbeat;
  private volatile String lost;

  private Lease(Storage storage, Holder self, Duration ttl) {
    this.storage = storage;
    this.path = storage.layout().lease();
    this.self = self;
    this.ttl = ttl;
    this.heartbeat = new Thread(this::beat, "grapevine-lease-heartbeat");
    this.heartbeat.setDaemon(true);
  }

  /**
   * Takes the lease of the output location, or fails with one line naming its holder; with
   * {@code wait}, waits until it is free, telling {@code waiting} once whom it waits for.
   */
  public static Lease acquire(Storage storage, String runId, String command, Duration ttl, boolean wait,
      Consumer<String> waiting) {
    Holder self = new Holder();
    self.owner = owner();
    self.runId = runId;
    self.command = command;
    self.startedAt = Instant.now().toString();
    Lease lease = new Lease(storage, self, ttl);
    boolean told = false;
    while (true) {
      self.heartbeatAt = Instant.now().toString();
      if (storage.createExclusive(lease.path, json(self))) {
        lease.heartbeat.start();
        return lease;
      }
      Holder holder = lease.read();
      if (holder == null) {
        sleep(200);  // being replaced or released right now
        continue;
      }
      Duration silent = silence(holder);
      if (silent.compareTo(ttl) > 0) {
        // The holder stopped beating: its run is gone. Only one taker's rename succeeds.
        String aside = lease.path + ".stale-" + UUID.randomUUID();
        if (storage.rename(lease.path, aside)) {
          storage.delete(aside);
        }
        continue;
      }
      if (!wait) {
        throw new UserInputException(String.format(
            "Output %s is being written by run %s (%s, %s, since %s, heartbeat %ds ago): one writer at "
                + "a time; try again when it has finished, or pass --wait to queue behind it",
            storage.layout().root(), holder.runId, holder.command, holder.owner, holder.startedAt,
            silent.toSeconds()));
      }
      if (!told && waiting != null) {
        waiting.accept(String.format("waiting for run %s (%s, %s) to release %s", holder.runId,
            holder.command, holder.owner, storage.layout().root()));
        told = true;
      }
      sleep(Math.min(2000, Math.max(200, ttl.toMillis() / 8)));
    }
  }

  private static Duration silence(Holder holder) {
    try {
      return Duration.between(Instant.parse(holder.heartbeatAt), Instant.now());
    } catch (RuntimeException e) {
      return Duration.ofDays(365);
    }
  }

  /** Fails when another run has taken the lease over (this run's heartbeat stopped for too long). */
  public void assertHeld() {
    if (lost != null) {
      throw new UserInputException("This run lost its lease on " + storage.layout().root() + ": " + lost
          + "; nothing more is written");
    }
  }

  public Holder holder() {
    return self;
  }

  private void beat() {
    long every = Math.max(250, ttl.toMillis() / 4);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      Holder now = read();
      if (now == null || !self.runId.equals(now.runId)) {
        lost = now == null ? "its lease file disappeared"
            : "run " + now.runId + " (" + now.owner + ") took it over";
        return;
      }
      self.heartbeatAt = Instant.now().toString();
      try {
        storage.writeText(path, json(self));
      } catch (RuntimeException e) {
        // A missed beat is retried at the next one; the time to live allows for three.
      }
    }
  }

  private Holder read() {
    String text = storage.readTextIfExists(path);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return StageRun.JSON.readValue(text, Holder.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Stops the heartbeat and removes the lease file if it is still this run's. */
  @Override
  public void close() {
    heartbeat.interrupt();
    try {
      heartbeat.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Holder now = read();
    if (now != null && self.runId.equals(now.runId)) {
      storage.delete(path);
    }
  }

  private static String json(Holder h) {
    try {
      return StageRun.JSON.writeValueAsString(h);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String owner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host + " pid "
        + ManagementFactory.getRuntimeMXBean().getPid();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lease", e);
    }
  }
}
