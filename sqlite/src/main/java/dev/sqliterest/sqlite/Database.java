package dev.sqliterest.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open SQLite database in WAL mode: one dedicated platform writer thread owning the only
 * read-write connection, and a small pool of read-only connections.
 *
 * <p>Writes run on the writer thread inside {@code BEGIN IMMEDIATE … COMMIT}, so callers on virtual
 * threads never wait inside SQLite's busy handler (which would pin their carrier thread). Writes
 * that wait for the writer at the same time are committed together (group commit, see {@link
 * Committer}): one COMMIT for the batch instead of one per write (one fsync under FULL). Commit
 * listeners run on the writer thread right after each commit.
 *
 * <p>Code outside SQLite reads the database file and its WAL only through {@link #files()}, whose
 * descriptors stay open until every connection (pool, writer, read fences) is closed: see {@link
 * LiveFiles} for why.
 *
 * <p>A follower's database ({@link #openFollower}) is fed by a replica instead of by writes: it is
 * in rollback-journal mode, the API cannot write it, and {@link #updatePages} changes its pages
 * under its readers ({@link FollowerPages}).
 */
public final class Database implements AutoCloseable {

  /** Most writes in one group commit: bounds the latency a batch adds to its first write. */
  private static final int MAX_BATCH = 256;

  private final DatabaseOptions options;
  private final BlockingQueue<Connection> readers;

  /** Readers {@link #lendReader} may hand out at once: all but one. */
  private final Semaphore lendable;

  private final List<Connection> allReaders = new ArrayList<>();
  private final Connection writerConnection;

  /** {@link PendingWrite}s and {@link Runnable}s (work outside a transaction), in arrival order. */
  private final LinkedBlockingQueue<Object> writeQueue = new LinkedBlockingQueue<>();

  private final Committer committer;
  private final Thread writerThread;
  private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
  private final List<ReadFence> openFences = new CopyOnWriteArrayList<>();
  private final LiveFiles files;
  private volatile long commits;
  private final FollowerPages follower;
  private volatile boolean closed;

  private Database(DatabaseOptions options, boolean following) throws SQLException {
    this.options = options;
    this.writerConnection = openConnection(options.readOnly(), following);
    this.readers = new ArrayBlockingQueue<>(options.readers());
    this.lendable = new Semaphore(Math.max(1, options.readers() - 1));
    try {
      for (int i = 0; i < options.readers(); i++) {
        Connection reader = openConnection(true, following);
        allReaders.add(reader);
        readers.add(reader);
      }
      // after the connections: the writer's journal_mode=WAL has created the file and its WAL
      Path path = options.path().toAbsolutePath();
      this.files = following ? LiveFiles.writable(path, walPath()) : new LiveFiles(path, walPath());
      this.follower = following ? new FollowerPages(files.writableDatabase()) : null;
    } catch (SQLException | IOException | RuntimeException e) {
      SQLException failure =
          e instanceof SQLException sql
              ? sql
              : new SQLException("open " + options.path() + ": " + e.getMessage(), e);
      closeConnections(failure);
      throw failure;
    }
    this.committer = new Committer(writerConnection, this::afterCommit);
    this.writerThread =
        Thread.ofPlatform().name("sqlite-writer").daemon(true).unstarted(this::writerLoop);
    writerThread.start();
  }

  /** Opens (and with {@code create}, creates) the database described by {@code options}. */
  public static Database open(DatabaseOptions options) throws SQLException {
    Path path = options.path();
    if (!options.create() && !Files.exists(path)) {
      throw new SQLException(
          "database file "
              + path
              + " does not exist (create it, or pass --db-create to start an empty one)");
    }
    return new Database(options, false);
  }

  /**
   * Opens an existing database as a follower's: switched to rollback-journal mode, read-only to
   * {@link #write} and its kind, changed only through {@link #updatePages}.
   */
  public static Database openFollower(DatabaseOptions options) throws SQLException {
    if (options.readOnly()) {
      throw new SQLException(
          "database "
              + options.path()
              + " is opened read-only, but a follower writes the"
              + " replica's changes into it (drop mode=ro)");
    }
    if (!Files.exists(options.path())) {
      throw new SQLException("database file " + options.path() + " does not exist");
    }
    return new Database(options.withCreate(false), true);
  }

  /** Whether this is a follower's database ({@link #openFollower}). */
  public boolean isFollower() {
    return follower != null;
  }

  public DatabaseOptions options() {
    return options;
  }

  public Path path() {
    return options.path();
  }

  /**
   * Runs {@code work} on a pooled read-only connection (autocommit; one statement = one snapshot).
   */
  public <T> T read(SqlWork<T> work) throws SQLException {
    try (ReadLease lease = new ReadLease(takeReader(), false)) {
      return follower == null
          ? work.run(lease.connection())
          : follower.read(work, lease.connection());
    }
  }

  /**
   * Lends a pooled read-only connection until the lease is closed, for a read that outlives the
   * call that started it (a response streamed to a slow client holds it for the whole transfer). At
   * most all readers but one are lent at a time, so {@link #read} always finds one within a
   * statement's time however many slow clients hold leases; further borrowers wait. Closing rolls
   * back a transaction the borrower left open and returns the connection.
   *
   * <p>Not on a follower's database: a lease outlives {@link #updatePages}' lock, and a slow client
   * holding one would hold back the replica's changes and every read queued behind them.
   */
  public ReadLease lendReader() throws SQLException {
    requireOpen();
    if (follower != null) {
      throw new SQLException(
          "database " + options.path() + " is a follower's: it does not lend reader connections");
    }
    try {
      lendable.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a reader connection", e);
    }
    try {
      return new ReadLease(takeReader(), true);
    } catch (SQLException | RuntimeException e) {
      lendable.release();
      throw e;
    }
  }

  private Connection takeReader() throws SQLException {
    requireOpen();
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a reader connection", e);
    }
  }

  /** A pooled reader connection, returned to the pool by {@link #close()} (idempotent). */
  public final class ReadLease implements AutoCloseable {

    private final Connection connection;
    private final boolean lent;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReadLease(Connection connection, boolean lent) {
      this.connection = connection;
      this.lent = lent;
    }

    public Connection connection() {
      return connection;
    }

    @Override
    public void close() throws SQLException {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        if (!connection.getAutoCommit()) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
      } finally {
        readers.add(connection);
        if (lent) {
          lendable.release();
        }
      }
    }
  }

  /**
   * Runs {@code work} on the writer thread inside one {@code BEGIN IMMEDIATE} transaction, commits
   * when it returns and rolls back when it throws; returns (or throws) only once that is final.
   *
   * <p>With group commit ({@link DatabaseOptions#groupsCommits()}) the transaction may be a
   * savepoint inside a transaction shared with other writes, and if that shared transaction fails
   * to commit {@code work} runs again in a transaction of its own. So {@code work} must not act
   * outside its connection, nor manage transactions or constraint checking ({@code PRAGMA
   * defer_foreign_keys}) itself.
   */
  public <T> T write(SqlWork<T> work) throws SQLException {
    return write(StatementJournal.FILE, work);
  }

  /**
   * {@link #write(SqlWork)}, keeping the write's statement journal where {@code journal} says (a
   * batch of writes keeps it in memory only when every one of them allows it).
   */
  public <T> T write(StatementJournal journal, SqlWork<T> work) throws SQLException {
    requireOpen();
    requireWritable();
    PendingWrite<T> pending = new PendingWrite<>(journal, work);
    if (Thread.currentThread() == writerThread) {
      committer.alone(pending);
    } else {
      writeQueue.add(pending);
    }
    return await(pending.answered());
  }

  /**
   * The commit position: how many transactions {@link #write} has committed since this database was
   * opened. It counts up right after each {@code COMMIT}, before the commit listeners run, so a
   * value read after {@code write} returned is at or after that write's own commit. The replicator
   * maps it to the TXID that holds the commit (see the replication {@code Store}).
   */
  public long commits() {
    return commits;
  }

  /**
   * Runs {@code work} on the writer connection outside any transaction the database opened, e.g. a
   * checkpoint or a migration that manages its own transaction.
   */
  public <T> T withWriter(SqlWork<T> work) throws SQLException {
    requireWritable();
    return submit(work);
  }

  /**
   * Follower only: runs {@code update} on the database file while no read runs here and no other
   * process holds a lock on it, then makes every connection (here and elsewhere) see the new pages
   * at its next read. Readers see the file before or after the update, never in between. If {@code
   * update} fails, reads fail until a later update succeeds.
   */
  public <T> T updatePages(PageUpdate<T> update) throws SQLException, IOException {
    if (follower == null) {
      throw new SQLException("database " + options.path() + " is not a follower's");
    }
    requireOpen();
    return follower.update(writerConnection, update);
  }

  /** Follower only: flushes the database file to the disk (fsync). */
  public void force() throws IOException, SQLException {
    if (follower == null) {
      throw new SQLException("database " + options.path() + " is not a follower's");
    }
    files.writableDatabase().force();
  }

  /**
   * Read-only access to the database file and its WAL for code outside SQLite (the replicator).
   * Never open a descriptor of these files yourself: closing it would drop SQLite's locks.
   */
  public LiveFiles files() {
    return files;
  }

  /**
   * The WAL file of this database: the database path with {@code -wal} appended (read via {@link
   * #files()}).
   */
  public Path walPath() {
    Path path = options.path().toAbsolutePath();
    return path.resolveSibling(path.getFileName() + "-wal");
  }

  /**
   * Opens a {@link ReadFence}: a dedicated read-write connection (automatic checkpoints off) for a
   * replicator to hold read transactions and run checkpoints on. The caller closes it.
   */
  public ReadFence openReadFence() throws SQLException {
    requireOpen();
    requireWritable();
    if (options.readOnly()) {
      throw new SQLException(
          "database " + options.path() + " is open read-only: cannot replicate it");
    }
    Connection connection = openConnection(false, false);
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint=0");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    ReadFence fence = new ReadFence(connection, openFences::remove);
    openFences.add(fence);
    return fence;
  }

  /**
   * Registers a listener called on the writer thread after every commit made through {@link
   * #write}.
   */
  public void addCommitListener(Runnable listener) {
    commitListeners.add(listener);
  }

  private <T> T submit(SqlWork<T> work) throws SQLException {
    requireOpen();
    if (Thread.currentThread() == writerThread) {
      return work.run(writerConnection);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    writeQueue.add(
        (Runnable)
            () -> {
              try {
                result.complete(work.run(writerConnection));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return await(result);
  }

  private static <T> T await(CompletableFuture<T> result) throws SQLException {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the writer", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SQLException(cause);
    }
  }

  /** How many tasks wait for the writer thread (tests use it to line up a batch). */
  int queued() {
    return writeQueue.size();
  }

  private void afterCommit() {
    commits++; // only the writer thread writes it, once per committed transaction
    for (Runnable listener : commitListeners) {
      listener.run();
    }
  }

  private void writerLoop() {
    while (!closed || !writeQueue.isEmpty()) {
      try {
        Object task = writeQueue.poll(100, TimeUnit.MILLISECONDS);
        if (task instanceof PendingWrite<?> write) {
          if (options.groupsCommits()) {
            committer.commit(batchStartingWith(write));
          } else {
            committer.alone(write);
          }
        } else if (task instanceof Runnable runnable) {
          runnable.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * {@code first} and the writes queued right behind it (only this thread takes from the queue).
   */
  private List<PendingWrite<?>> batchStartingWith(PendingWrite<?> first) {
    List<PendingWrite<?>> batch = new ArrayList<>();
    batch.add(first);
    while (batch.size() < MAX_BATCH && writeQueue.peek() instanceof PendingWrite<?> next) {
      writeQueue.poll();
      batch.add(next);
    }
    return batch;
  }

  private Connection openConnection(boolean readOnly, boolean following) throws SQLException {
    Properties props = new Properties();
    props.setProperty(
        "open_mode", String.valueOf(readOnly ? 0x01 : (0x02 | (options.create() ? 0x04 : 0))));
    props.setProperty("busy_timeout", String.valueOf(options.busyTimeout().toMillis()));
    Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + options.path().toAbsolutePath(), props);
    try (Statement st = connection.createStatement()) {
      if (following && !readOnly) {
        st.execute("PRAGMA journal_mode=DELETE");
      } else if (!readOnly) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=" + options.synchronous().name());
        st.execute("PRAGMA foreign_keys=ON");
      }
      if (!options.autocheckpoint()) {
        st.execute("PRAGMA wal_autocheckpoint=0");
      }
    }
    RegexpFunction.register(connection);
    return connection;
  }

  private void requireWritable() throws SQLException {
    if (follower != null) {
      throw new SQLException(
          "database " + options.path() + " is a follower's: it changes only with the replica");
    }
  }

  private void requireOpen() throws SQLException {
    if (closed) {
      throw new SQLException("database " + options.path() + " is closed");
    }
  }

  /**
   * Finishes queued writes, then closes every connection (read fences still open included) and,
   * only after the last one, the {@link #files()} descriptors. Idempotent.
   */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SQLException failure = new SQLException("close " + options.path());
    for (ReadFence fence : openFences) {
      try {
        fence.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
    closeConnections(failure);
    try {
      files.closeAfterLastConnection();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private void closeConnections(SQLException failure) {
    for (Connection c : allReaders) {
      try {
        c.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
    try {
      writerConnection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
