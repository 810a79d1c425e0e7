package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

final class LtxListCommandTest {

  @Command(name = "ltx", subcommands = LtxListCommand.class)
  static final class Parent {}

  @TempDir Path dir;

  private static byte[] ltx(long min, long max, long ts) {
    ByteBuffer b = ByteBuffer.allocate(150);
    b.putInt(0x4c545831).putInt(2).putInt(4096).putInt(1).putLong(min).putLong(max).putLong(ts);
    return b.array();
  }

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Parent());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void list_allLevels_table() throws Exception {
    FileReplicaClient c = new FileReplicaClient(dir);
    c.writeLtxFile(0, 6, 6, new ByteArrayInputStream(ltx(6, 6, 1_700_000_000_000L)));
    c.writeLtxFile(9, 1, 5, new ByteArrayInputStream(ltx(1, 5, 1_700_000_000_500L)));
    Run r = run("list", "file://" + dir);
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "level  min_txid          max_txid                  size  created",
            "0      0000000000000006  0000000000000006           150  2023-11-14T22:13:20Z",
            "9      0000000000000001  0000000000000005           150  2023-11-14T22:13:20.500Z");
  }

  @Test
  void list_oneLevel_json() throws Exception {
    FileReplicaClient c = new FileReplicaClient(dir);
    c.writeLtxFile(0, 6, 6, new ByteArrayInputStream(ltx(6, 6, 1_700_000_000_000L)));
    c.writeLtxFile(9, 1, 5, new ByteArrayInputStream(ltx(1, 5, 1_700_000_000_500L)));
    Run r = run("list", "--level", "9", "--json", dir.toString());
    assertThat(r.out().strip())
        .isEqualTo(
            "{\"level\":9,\"min_txid\":\"0000000000000001\",\"max_txid\":\"0000000000000005\",\"size\":150,\"created_at\":\"2023-11-14T22:13:20.500Z\"}");
  }

  @Test
  void list_badLevel_usageError() {
    Run r = run("list", "--level", "12", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--level must be 0-9");
  }
}
