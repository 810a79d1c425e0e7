package dev.sqliterest.server.policy;

import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access policy of a {@code --security-policy-file}: grants per role, table and verb,
 * optionally limited to columns. Anything not granted is denied. Table names match exactly and
 * case-sensitively (as sqlite-rest's allowlist); a table entry {@code "*"} applies to the tables a
 * role does not name.
 *
 * <p>Column lists need the API engine to pass the columns a request touches: for reads the selected
 * columns (and, to avoid leaking through filters, the filtered and ordered ones), for writes the
 * body's keys. An empty set means "all columns" and is denied under a column list.
 *
 * <p>Denial messages start with {@code Access Restricted}, the text sqlite-rest's clients look for.
 */
public final class RoleGrantPolicy implements AccessPolicy {

  static final String ANY_TABLE = "*";

  /** Grants of one role on one table. */
  record TableGrant(Map<Action, ColumnGrant> verbs) {}

  private final Map<String, Map<String, TableGrant>> roles;

  RoleGrantPolicy(Map<String, Map<String, TableGrant>> roles) {
    this.roles = roles;
  }

  /** Role names the policy knows, for startup logging. */
  public Set<String> roles() {
    return new TreeSet<>(roles.keySet());
  }

  @Override
  public boolean mayReadSome(Principal principal, String table) {
    Map<String, TableGrant> tables = roles.get(principal.role());
    TableGrant grant = tables == null ? null : grantOn(tables, table);
    return grant != null && grant.verbs().containsKey(Action.READ);
  }

  @Override
  public Optional<String> denied(
      Principal principal, String table, Action action, Set<String> columns) {
    String role = principal.role();
    String verb = action.name().toLowerCase(Locale.ROOT);
    Map<String, TableGrant> tables = roles.get(role);
    if (tables == null) {
      return Optional.of("Access Restricted: role \"" + role + "\" has no grants");
    }
    TableGrant grant = grantOn(tables, table);
    ColumnGrant cols = grant == null ? null : grant.verbs().get(action);
    if (cols == null) {
      return Optional.of(
          "Access Restricted: role \"" + role + "\" may not " + verb + " \"" + table + "\"");
    }
    if (cols instanceof ColumnGrant.Only only) {
      if (columns.isEmpty()) {
        return Optional.of(
            "Access Restricted: role \""
                + role
                + "\" may "
                + verb
                + " only columns "
                + new TreeSet<>(only.columns())
                + " of \""
                + table
                + "\"; name the columns explicitly");
      }
      Set<String> uncovered = only.uncovered(columns);
      if (!uncovered.isEmpty()) {
        return Optional.of(
            "Access Restricted: role \""
                + role
                + "\" may not "
                + verb
                + " columns "
                + uncovered
                + " of \""
                + table
                + "\"");
      }
    }
    return Optional.empty();
  }

  /** A role's grant on {@code table}: its own entry, else the role's {@code "*"} entry, or null. */
  private static TableGrant grantOn(Map<String, TableGrant> tables, String table) {
    return tables.containsKey(table) ? tables.get(table) : tables.get(ANY_TABLE);
  }
}
