package dev.sqliterest.rest.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.Field;
import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.plan.CastType;
import dev.sqliterest.rest.plan.ColumnRef;
import dev.sqliterest.rest.plan.Output;
import dev.sqliterest.rest.plan.Predicate;
import dev.sqliterest.rest.plan.ReadPlan;
import dev.sqliterest.rest.plan.Render;
import dev.sqliterest.rest.plan.Sort;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.Table;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SqlCompilerTest {

  private static final Column ID = new Column("id", "INTEGER", false, false, 1, false);
  private static final Column NAME = new Column("na\"me", "TEXT", false, false, 0, false);
  private static final Column DATA = new Column("data", "", false, false, 0, false);
  private static final Table T =
      new Table("my table", false, List.of(ID, NAME, DATA), List.of("id"), List.of(), true);

  private static ColumnRef ref(Column c) {
    return new ColumnRef(c, null, false);
  }

  private static Predicate.Test test(Column c, Operator op, String value) {
    return new Predicate.Test(
        ref(c),
        new Condition.Filter(
            Field.column(c.name()), false, op, Condition.Quantifier.NONE, value, List.of(), null));
  }

  @Test
  void quoteIdent_doublesQuotes() {
    assertThat(Sql.quoteIdent("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(Sql.quoteIdent("x); DROP TABLE t; --")).isEqualTo("\"x); DROP TABLE t; --\"");
  }

  @Test
  void select_fullShape() {
    ReadPlan plan =
        new ReadPlan(
            T,
            List.of(
                new Output("id", ref(ID), null, Render.NATIVE),
                new Output("n", ref(NAME), CastType.TEXT, Render.NATIVE)),
            List.of(
                test(ID, Operator.GTE, "2"),
                new Predicate.Junction(
                    true,
                    true,
                    List.of(test(NAME, Operator.LIKE, "a*"), test(NAME, Operator.ILIKE, "B*")))),
            List.of(new Sort(ref(ID), OrderTerm.Direction.DESC, OrderTerm.Nulls.DEFAULT)),
            5,
            OptionalLong.of(10));
    SqlStatement s = SqlCompiler.select(plan);
    assertThat(s.sql())
        .isEqualTo(
            "SELECT \"id\", CAST(\"na\"\"me\" AS TEXT) FROM \"my table\" WHERE (\"id\" >= ?) AND"
                + " NOT ((\"na\"\"me\" GLOB ?) OR (\"na\"\"me\" LIKE ? ESCAPE '\\')) ORDER BY"
                + " \"id\" DESC NULLS FIRST LIMIT ? OFFSET ?");
    assertThat(s.params()).containsExactly("2", "a*", "B%", 10L, 5L);
  }

  @Test
  void selectJsonArray_sortedPage_buildsJsonOnlyForTheRowsKept() {
    Sort byName = new Sort(ref(NAME), OrderTerm.Direction.DESC, OrderTerm.Nulls.DEFAULT);
    List<Output> outputs =
        List.of(
            new Output("id", ref(ID), null, Render.NATIVE),
            new Output("again", ref(ID), null, Render.NATIVE),
            new Output("n", ref(NAME), CastType.TEXT, Render.NATIVE));
    ReadPlan page =
        new ReadPlan(
            T,
            outputs,
            List.of(test(ID, Operator.GTE, "2")),
            List.of(byName),
            5,
            OptionalLong.of(2));
    SqlStatement s = SqlCompiler.selectJsonArray(page);
    assertThat(s.sql())
        .isEqualTo(
            "SELECT '[' || coalesce(group_concat(json_object(?, iif(typeof(\"id\") = 'blob',"
                + " json('blob'), \"id\"), ?, iif(typeof(\"id\") = 'blob', json('blob'), \"id\"), ?,"
                + " CAST(\"na\"\"me\" AS TEXT)), ','), '') || ']', count(*) FROM (SELECT \"id\","
                + " \"na\"\"me\" FROM \"my table\" WHERE (\"id\" >= ?) ORDER BY \"na\"\"me\" DESC"
                + " NULLS FIRST LIMIT ? OFFSET ?)");
    assertThat(s.params()).containsExactly("id", "again", "n", "2", 2L, 5L);
    // unsorted, or without a limit, SQLite builds the JSON of each row once anyway
    ReadPlan unsorted = new ReadPlan(T, outputs, List.of(), List.of(), 0, OptionalLong.of(2));
    assertThat(SqlCompiler.selectJsonArray(unsorted).sql()).contains(" AS j FROM ");
  }

  @Test
  void count_usesSameWhere() {
    ReadPlan plan =
        new ReadPlan(
            T, List.of(), List.of(test(ID, Operator.EQ, "1")), List.of(), 0, OptionalLong.empty());
    assertThat(SqlCompiler.count(plan).sql())
        .isEqualTo("SELECT count(*) FROM \"my table\" WHERE (\"id\" = ?)");
  }

  @Test
  void jsonPath_isBoundParameter() {
    ColumnRef path = new ColumnRef(DATA, "$.\"a\"[0]", true);
    ReadPlan plan =
        new ReadPlan(
            T,
            List.of(new Output("a", path, null, Render.NATIVE)),
            List.of(),
            List.of(),
            0,
            OptionalLong.empty());
    SqlStatement s = SqlCompiler.select(plan);
    assertThat(s.sql())
        .isEqualTo(
            "SELECT CAST((CASE WHEN json_valid(\"data\") THEN \"data\" ->> ? END) AS TEXT) FROM \"my table\"");
    assertThat(s.params()).containsExactly("$.\"a\"[0]");
  }

  @ParameterizedTest
  @CsvSource({
    "D*, D*",
    "d%, d*",
    "a_b, a?b",
    "100\\%, 100%",
    "what?, what[?]",
    "[x], [[]x]",
    "a\\*b, a[*]b",
  })
  void likeToGlob(String like, String glob) {
    assertThat(Patterns.likeToGlob(like)).isEqualTo(glob);
  }

  @Test
  void ilike_nonAsciiPattern_becomesCaseFoldingRegex() {
    String regex = Patterns.ilikeToRegex("*éc_le\\%.*");
    assertThat(java.util.regex.Pattern.compile(regex).matcher("L'ÉCOLE%.x").find()).isTrue();
    assertThat(java.util.regex.Pattern.compile(regex).matcher("L'ÉCOLE.x").find()).isFalse();
    assertThat(java.util.regex.Pattern.compile(regex).matcher("ÉCOLE%.\nx").find()).isTrue();
    assertThat(Patterns.asciiOnly("abc*%")).isTrue();
    assertThat(Patterns.asciiOnly("é")).isFalse();
  }

  @Test
  void bindValue_coercesNumbersOnlyForUntypedOrJson() {
    assertThat(SqlBuilder.bindValue(ref(ID), "5")).isEqualTo("5");
    assertThat(SqlBuilder.bindValue(ref(DATA), "5")).isEqualTo(5L);
    assertThat(SqlBuilder.bindValue(ref(DATA), "5.5")).isEqualTo(5.5);
    assertThat(SqlBuilder.bindValue(ref(DATA), "x5")).isEqualTo("x5");
    Column flag = new Column("f", "BOOLEAN", false, false, 0, false);
    assertThat(SqlBuilder.bindValue(ref(flag), "TRUE")).isEqualTo(1);
  }
}
