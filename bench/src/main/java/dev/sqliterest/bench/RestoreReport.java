package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.testing.InProcessS3;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Restore throughput and memory of a large database, ours against the official {@code litestream
 * restore} (v0.5.17) on the same replica in the same run, from a {@code file://} replica and from
 * an in-process S3 server (s3proxy).
 *
 * <p>The replica is an L9 snapshot (block-encoded pages, as v0.5.17 writes them) plus three L0
 * files of updates. Each round restores it with: the official CLI (a process), our {@link Restorer}
 * in this JVM, and our CLI as a process started by the {@code sqlite-rest} launcher (JVM start
 * included; with its AOT cache, and without it: {@code SQLITEREST_AOT=off}) when the jar was built
 * — without and with {@code integrity_check}. Every output is compared byte for byte with the
 * source database. Processes run under {@code /usr/bin/time}, which reports their peak RSS. Outputs
 * the median wall time, MB/s (database bytes / s) and the largest peak RSS as Markdown tables.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sqliterest.bench.RestoreReport [WORKDIR [SIZE_MIB [ROUNDS [file|s3|both]]]]} (defaults {@code
 * target/restore-bench}, 256, 3, both); needs {@code .interop/bin/litestream} (interop/install.sh).
 * {@code -Dref=DIR/sqlite-rest} adds the CLI of another copy (a launcher with its {@code bin/} and
 * {@code server/target/sqlite-rest.jar}, e.g. main's) as the same-run baseline of a change; {@code
 * -Dsettle=SECONDS} lets the disk settle before each run (see {@link #settle}).
 */
public final class RestoreReport {

  private static final int PAGE_SIZE = 4096;
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final String OFFICIAL = "official litestream restore";
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private RestoreReport() {}

  /** Wall seconds and peak RSS (KiB; negative: KiB allocated in this JVM) of each round. */
  private record Samples(List<Double> seconds, List<Long> rssKib) {
    Samples() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /** Where the replica is and how each tool reaches it. */
  private record Source(String name, String url, Map<String, String> env, Opener opener) {}

  @FunctionalInterface
  private interface Opener {
    ReplicaClient open() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/restore-bench").toAbsolutePath();
    int sizeMib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String which = args.length > 3 ? args[3] : "both";
    Path repo = repoRoot();
    Path litestream = repo.resolve(".interop/bin/litestream");
    if (!Files.isExecutable(litestream)) {
      throw new IllegalStateException(
          "official litestream missing at " + litestream + ": run interop/install.sh");
    }
    if (!Files.isExecutable(TIME)) {
      throw new IllegalStateException(TIME + " missing (Debian package: time)");
    }
    Path jar = repo.resolve("server/target/sqlite-rest.jar");
    Files.createDirectories(work);
    Path replica = work.resolve("replica");
    Path expected = work.resolve("expected.db");
    if (!Files.exists(expected)) {
      buildReplica(work, replica, expected, sizeMib);
    }
    long dbBytes = Files.size(expected);
    long snapshotBytes = Files.size(replica.resolve("ltx/9").toFile().listFiles()[0].toPath());
    System.out.printf(
        "Database %.1f MiB (%d pages of %d B), L9 snapshot %.1f MiB + 3 L0 files; median of %d"
            + " rounds%n",
        dbBytes / 1048576.0, dbBytes / PAGE_SIZE, PAGE_SIZE, snapshotBytes / 1048576.0, rounds);
    if (!which.equals("s3")) {
      Source file =
          new Source("file", "file://" + replica, Map.of(), () -> new FileReplicaClient(replica));
      rounds(file, rounds, work, expected, litestream, repo, dbBytes);
    }
    if (!which.equals("file")) {
      try (InProcessS3 s3 = InProcessS3.start("restore")) {
        // the spelling both tools accept (the official one ignores force-path-style)
        String url =
            "s3://restore/db?endpoint=" + s3.endpoint() + "&region=us-east-1&forcePathStyle=true";
        Opener opener =
            () -> new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url), s3.env()));
        copyReplica(new FileReplicaClient(replica), opener.open());
        rounds(
            new Source("S3 (in-process s3proxy)", url, s3.env(), opener),
            rounds,
            work,
            expected,
            litestream,
            repo,
            dbBytes);
      }
    }
  }

  private static void rounds(
      Source source, int rounds, Path work, Path expected, Path litestream, Path repo, long dbBytes)
      throws Exception {
    Path jar = repo.resolve("server/target/sqlite-rest.jar");
    // as users run it: the launcher picks the JVM options and the AOT cache (recording it first
    // when the jar is newer: that happens in the warm-up call below, not in a timed round)
    List<String> cli = List.of(repo.resolve("sqlite-rest").toString());
    if (Files.exists(jar)) {
      run(List.of(cli.getFirst(), "--version"), Map.of(), work);
    }
    // -Dref=LAUNCHER: also the CLI of that copy (e.g. main's launcher, bin/ and jar), same rounds
    String ref = System.getProperty("ref");
    if (ref != null) {
      run(List.of(ref, "--version"), Map.of(), work);
    }
    Map<String, String> noAot = new HashMap<>(source.env());
    noAot.put("SQLITEREST_AOT", "off");
    Map<String, Samples> samples = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (boolean check : new boolean[] {false, true}) {
        String mode = check ? "integrity_check" : "no check";
        time(
            samples,
            OFFICIAL + " (" + mode + ")",
            work,
            expected,
            out ->
                run(
                    restore(List.of(litestream.toString()), "-integrity-check", check, out, source),
                    source.env(),
                    work));
        time(
            samples,
            "ours, in-process Restorer (" + mode + ")",
            work,
            expected,
            out -> {
              long before = THREADS.getCurrentThreadAllocatedBytes();
              try (ReplicaClient c = source.opener().open()) {
                new Restorer(c)
                    .restore(
                        RestoreTarget.latest(),
                        out,
                        check ? IntegrityCheck.FULL : IntegrityCheck.NONE,
                        RestoreProgress.NONE);
              }
              // in this JVM: no RSS of its own; what the restoring thread allocated instead
              return -(THREADS.getCurrentThreadAllocatedBytes() - before) / 1024;
            });
        if (Files.exists(jar)) {
          time(
              samples,
              "ours, sqlite-rest restore CLI (" + mode + ")",
              work,
              expected,
              out ->
                  run(restore(cli, "--integrity-check", check, out, source), source.env(), work));
          if (ref != null) {
            time(
                samples,
                "ours-ref, CLI of -Dref (" + mode + ")",
                work,
                expected,
                out ->
                    run(
                        restore(List.of(ref), "--integrity-check", check, out, source),
                        source.env(),
                        work));
          }
          time(
              samples,
              "ours, CLI without the AOT cache (" + mode + ")",
              work,
              expected,
              out -> run(restore(cli, "--integrity-check", check, out, source), noAot, work));
        }
      }
    }
    print(source.name(), samples, dbBytes);
  }

  @FunctionalInterface
  private interface Restore {
    /**
     * Restores into {@code out}; returns the peak RSS in KiB, or (negated) the KiB the restoring
     * thread allocated when it ran in this JVM.
     */
    long into(Path out) throws Exception;
  }

  private static void time(
      Map<String, Samples> samples, String name, Path work, Path expected, Restore r)
      throws Exception {
    Path out = work.resolve("out.db");
    Files.deleteIfExists(out);
    settle();
    long t0 = System.nanoTime();
    long rss = r.into(out);
    double s = (System.nanoTime() - t0) / 1e9;
    if (Files.mismatch(out, expected) != -1) {
      throw new IllegalStateException(name + " restored a database that differs from the source");
    }
    Files.delete(out);
    Samples sample = samples.computeIfAbsent(name, k -> new Samples());
    sample.seconds().add(s);
    sample.rssKib().add(rss);
    System.err.printf(
        "%-55s %.2f s, %s %d MiB%n",
        name, s, rss < 0 ? "allocated" : "peak RSS", Math.abs(rss) / 1024);
  }

  /**
   * With {@code -Dsettle=SECONDS}: {@code sync}, then that pause, so the previous run's write-back
   * and the discards of the file it deleted do not land in the next run's time (on a disk that is
   * slow to write, they moved single runs by a second).
   */
  private static void settle() throws Exception {
    double seconds = Double.parseDouble(System.getProperty("settle", "0"));
    if (seconds > 0) {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Thread.sleep((long) (seconds * 1000));
    }
  }

  private static void print(String source, Map<String, Samples> samples, long dbBytes) {
    System.out.printf("%n%s replica:%n%n", source);
    System.out.println(
        "| restore | median time | MB/s | vs official (same check) | peak RSS (largest) |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (var e : samples.entrySet()) {
      double med = median(e.getValue().seconds());
      String check = e.getKey().substring(e.getKey().indexOf('('));
      double official = median(samples.get(OFFICIAL + " " + check).seconds());
      List<Long> kib = e.getValue().rssKib();
      long rss = kib.stream().mapToLong(Math::abs).max().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f s | %.0f | %.2f× | %s |%n",
          e.getKey(),
          med,
          dbBytes / 1e6 / med,
          official / med,
          kib.getFirst() < 0
              ? "(bench JVM; allocates " + (rss / 1024) + " MiB)"
              : (rss / 1024) + " MiB");
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  /** Runs {@code cmd} under /usr/bin/time; returns its peak RSS in KiB. */
  private static long run(List<String> cmd, Map<String, String> env, Path work) throws Exception {
    Path rss = work.resolve("rss.txt");
    List<String> timed =
        new ArrayList<>(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
    timed.addAll(cmd);
    Path log = work.resolve("restore.log");
    ProcessBuilder pb =
        new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile());
    // only the replica's own credentials: an inherited AWS_CA_BUNDLE makes the official tool fail
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd + "\n" + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(rss);
    return Long.parseLong(lines.getLast().trim());
  }

  /** {@code tool... restore <checkFlag> full|none -o out url}. */
  private static List<String> restore(
      List<String> tool, String checkFlag, boolean check, Path out, Source source) {
    List<String> command = new ArrayList<>(tool);
    command.addAll(
        List.of("restore", checkFlag, check ? "full" : "none", "-o", out.toString(), source.url()));
    return command;
  }

  /** Copies every LTX file of {@code from} (levels 0 and 9) to {@code to}. */
  static void copyReplica(ReplicaClient from, ReplicaClient to) throws Exception {
    try (from;
        to) {
      to.deleteAll();
      for (int level : new int[] {9, 0}) {
        for (LtxFileInfo f : from.ltxFiles(level, 0, false)) {
          try (InputStream in = from.openLtxFile(level, f.minTxid(), f.maxTxid(), 0, 0)) {
            to.writeLtxFile(level, f.minTxid(), f.maxTxid(), in);
          }
        }
      }
    }
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
