package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Restore throughput of a large database from a file replica, ours against the official {@code
 * litestream restore} (v0.5.17) on the same replica in the same run.
 *
 * <p>The replica is an L9 snapshot (block-encoded pages, as v0.5.17 writes them) plus three L0
 * files of updates. Each round restores it with: the official CLI (a process), our {@link Restorer}
 * in this JVM, and our CLI jar as a process (JVM start included; also with C1 only, as a launcher
 * may run one-shot commands) when it was built — without and with {@code integrity_check}. Outputs
 * the median wall time and MB/s (database bytes / s) as a Markdown table.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sqliterest.bench.RestoreReport [WORKDIR [SIZE_MIB [ROUNDS]]]} (defaults {@code
 * target/restore-bench}, 256, 3); needs {@code .interop/bin/litestream} (interop/install.sh).
 */
public final class RestoreReport {

  private static final int PAGE_SIZE = 4096;

  private RestoreReport() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/restore-bench").toAbsolutePath();
    int sizeMib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path repo = repoRoot();
    Path litestream = repo.resolve(".interop/bin/litestream");
    if (!Files.isExecutable(litestream)) {
      throw new IllegalStateException(
          "official litestream missing at " + litestream + ": run interop/install.sh");
    }
    Path jar = repo.resolve("server/target/sqlite-rest.jar");
    Files.createDirectories(work);
    Path replica = work.resolve("replica");
    Path expected = work.resolve("expected.db");
    if (!Files.exists(expected)) {
      buildReplica(work, replica, expected, sizeMib);
    }
    long dbBytes = Files.size(expected);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String url = "file://" + replica;

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (boolean check : new boolean[] {false, true}) {
        String mode = check ? "integrity_check" : "no check";
        time(
            seconds,
            "official litestream restore (" + mode + ")",
            work,
            expected,
            out ->
                run(restore(List.of(litestream.toString()), "-integrity-check", check, out, url)));
        time(
            seconds,
            "ours, in-process Restorer (" + mode + ")",
            work,
            expected,
            out -> {
              try (ReplicaClient c = new FileReplicaClient(replica)) {
                new Restorer(c)
                    .restore(
                        RestoreTarget.latest(),
                        out,
                        check ? IntegrityCheck.FULL : IntegrityCheck.NONE,
                        RestoreProgress.NONE);
              }
            });
        if (Files.exists(jar)) {
          List<String> cli = List.of(java.toString(), "--enable-native-access=ALL-UNNAMED");
          List<String> jarArgs = List.of("-jar", jar.toString());
          time(
              seconds,
              "ours, sqlite-rest restore CLI (" + mode + ")",
              work,
              expected,
              out -> run(restore(concat(cli, jarArgs), "--integrity-check", check, out, url)));
          // one-shot command: C1 only, so C2 compiler threads do not compete with the restore
          List<String> c1 = concat(cli, List.of("-XX:TieredStopAtLevel=1"));
          time(
              seconds,
              "ours, CLI with -XX:TieredStopAtLevel=1 (" + mode + ")",
              work,
              expected,
              out -> run(restore(concat(c1, jarArgs), "--integrity-check", check, out, url)));
        }
      }
    }
    print(
        seconds,
        dbBytes,
        Files.size(replica.resolve("ltx/9").toFile().listFiles()[0].toPath()),
        rounds);
  }

  @FunctionalInterface
  private interface Restore {
    void into(Path out) throws Exception;
  }

  private static void time(
      Map<String, List<Double>> seconds, String name, Path work, Path expected, Restore r)
      throws Exception {
    Path out = work.resolve("out.db");
    Files.deleteIfExists(out);
    long t0 = System.nanoTime();
    r.into(out);
    double s = (System.nanoTime() - t0) / 1e9;
    if (Files.mismatch(out, expected) != -1) {
      throw new IllegalStateException(name + " restored a database that differs from the source");
    }
    Files.delete(out);
    seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    System.err.printf("%-55s %.2f s%n", name, s);
  }

  private static void print(
      Map<String, List<Double>> seconds, long dbBytes, long snapshotBytes, int rounds) {
    System.out.printf(
        "Database %.1f MiB (%d pages of %d B), L9 snapshot %.1f MiB + 3 L0 files; median of %d"
            + " rounds%n%n",
        dbBytes / 1048576.0, dbBytes / PAGE_SIZE, PAGE_SIZE, snapshotBytes / 1048576.0, rounds);
    System.out.println("| restore | median time | MB/s | vs official (same check) |");
    System.out.println("|---|---|---|---|");
    for (var e : seconds.entrySet()) {
      double med = median(e.getValue());
      String check = e.getKey().substring(e.getKey().indexOf('('));
      double official = median(seconds.get("official litestream restore " + check));
      System.out.printf(
          "| %s | %.2f s | %.0f | %.2f× |%n", e.getKey(), med, dbBytes / 1e6 / med, official / med);
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  private static void run(List<String> cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd);
    }
  }

  /** {@code tool... restore <checkFlag> full|none -o out url}. */
  private static List<String> restore(
      List<String> tool, String checkFlag, boolean check, Path out, String url) {
    List<String> command = new java.util.ArrayList<>(tool);
    command.addAll(
        List.of("restore", checkFlag, check ? "full" : "none", "-o", out.toString(), url));
    return command;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from inside the repository");
    }
    return dir;
  }

  /** Fills a database to {@code sizeMib}, snapshots it to L9, then writes three L0 update files. */
  private static void buildReplica(Path work, Path replica, Path expected, int sizeMib)
      throws Exception {
    Path db = work.resolve("source.db");
    Files.deleteIfExists(db);
    Random rnd = new Random(1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size=" + PAGE_SIZE);
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
      s.execute("CREATE INDEX t_name ON t(name)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(name, body) VALUES (?, ?)")) {
        long target = (long) sizeMib << 20;
        for (int i = 0; Files.size(db) < target; i++) {
          ps.setString(1, "name-" + rnd.nextInt(1_000_000));
          ps.setBytes(2, body(rnd, 900));
          ps.addBatch();
          if (i % 10_000 == 9_999) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      c.setAutoCommit(true);
      Path prev = work.resolve("prev.db");
      Files.copy(db, prev, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (ReplicaClient client = new FileReplicaClient(replica)) {
        client.deleteAll();
        writeLtx(client, 9, 1, 1, db, null);
        for (long txid = 2; txid <= 4; txid++) {
          s.execute("UPDATE t SET name = name || 'u' WHERE id % 997 = " + txid);
          writeLtx(client, 0, txid, txid, db, prev);
          Files.copy(db, prev, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.delete(prev);
    }
    Files.move(db, expected);
  }

  /** Half random, half repeated bytes: compresses roughly 2:1, like typical row data. */
  private static byte[] body(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    Arrays.fill(b, n / 2, n, (byte) 'a');
    return b;
  }

  private static void writeLtx(
      ReplicaClient client, int level, long min, long max, Path db, Path prev) throws IOException {
    int commit = (int) (Files.size(db) / PAGE_SIZE);
    int prevCommit = prev == null ? 0 : (int) (Files.size(prev) / PAGE_SIZE);
    Path tmp = Files.createTempFile("bench", ".ltx");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
        RandomAccessFile cur = new RandomAccessFile(db.toFile(), "r");
        RandomAccessFile old = prev == null ? null : new RandomAccessFile(prev.toFile(), "r")) {
      LtxHeader h = LtxHeader.of(PAGE_SIZE, commit, min, max, System.currentTimeMillis());
      if (level == 0) {
        h = h.withWal(32, 0, 0, 0);
      }
      LtxEncoder enc = LtxEncoder.create(out, h, LtxEncoder.Options.block());
      byte[] page = new byte[PAGE_SIZE];
      byte[] before = new byte[PAGE_SIZE];
      int lock = LtxHeader.lockPgno(PAGE_SIZE);
      for (int pgno = 1; pgno <= commit; pgno++) {
        cur.readFully(page);
        if (pgno == lock) {
          continue; // never stored in LTX files
        }
        boolean changed = old == null || pgno > prevCommit;
        if (!changed) {
          old.seek((long) (pgno - 1) * PAGE_SIZE);
          old.readFully(before);
          changed = !Arrays.equals(page, before);
        }
        if (changed) {
          enc.encodePage(pgno, page);
        }
      }
      enc.finish();
    }
    try (InputStream in = Files.newInputStream(tmp)) {
      client.writeLtxFile(level, min, max, in);
    }
    Files.delete(tmp);
  }
}
