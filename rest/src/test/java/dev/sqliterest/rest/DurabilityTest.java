package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.error.ApiError;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Prefer: durability=async|replicated} and the server default: which committed writes wait
 * for the replicas (with the commit position of their transaction), what is echoed, and what a
 * server without replication does with the preference.
 */
final class DurabilityTest {

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  /**
   * A replicating server's side: answers commit position n with TXID 0x100 + n when waited for and
   * promises 0x200 + n, and records the commit positions it was asked to wait for.
   */
  private static final class Replicas implements Durability {
    final boolean byDefault;
    final List<Long> awaited = new CopyOnWriteArrayList<>();
    volatile ApiError failWith;

    Replicas(boolean byDefault) {
      this.byDefault = byDefault;
    }

    @Override
    public boolean replicates() {
      return true;
    }

    @Override
    public boolean replicatedByDefault() {
      return byDefault;
    }

    @Override
    public long promiseTxid(long commit) {
      return 0x200 + commit;
    }

    @Override
    public long awaitReplicated(long commit) {
      awaited.add(commit);
      if (failWith != null) {
        throw failWith.exception();
      }
      return 0x100 + commit;
    }
  }

  private ApiFixture with(Durability durability) throws Exception {
    f = new ApiFixture(dir, o -> o.withDurability(durability).withAllowTxOverride(true));
    f.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    return f;
  }

  private ApiFixture.Result post(int id, String prefer) {
    ApiFixture.Call call =
        f.call("POST", "/t")
            .header("Content-Type", "application/json")
            .body("{\"id\":" + id + ",\"v\":\"x\"}");
    return (prefer == null ? call : call.header("Prefer", prefer)).send();
  }

  @Test
  void replicatedPreference_waitsWithTheCommitPosition_andIsEchoed() throws Exception {
    Replicas replicas = new Replicas(false);
    with(replicas);
    var r = post(1, "return=minimal, durability=replicated");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Preference-Applied")).isEqualTo("return=minimal, durability=replicated");
    assertThat(replicas.awaited).containsExactly(f.db.commits());
    assertThat(r.header("Replication-Txid")).isEqualTo(txidOf(f.db.commits()));
    assertThat(r.response().headers().get("Server-Timing"))
        .anySatisfy(t -> assertThat(t).startsWith("replicate;dur="));
  }

  @Test
  void serverDefault_replicated_appliesToWritesThatDoNotSay_asyncOptsOut() throws Exception {
    Replicas replicas = new Replicas(true);
    with(replicas);
    var plain = post(1, null);
    assertThat(plain.status()).isEqualTo(201);
    assertThat(plain.header("Preference-Applied")).isNull();
    assertThat(replicas.awaited).hasSize(1);
    var async = post(2, "durability=async");
    assertThat(async.header("Preference-Applied")).isEqualTo("durability=async");
    assertThat(replicas.awaited).as("async does not wait").hasSize(1);
    f.call("PATCH", "/t?id=eq.1")
        .header("Content-Type", "application/json")
        .body("{\"v\":\"y\"}")
        .send();
    f.call("DELETE", "/t?id=eq.2").send();
    assertThat(replicas.awaited).as("PATCH and DELETE wait too").hasSize(3);
  }

  @Test
  void replicatedWrites_carryTheTxidThatHoldsThem_asyncWritesCarryAPromisedOneWithoutWaiting()
      throws Exception {
    Replicas replicas = new Replicas(true);
    with(replicas);
    var created = post(1, null);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Replication-Txid"))
        .matches("[0-9a-f]{16}")
        .isEqualTo(txidOf(f.db.commits()));
    var patched =
        f.call("PATCH", "/t?id=eq.1")
            .header("Content-Type", "application/json")
            .body("{\"v\":\"y\"}")
            .send();
    assertThat(patched.header("Replication-Txid")).isEqualTo(txidOf(f.db.commits()));
    var deleted = f.call("DELETE", "/t?id=eq.1").send();
    assertThat(deleted.header("Replication-Txid")).isEqualTo(txidOf(f.db.commits()));
    assertThat(f.get("/t").send().header("Replication-Txid")).as("reads carry none").isNull();
    assertThat(post(2, "tx=rollback").header("Replication-Txid")).as("nothing committed").isNull();
    int waited = replicas.awaited.size();
    var async = post(3, "durability=async");
    assertThat(async.status()).isEqualTo(201);
    assertThat(async.header("Replication-Txid"))
        .as("the promised TXID")
        .isEqualTo(String.format("%016x", 0x200 + f.db.commits()));
    assertThat(replicas.awaited).as("an async write does not wait").hasSize(waited);
  }

  @Test
  void withoutReplication_writesCarryNoTxid() throws Exception {
    with(Durability.LOCAL);
    assertThat(post(1, null).header("Replication-Txid")).isNull();
  }

  private static String txidOf(long commit) {
    return String.format("%016x", 0x100 + commit);
  }

  @Test
  void nothingCommitted_nothingAwaited() throws Exception {
    Replicas replicas = new Replicas(true);
    with(replicas);
    post(1, null);
    assertThat(post(1, "durability=replicated").status()).as("duplicate key").isEqualTo(409);
    assertThat(post(2, "tx=rollback, durability=replicated").status()).isEqualTo(201);
    assertThat(f.get("/t").header("Prefer", "durability=replicated").send().status())
        .isEqualTo(200);
    assertThat(replicas.awaited).as("only the first write committed").hasSize(1);
  }

  @Test
  void notReplicatedInTime_isTheServersError_andTheRowStaysCommitted() throws Exception {
    Replicas replicas = new Replicas(false);
    with(replicas);
    replicas.failWith = new ApiError(504, "PGRSTX01", "not yet replicated", null, null);
    var r = post(1, "durability=replicated");
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.code()).isEqualTo("PGRSTX01");
    assertThat(f.query("SELECT count(*) FROM t")).containsExactly(List.of(1));
  }

  @Test
  void withoutReplication_replicatedIsAnInvalidPreference_ignoredUnlessStrict() throws Exception {
    with(Durability.LOCAL);
    var lenient = post(1, "durability=replicated");
    assertThat(lenient.status()).isEqualTo(201);
    assertThat(lenient.header("Preference-Applied")).isNull();
    var strict = post(2, "handling=strict, durability=replicated");
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.code()).isEqualTo("PGRST122");
    assertThat(strict.json().get("details").asText()).contains("durability=replicated");
    assertThat(f.query("SELECT id FROM t")).as("the strict request wrote nothing").hasSize(1);
    var async = post(3, "durability=async");
    assertThat(async.header("Preference-Applied")).isEqualTo("durability=async");
  }

  @Test
  void unknownValue_followsThePreferRules() throws Exception {
    Replicas replicas = new Replicas(false);
    with(replicas);
    var lenient = post(1, "durability=eventually");
    assertThat(lenient.status()).isEqualTo(201);
    assertThat(lenient.header("Preference-Applied")).isNull();
    assertThat(replicas.awaited).isEmpty();
    var strict = post(2, "handling=strict, durability=eventually");
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.code()).isEqualTo("PGRST122");
  }
}
