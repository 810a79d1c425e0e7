package dev.sqliterest.server;

import dev.sqliterest.replication.FollowStatus;
import dev.sqliterest.replication.ReplicationStatus;
import dev.sqliterest.replication.client.ReplicaUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document at {@code GET /_console/status} (docs/SECURITY_AND_OPERATIONS.md shows it): {@code
 * {"replication": null}} when replication is off, else the role ({@code primary} or {@code
 * follower}), the replicas' locations, the local and replica TXIDs, the lag in seconds, the last
 * snapshot's time (a primary's), health, and the latest failures.
 */
final class ConsoleStatus {

  private ConsoleStatus() {}

  /** The document of a server that does not replicate. */
  static Map<String, Object> off() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("replication", null);
    return doc;
  }

  /** The document of a follower of {@code replica}. */
  static Map<String, Object> follower(
      FollowStatus s, ReplicaUrl replica, List<RecentFailures.Failure> failures) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("role", "follower");
    r.put("replicas", List.of(replica.location()));
    r.put("localTxid", s.txid());
    r.put("replicaTxid", s.replicaTxid());
    r.put("lagSeconds", s.lag().toMillis() / 1000.0);
    r.put("lastSnapshot", null);
    r.put("healthy", s.healthy());
    r.put("running", true);
    r.put("recentErrors", errors(failures));
    return Map.of("replication", r);
  }

  /** The document of a primary replicating with {@code service}. */
  static Map<String, Object> primary(ReplicationService service) {
    ReplicationStatus s = service.status();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("role", "primary");
    r.put("replicas", service.replicaLocations());
    r.put("localTxid", s.localTxid());
    r.put("replicaTxid", s.replicaTxid());
    r.put("lagSeconds", s.lag().toMillis() / 1000.0);
    r.put("lastSnapshot", s.lastSnapshot() == null ? null : s.lastSnapshot().toString());
    r.put("healthy", s.healthy());
    r.put("running", s.running());
    r.put("recentErrors", errors(service.recentFailures()));
    return Map.of("replication", r);
  }

  private static List<Object> errors(List<RecentFailures.Failure> failures) {
    List<Object> errors = new ArrayList<>();
    for (RecentFailures.Failure f : failures) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("time", f.time().toString());
      e.put("operation", f.operation());
      e.put("message", f.message());
      e.put("consecutive", f.consecutive());
      errors.add(e);
    }
    return errors;
  }
}
