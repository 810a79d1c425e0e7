package dev.sqliterest.sqlite;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The only descriptors code outside SQLite holds on a live database and its WAL: opened once,
 * read-only, and closed by {@link Database#close()} only after its last SQLite connection.
 *
 * <p>Why: on Linux (POSIX advisory locks), closing <em>any</em> descriptor of a file drops every
 * lock the process holds on that file, SQLite's included. Another process (the {@code sqlite3} CLI,
 * a second server) then finds no shared lock, believes it is the last connection, checkpoints and
 * deletes the WAL under our open connections: later commits land in an unlinked file. So no code
 * may open and close its own descriptor of these files; it reads through these instead. The {@code
 * -shm} file is never read outside SQLite.
 *
 * <p>{@link RandomAccessFile} rather than {@code FileChannel}: an interrupt during a channel read
 * closes the channel (and with it the descriptor); a {@code RandomAccessFile} read is not
 * interruptible. Reads are serialised (seek, then read) by the file's monitor.
 */
public final class LiveFiles {

  private final LiveFile database;
  private final LiveFile wal;

  LiveFiles(Path databasePath, Path walPath) throws IOException {
    this(LiveFile.open(databasePath, "r"), walPath);
  }

  private LiveFiles(LiveFile database, Path walPath) {
    this.database = database;
    this.wal = new LiveFile(walPath, "r");
  }

  /**
   * A follower's files: the database is opened read-write, for {@link Database#updatePages} only
   * (the same rule holds: this descriptor is closed only after the last SQLite connection).
   */
  static LiveFiles writable(Path databasePath, Path walPath) throws IOException {
    return new LiveFiles(LiveFile.open(databasePath, "rw"), walPath);
  }

  /** The database file. */
  public ReadableFile database() {
    return database;
  }

  /**
   * The WAL file. It is opened on first use (a WAL exists once SQLite has read the database in WAL
   * mode); reads throw {@link NoSuchFileException} while there is none.
   */
  public ReadableFile wal() {
    return wal;
  }

  /** The database file for writing; only {@link Database#updatePages} hands it out. */
  WritableFile writableDatabase() {
    return database;
  }

  /** Called by {@link Database} once every SQLite connection to the file is closed. */
  void closeAfterLastConnection() throws IOException {
    try {
      database.close();
    } finally {
      wal.close();
    }
  }

  private static final class LiveFile implements WritableFile {
    private final Path path;
    private final String mode;
    private RandomAccessFile file;
    private boolean closed;

    private LiveFile(Path path, String mode) {
      this.path = path;
      this.mode = mode;
    }

    static LiveFile open(Path path, String mode) throws IOException {
      LiveFile f = new LiveFile(path, mode);
      f.file();
      return f;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public synchronized long size() throws IOException {
      return file().length();
    }

    @Override
    public synchronized int read(byte[] dst, int off, int len, long position) throws IOException {
      RandomAccessFile f = file();
      if (position >= f.length()) {
        return -1;
      }
      f.seek(position);
      return f.read(dst, off, len);
    }

    @Override
    public synchronized void write(byte[] src, int off, int len, long position) throws IOException {
      RandomAccessFile f = file();
      f.seek(position);
      f.write(src, off, len);
    }

    @Override
    public synchronized void setSize(long size) throws IOException {
      file().setLength(size);
    }

    @Override
    public synchronized void force() throws IOException {
      file().getFD().sync();
    }

    private RandomAccessFile file() throws IOException {
      if (closed) {
        throw new IOException(path + " is closed: its database was closed");
      }
      if (file == null) {
        if (!Files.exists(path)) {
          throw new NoSuchFileException(path.toString());
        }
        try {
          file = new RandomAccessFile(path.toFile(), mode);
        } catch (FileNotFoundException e) {
          throw (NoSuchFileException)
              new NoSuchFileException(path.toString(), null, e.getMessage()).initCause(e);
        }
      }
      return file;
    }

    synchronized void close() throws IOException {
      closed = true;
      if (file != null) {
        file.close();
      }
    }
  }
}
