package dev.sqliterest.rest;

/**
 * The TXID a committed write names ({@code Replication-Txid}, a read-your-writes token for
 * followers) and the wait of a write that asks to be replicated before it is answered: until the
 * replicas hold the TXID that contains it. Asynchronous writes do not wait at all: they name a TXID
 * the local sync promises to write. The server implements this over its replication; {@link #LOCAL}
 * is a server without replication.
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
        public long promiseTxid(long commit) {
          throw new IllegalStateException("a server without replication has no TXIDs");
        }

        @Override
        public long awaitReplicated(long commit) {
          throw new IllegalStateException(
              "a server without replication has no replicas to wait for");
        }
      };

  /** Whether writes can wait for replicas at all. */
  boolean replicates();

  /** Whether a write that does not say waits for the replicas (the server's default). */
  boolean replicatedByDefault();

  /**
   * A TXID whose state holds the write committed at commit position {@code commit} ({@code
   * sqlite.Database.commits()} read after the write), at or after the one that will contain it and
   * certainly written, without waiting: the token of an asynchronous write. Called only when {@link
   * #replicates()}.
   */
  long promiseTxid(long commit);

  /**
   * Waits until the replicas hold the write committed at commit position {@code commit} ({@code
   * sqlite.Database.commits()} read after the write); returns the TXID whose state holds it. Called
   * only when {@link #replicates()}.
   *
   * @throws dev.sqliterest.rest.error.ApiException a 504 when the replicas do not hold it in time
   *     (the change stays committed locally)
   */
  long awaitReplicated(long commit);
}
