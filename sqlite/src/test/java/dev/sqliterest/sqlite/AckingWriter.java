package dev.sqliterest.sqlite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A second process for {@link GroupCommitCrashTest}: {@code threads} writers insert ids into {@code
 * t} through group commit (synchronous=FULL) forever and print {@code ack <id> <commits>} once a
 * write is acknowledged, {@code commits} being how many COMMITs had run by then.
 */
public final class AckingWriter {

  private AckingWriter() {}

  public static void main(String[] args) throws Exception {
    Database db =
        Database.open(
            DatabaseOptions.defaults(Path.of(args[0]))
                .withCreate(true)
                .withSynchronous(DatabaseOptions.Synchronous.FULL));
    AtomicLong commits = new AtomicLong();
    db.addCommitListener(commits::incrementAndGet);
    db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY)"));
    PrintStream out = System.out;
    AtomicLong ids = new AtomicLong();
    int threads = Integer.parseInt(args[1]);
    for (int i = 0; i < threads; i++) {
      Thread.ofPlatform()
          .start(
              () -> {
                while (true) {
                  long id = ids.incrementAndGet();
                  try {
                    db.write(
                        c -> {
                          try (PreparedStatement ps =
                              c.prepareStatement("INSERT INTO t(id) VALUES (?)")) {
                            ps.setLong(1, id);
                            return ps.executeUpdate();
                          }
                        });
                  } catch (Exception e) {
                    out.println("error " + e);
                    return;
                  }
                  synchronized (out) {
                    out.println("ack " + id + " " + commits.get());
                    out.flush();
                  }
                }
              });
    }
  }
}
