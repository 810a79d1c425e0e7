package dev.sqliterest.rest.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.grammar.Condition.Filter;
import dev.sqliterest.rest.grammar.Condition.Logic;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One case per PostgREST documentation example where the feature applies to SQLite. */
final class QueryParserTest {

  private static Filter filter(String key, String value) {
    return QueryParser.filter(QueryParser.filterKey(key), value);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "age|gte.18|GTE|false|18",
        "age|ge.18|GTE|false|18",
        "age|le.18|LTE|false|18",
        "student|is.true|IS|false|",
        "age|not.eq.2|EQ|true|2",
        "last_name|like.O*|LIKE|false|O*",
        "last_name|ilike.*ma*|ILIKE|false|*ma*",
        "name|match.^J.*n$|MATCH|false|^J.*n$",
        "name|imatch.^j|IMATCH|false|^j",
        "price|isdistinct.5|ISDISTINCT|false|5",
        "title|eq.a.b(c),d|EQ|false|a.b(c),d",
      })
  void filter_docExamples(String key, String value, Operator op, boolean negated, String operand) {
    Filter f = filter(key, value);
    assertThat(f.operator()).isEqualTo(op);
    assertThat(f.negated()).isEqualTo(negated);
    assertThat(f.value()).isEqualTo(operand);
    assertThat(f.field().name()).isEqualTo(key);
  }

  @Test
  void in_quotedValuesContainingDelimiters() {
    Filter f = filter("name", "in.(\"Hi,there\",\"yes(no)\",plain,\"a\\\"b\")");
    assertThat(f.operator()).isEqualTo(Operator.IN);
    assertThat(f.list()).containsExactly("Hi,there", "yes(no)", "plain", "a\"b");
    assertThat(filter("id", "in.()").list()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"null,NULL", "NOT_NULL,NOT_NULL", "True,TRUE", "false,FALSE", "unknown,UNKNOWN"})
  void is_valuesCaseInsensitive(String word, Condition.IsValue expected) {
    assertThat(filter("v", "is." + word).isValue()).isEqualTo(expected);
  }

  @Test
  void quantifiers_anyAll() {
    Filter f = filter("last_name", "like(any).{O*,\"P,*\"}");
    assertThat(f.quantifier()).isEqualTo(Condition.Quantifier.ANY);
    assertThat(f.list()).containsExactly("O*", "P,*");
    assertThat(filter("x", "eq(all).{1,2}").quantifier()).isEqualTo(Condition.Quantifier.ALL);
  }

  @Test
  void jsonPathKeys() {
    Field f = QueryParser.filterKey("json_data->>blood_type");
    assertThat(f.name()).isEqualTo("json_data");
    assertThat(f.path()).containsExactly("blood_type");
    assertThat(f.textArrow()).isTrue();
    Field g = QueryParser.filterKey("data->a->0->>b");
    assertThat(g.path()).containsExactly("a", "0", "b");
    Field h = QueryParser.filterKey("data->-1");
    assertThat(h.path()).containsExactly("-1");
    assertThat(h.textArrow()).isFalse();
  }

  @Test
  void logic_docExampleNested() {
    Logic l = QueryParser.logic("or", "(age.lt.18,age.gt.21)");
    assertThat(l.or()).isTrue();
    assertThat(l.children()).hasSize(2);
    Logic nested = QueryParser.logic("or", "(age.eq.14,not.and(age.gte.11,age.lte.17))");
    Logic inner = (Logic) nested.children().get(1);
    assertThat(inner.negated()).isTrue();
    assertThat(inner.or()).isFalse();
    assertThat(((Filter) inner.children().get(0)).operator()).isEqualTo(Operator.GTE);
    Logic deep =
        QueryParser.logic(
            "not.and", "(a.eq.1,or(b.eq.2,and(c.eq.3,or(d.is.null,e.not.in.(1,\"2,3\")))))");
    assertThat(deep.negated()).isTrue();
    Filter last =
        (Filter)
            ((Logic) ((Logic) ((Logic) deep.children().get(1)).children().get(1)).children().get(1))
                .children()
                .get(1);
    assertThat(last.negated()).isTrue();
    assertThat(last.list()).containsExactly("1", "2,3");
  }

  @Test
  void logic_quotedValues() {
    Logic l = QueryParser.logic("and", "(name.eq.\"a,b.(c)\",x.like.*%2C)");
    assertThat(((Filter) l.children().get(0)).value()).isEqualTo("a,b.(c)");
    assertThat(((Filter) l.children().get(1)).value()).isEqualTo("*%2C");
  }

  @Test
  void select_docExamples() {
    List<SelectItem> items =
        QueryParser.select(
            "fullName:full_name,birthDate:birth_date::text,json_data->blood_type,json_data->phones->0->>number,*");
    assertThat(items).hasSize(5);
    SelectItem.Column a = (SelectItem.Column) items.get(0);
    assertThat(a.outputName()).isEqualTo("fullName");
    SelectItem.Column b = (SelectItem.Column) items.get(1);
    assertThat(b.cast()).isEqualTo("text");
    assertThat(b.field().name()).isEqualTo("birth_date");
    SelectItem.Column c = (SelectItem.Column) items.get(2);
    assertThat(c.outputName()).isEqualTo("blood_type");
    SelectItem.Column d = (SelectItem.Column) items.get(3);
    assertThat(d.field().path()).containsExactly("phones", "0", "number");
    assertThat(d.outputName()).isEqualTo("number");
    assertThat(items.get(4)).isInstanceOf(SelectItem.Star.class);
    assertThat(QueryParser.select(" id , name ")).hasSize(2);
    assertThat(((SelectItem.Column) QueryParser.select("\"my col\"").get(0)).field().name())
        .isEqualTo("my col");
  }

  @Test
  void select_embedDocExamples() {
    List<SelectItem> items =
        QueryParser.select(
            "title,director:directors(id,last_name),actors(*),roles!film_id(character,actors(first_name))");
    SelectItem.Embed director = (SelectItem.Embed) items.get(1);
    assertThat(director.outputName()).isEqualTo("director");
    assertThat(director.relation()).isEqualTo("directors");
    assertThat(director.items()).hasSize(2);
    SelectItem.Embed roles = (SelectItem.Embed) items.get(3);
    assertThat(roles.hint()).isEqualTo("film_id");
    assertThat(((SelectItem.Embed) roles.items().get(1)).relation()).isEqualTo("actors");
    assertThat(((SelectItem.Embed) QueryParser.select("actors()").get(0)).items().get(0))
        .isInstanceOf(SelectItem.Star.class);
  }

  @Test
  void select_joinHintsSpreadAndAggregates() {
    List<SelectItem> items =
        QueryParser.select(
            "title,a:authors!author_id!inner(name),...tags!left(label),total:price::numeric.sum()::int,n:count()");
    SelectItem.Embed authors = (SelectItem.Embed) items.get(1);
    assertThat(authors.hint()).isEqualTo("author_id");
    assertThat(authors.join()).isEqualTo(SelectItem.Join.INNER);
    assertThat(authors.outputName()).isEqualTo("a");
    SelectItem.Embed tags = (SelectItem.Embed) items.get(2);
    assertThat(tags.spread()).isTrue();
    assertThat(tags.join()).isEqualTo(SelectItem.Join.LEFT);
    assertThat(items.get(3))
        .isEqualTo(
            new SelectItem.Column(
                "total", Field.column("price"), "numeric", SelectItem.Aggregate.SUM, "int"));
    assertThat(items.get(4)).isEqualTo(new SelectItem.Count("n", null));
    assertThat(((SelectItem.Embed) QueryParser.select("b!inner!h(x)").get(0)).hint())
        .isEqualTo("h");
  }

  @Test
  void order_docExamples() {
    List<OrderTerm> t =
        QueryParser.order("age.desc,height.asc,name.nullsfirst,x.desc.nullslast,data->>k");
    assertThat(t)
        .extracting(OrderTerm::direction)
        .containsExactly(
            OrderTerm.Direction.DESC,
            OrderTerm.Direction.ASC,
            OrderTerm.Direction.ASC,
            OrderTerm.Direction.DESC,
            OrderTerm.Direction.ASC);
    assertThat(t)
        .extracting(OrderTerm::nulls)
        .containsExactly(
            OrderTerm.Nulls.DEFAULT,
            OrderTerm.Nulls.DEFAULT,
            OrderTerm.Nulls.FIRST,
            OrderTerm.Nulls.LAST,
            OrderTerm.Nulls.DEFAULT);
    assertThat(t.get(4).field().path()).containsExactly("k");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id.up", "id.asc.desc", "id.nullslast.asc", "(select 1)", ""})
  void order_malformed(String input) {
    assertThatThrownBy(() -> QueryParser.order(input)).isInstanceOf(QueryParseError.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a,",
        "a b c(",
        "a:(b)",
        "x::",
        "films(title",
        "a!inner!left(b)",
        "a!x!y(b)",
        "a!(b)",
        "...rel",
        "x:...rel(y)",
        "...x:rel(y)",
        "amount.sum(1)",
        "amount.avg",
        "amount.median()"
      })
  void select_malformedOrUnsupported(String input) {
    assertThatThrownBy(() -> QueryParser.select(input)).isInstanceOf(QueryParseError.class);
  }

  @Test
  void select_spaceInsideName_isKeptForSchemaValidation() {
    // "a b" is not a column here; the planner rejects it with 42703, the parser only tokenizes.
    assertThat(((SelectItem.Column) QueryParser.select("a b").get(0)).field().name())
        .isEqualTo("a b");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eq",
        "eq1",
        "nope.1",
        "in.(1",
        "in.1",
        "is.maybe",
        "eq(any).1",
        "eq(foo).1",
        "in.(1)x"
      })
  void filter_malformed(String value) {
    assertThatThrownBy(() -> filter("id", value)).isInstanceOf(QueryParseError.class);
  }

  @Test
  void parseError_hasPosition() {
    assertThatThrownBy(() -> QueryParser.logic("or", "(a.eq.1,b.zz.2)"))
        .isInstanceOfSatisfying(QueryParseError.class, e -> assertThat(e.position()).isEqualTo(10));
  }

  @Test
  void filterKey_embeddedPath_rejected() {
    assertThatThrownBy(() -> QueryParser.filterKey("actors.name")).hasMessageContaining("embedded");
  }
}
