package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.request.Preferences;
import java.util.Locale;

/**
 * How a committed write is answered on a replicating server: always with {@code Replication-Txid}
 * (16 hex digits, as replica file names spell TXIDs). When {@code durability=replicated} applies,
 * only once the replicas hold it, naming the TXID they hold; an asynchronous write at once, naming
 * the TXID the local sync promises (at or after the file that will hold it). The preference is
 * echoed.
 */
public final class WriteAcknowledgement {

  /** The response header naming the TXID that holds the write (a read-your-writes token). */
  public static final String TXID_HEADER = "Replication-Txid";

  private final Durability durability;

  WriteAcknowledgement(Durability durability) {
    this.durability = durability;
  }

  /**
   * The durability the request asks for, checked before the write runs. {@code
   * durability=replicated} on a server that does not replicate cannot be honoured: an invalid
   * preference, ignored unless {@code handling=strict}.
   */
  Preferences.Durability asked(Preferences prefs) {
    if (prefs.durability() != Preferences.Durability.REPLICATED || durability.replicates()) {
      return prefs.durability();
    }
    if (prefs.strict()) {
      throw new ApiError(
              400,
              "PGRST122",
              "Invalid preferences given with handling=strict",
              "Invalid preferences: durability=replicated (this server does not replicate)",
              "Start the server with --replication-enabled, or leave the preference out")
          .exception();
    }
    return Preferences.Durability.NONE;
  }

  /** {@code response} to a write that committed at commit position {@code commit}. */
  HttpResponseData committed(HttpResponseData response, Preferences.Durability asked, long commit) {
    HttpResponseData answer = response;
    if (durability.replicates()) {
      boolean replicated =
          asked == Preferences.Durability.REPLICATED
              || (asked == Preferences.Durability.NONE && durability.replicatedByDefault());
      if (replicated) {
        long start = System.nanoTime();
        long txid = durability.awaitReplicated(commit);
        answer =
            answer
                .withHeader(
                    "Server-Timing",
                    String.format(
                        Locale.ROOT, "replicate;dur=%.1f", (System.nanoTime() - start) / 1e6))
                .withHeader(TXID_HEADER, String.format("%016x", txid));
      } else {
        answer =
            answer.withHeader(TXID_HEADER, String.format("%016x", durability.promiseTxid(commit)));
      }
    }
    return asked == Preferences.Durability.NONE
        ? answer
        : Responses.withPreferenceApplied(
            answer, "durability=" + asked.name().toLowerCase(Locale.ROOT));
  }
}
