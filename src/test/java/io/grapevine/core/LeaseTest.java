package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output location: the lease refuses, waits, expires and notices a takeover. */
class LeaseTest {
  @TempDir
  Path dir;

  private Storage storage() {
    return new Storage(new Layout(dir.toString()), new Configuration());
  }

  @Test
  void aSecondRunIsRefusedWithOneLineNamingTheHolderUntilTheFirstReleases() {
    Storage storage = storage();
    try (Lease first = Lease.acquire(storage, "run-a", "grapevine run-all", Duration.ofSeconds(30), false, null)) {
      assertThat(dir.resolve("_grapevine/lease.json")).content().contains("run-a", "grapevine run-all", "pid");
      assertThatThrownBy(() -> Lease.acquire(storage, "run-b", "grapevine ingest", Duration.ofSeconds(30), false, null))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("is being written by run run-a (grapevine run-all")
          .hasMessageContaining("--wait")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      first.assertHeld();
    }
    assertThat(dir.resolve("_grapevine/lease.json")).doesNotExist();
    try (Lease second = Lease.acquire(storage, "run-b", "grapevine ingest", Duration.ofSeconds(30), false, null)) {
      assertThat(second.holder().runId).isEqualTo("run-b");
    }
  }

  @Test
  void aKilledRunsLeaseExpiresAndIsTakenOver() throws Exception {
    // What a killed run leaves: its lease, last renewed two minutes ago.
    Files.createDirectories(dir.resolve("_grapevine"));
    Files.writeString(dir.resolve("_grapevine/lease.json"), "{\"owner\":\"x@y pid 1\",\"run_id\":\"killed\","
        + "\"command\":\"grapevine ingest\",\"started_at\":\"2026-01-01T00:00:00Z\",\"heartbeat_at\":\""
        + Instant.now().minusSeconds(120) + "\"}");
    try (Lease lease = Lease.acquire(storage(), "next", "grapevine ingest", Duration.ofSeconds(60), false, null)) {
      assertThat(dir.resolve("_grapevine/lease.json")).content().contains("\"next\"").doesNotContain("killed");
    }
    // Renewed ten seconds ago: alive, so refused.
    Files.writeString(dir.resolve("_grapevine/lease.json"), "{\"run_id\":\"alive\",\"command\":\"c\",\"owner\":\"o\","
        + "\"started_at\":\"2026-01-01T00:00:00Z\",\"heartbeat_at\":\"" + Instant.now().minusSeconds(10) + "\"}");
    assertThatThrownBy(() -> Lease.acquire(storage(), "next", "c", Duration.ofSeconds(60), false, null))
        .hasMessageContaining("run alive");
  }

  @Test
  void withWaitTheSecondRunQueuesBehindTheFirst() throws Exception {
    Storage storage = storage();
    Lease first = Lease.acquire(storage, "run-a", "grapevine metrics", Duration.ofSeconds(30), false, null);
    List<String> told = new ArrayList<>();
    CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
      try (Lease l = Lease.acquire(storage, "run-b", "grapevine metrics", Duration.ofSeconds(30), true, told::add)) {
        return l.holder().runId;
      }
    });
    Thread.sleep(1500);
    assertThat(second).isNotDone();
    first.close();
    assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("run-b");
    assertThat(told).singleElement().asString().contains("waiting for run run-a");
  }

  @Test
  void aRunWhoseLeaseWasTakenOverStopsBeforeItsNextCommit() throws Exception {
    Storage storage = storage();
    try (Lease lease = Lease.acquire(storage, "slow", "grapevine enrich", Duration.ofSeconds(5), false, null)) {
      // Another run judged this one dead and took the lease.
      storage.writeText(storage.layout().lease(), "{\"run_id\":\"other\",\"owner\":\"o\",\"command\":\"c\","
          + "\"started_at\":\"x\",\"heartbeat_at\":\"" + Instant.now() + "\"}");
      Thread.sleep(2500);
      assertThatThrownBy(lease::assertHeld).isInstanceOf(UserInputException.class)
          .hasMessageContaining("lost its lease").hasMessageContaining("run other");
    }
    assertThat(dir.resolve("_grapevine/lease.json")).content().contains("other");
  }
}
