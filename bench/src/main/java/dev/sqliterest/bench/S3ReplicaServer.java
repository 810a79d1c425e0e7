package dev.sqliterest.bench;

import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process S3 server (s3proxy) holding a copy of a file replica, for CLI benchmarks that run
 * restores as processes ({@code bench/scripts/restore-cli-ab.sh}). Copies the replica (its L9
 * snapshots and L0 files) to bucket {@code restore}, prefix {@code db}, writes the replica URL
 * both tools accept to URL_FILE, then serves until killed. Credentials: {@link
 * InProcessS3#ACCESS_KEY} and {@link InProcessS3#SECRET_KEY}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.S3ReplicaServer
 * REPLICA_DIR URL_FILE}
 */
public final class S3ReplicaServer {

  private S3ReplicaServer() {}

  public static void main(String[] args) throws Exception {
    Path replica = Path.of(args[0]);
    Path urlFile = Path.of(args[1]);
    InProcessS3 s3 = InProcessS3.start("restore");
    // the spelling both tools accept (the official one ignores force-path-style)
    String url =
        "s3://restore/db?endpoint=" + s3.endpoint() + "&region=us-east-1&forcePathStyle=true";
    RestoreReport.copyReplica(
        new FileReplicaClient(replica),
        new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url), s3.env())));
    Files.writeString(urlFile, url + "\n");
    Thread.currentThread().join(); // serves until the process is killed
  }
}
