package dev.sqliterest.server.policy;

import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.AllowListPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Picks the access policy from the serve flags: a policy file, or sqlite-rest's allowlist. */
public final class SecurityPolicy {

  private SecurityPolicy() {}

  /**
   * {@code --security-policy-file} when given (roles × tables × verbs), otherwise {@code
   * --security-allow-table} exactly as sqlite-rest (an empty list denies every table).
   *
   * @throws IllegalArgumentException when both are given: two sources of truth for who may read a
   *     table would be a trap, so the tables belong in the policy file
   * @throws IOException when the policy file cannot be read or is invalid ({@link
   *     InvalidPolicyException}, with the file and YAML path in the message)
   */
  public static AccessPolicy fromFlags(Optional<Path> policyFile, Set<String> allowTables)
      throws IOException {
    if (policyFile.isEmpty()) {
      return new AllowListPolicy(allowTables);
    }
    if (!allowTables.isEmpty()) {
      throw new IllegalArgumentException(
          "--security-policy-file and --security-allow-table cannot be combined;"
              + " grant the tables in the policy file");
    }
    return PolicyFile.load(policyFile.get());
  }
}
