package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks, among several replicas of one database, the one to restore from: the one whose restore
 * plan for the target reaches the highest TXID. A replica that cannot be read, holds nothing for
 * the target or has a gap in its files is skipped (and logged); a legacy v0.3 plan has no TXID and
 * only wins when no replica has an LTX plan. Ties go to the replica configured first.
 */
public final class NewestReplica {

  private static final Logger LOG = LoggerFactory.getLogger(NewestReplica.class);

  /** The chosen replica (its index in the list given) and what restoring it reads. */
  public record Pick(int index, RestoreChoice choice) {}

  private NewestReplica() {}

  /** The replica with the newest valid state for {@code target}; empty when none has one. */
  public static Optional<Pick> choose(List<ReplicaClient> replicas, RestoreTarget target) {
    Pick best = null;
    for (int i = 0; i < replicas.size(); i++) {
      ReplicaClient client = replicas.get(i);
      RestoreChoice choice;
      try {
        choice = new Restorer(client).plan(target);
      } catch (IOException | RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("replica", client.url())
            .log("replica {} has no usable state to restore: {}", client.url(), e.getMessage());
        continue;
      }
      if (best == null || Long.compareUnsigned(txid(choice) + 1, txid(best.choice()) + 1) > 0) {
        best = new Pick(i, choice);
      }
    }
    return Optional.ofNullable(best);
  }

  /** The TXID a restore reaches; -1 for a legacy plan, which ranks below any LTX plan. */
  static long txid(RestoreChoice choice) {
    return switch (choice) {
      case RestoreChoice.Ltx ltx -> ltx.plan().txid();
      case RestoreChoice.Legacy legacy -> -1;
    };
  }
}
