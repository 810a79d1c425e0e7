package dev.sqliterest.rest;

import java.util.OptionalLong;

/**
 * What a committed write learns from replication before it is answered: the TXID that holds it
 * (sent as {@code Replication-Txid}, a read-your-writes token for followers), and, when the write
 * asks for it, the wait until the replicas hold that TXID. The server implements this over its
 * replication; {@link #LOCAL} is a server without replication.
 *
 * <p>A request chooses with {@code Prefer: durability=async|replicated} (echoed in {@code
 * Preference-Applied}); without it, {@link #replicatedByDefault()} decides.
 */
public interface Durability {

  /** No replication: every write is acknowledged on commit, with no TXID. */
  Durability LOCAL =
      new Durability() {
        @Override
        public boolean replicates() {
          return false;
        }

        @Override
        public boolean replicatedByDefault() {
          return false;
        }

        @Override
        public OptionalLong acknowledge(long commit, boolean replicated) {
          return OptionalLong.empty();
        }
      };

  /** Whether writes can wait for replicas at all. */
  boolean replicates();

  /** Whether a write that does not say waits for the replicas (the server's default). */
  boolean replicatedByDefault();

  /**
   * The TXID whose state holds the write committed at commit position {@code commit} ({@code
   * sqlite.Database.commits()} read after the write), once the local sync wrote it; with {@code
   * replicated}, returns only once the replicas hold it. Empty when no TXID is known in time
   * (asynchronous writes are then answered without one).
   *
   * @throws dev.sqliterest.rest.error.ApiException a 504 when {@code replicated} and the replicas
   *     do not hold it in time (the change stays committed locally)
   */
  OptionalLong acknowledge(long commit, boolean replicated);
}
