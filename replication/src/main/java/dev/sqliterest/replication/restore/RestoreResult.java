package dev.sqliterest.replication.restore;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished restore.
 *
 * @param path the restored database
 * @param txid the TXID restored to (LTX), or 0 for a legacy v0.3 restore
 * @param bytesRead replica bytes downloaded
 * @param files files downloaded
 * @param elapsed wall time including the integrity check
 */
public record RestoreResult(Path path, long txid, long bytesRead, int files, Duration elapsed) {

  /** Download throughput in MB/s (10^6 bytes). */
  public double megabytesPerSecond() {
    double s = Math.max(elapsed.toNanos(), 1) / 1e9;
    return bytesRead / 1e6 / s;
  }
}
