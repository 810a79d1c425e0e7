package dev.sqliterest.server;

import dev.sqliterest.replication.ReplicationStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document at {@code GET /_console/status} (docs/SECURITY_AND_OPERATIONS.md shows it): {@code
 * {"replication": null}} when replication is off, else the replica's location, the local and
 * replica TXIDs, the lag in seconds, the last snapshot's time, health, and the latest failures.
 */
final class ConsoleStatus {

  private ConsoleStatus() {}

  /** The document for {@code service}, null when replication is off. */
  static Map<String, Object> document(ReplicationService service) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (service == null) {
      doc.put("replication", null);
      return doc;
    }
    ReplicationStatus s = service.status();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("replicas", List.of(service.replicaLocation()));
    r.put("localTxid", s.localTxid());
    r.put("replicaTxid", s.replicaTxid());
    r.put("lagSeconds", s.lag().toMillis() / 1000.0);
    r.put("lastSnapshot", s.lastSnapshot() == null ? null : s.lastSnapshot().toString());
    r.put("healthy", s.healthy());
    r.put("running", s.running());
    List<Object> errors = new ArrayList<>();
    for (RecentFailures.Failure f : service.recentFailures()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("time", f.time().toString());
      e.put("operation", f.operation());
      e.put("message", f.message());
      e.put("consecutive", f.consecutive());
      errors.add(e);
    }
    r.put("recentErrors", errors);
    doc.put("replication", r);
    return doc;
  }
}
