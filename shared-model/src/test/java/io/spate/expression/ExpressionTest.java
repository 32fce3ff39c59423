package io.spate.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The type checker against a schema (every kind of error), and evaluation of each function. */
class ExpressionTest {

    private static final Schema BID =
            Schema.of(
                    new Field("auction", FieldType.LONG),
                    new Field("price", FieldType.LONG),
                    new Field("rate", FieldType.DOUBLE),
                    new Field("name", FieldType.STRING),
                    new Field("urgent", FieldType.BOOLEAN),
                    new Field("in", FieldType.LONG)); // a CEL reserved word: not visible

    private static Row bid(long auction, long price, double rate, String name, boolean urgent) {
        return new Row(BID)
                .setLong(0, auction)
                .setLong(1, price)
                .setDouble(2, rate)
                .setString(3, name)
                .setBoolean(4, urgent);
    }

    private static Object eval(String source, Row row) throws Exception {
        return Expression.compile(source, BID).program().evaluate(row);
    }

    private static List<ExpressionProblem> problems(String source) {
        InvalidExpressionException e =
                catchThrowableOfType(
                        InvalidExpressionException.class, () -> Expression.compile(source, BID));
        assertThat(e).as("expected %s to be rejected", source).isNotNull();
        return e.problems();
    }

    @Test
    void theResultTypeIsTheFieldTypeOfCelsType() throws Exception {
        assertThat(Expression.compile("price + 1", BID).type()).isEqualTo(FieldType.LONG);
        assertThat(Expression.compile("rate / 2.0", BID).type()).isEqualTo(FieldType.DOUBLE);
        assertThat(Expression.compile("upper(name)", BID).type()).isEqualTo(FieldType.STRING);
        assertThat(Expression.compile("price > 100 && !urgent", BID).type())
                .isEqualTo(FieldType.BOOLEAN);
        // plain CEL refuses int * double; Spate's environment adds the overloads
        assertThat(Expression.compile("price * 0.908", BID).type()).isEqualTo(FieldType.DOUBLE);
        assertThat(Expression.compile("0.5 + price", BID).type()).isEqualTo(FieldType.DOUBLE);
    }

    @Test
    void theExamplesEvaluate() throws Exception {
        Row row = bid(246, 150, 1.5, "Bob", false);
        assertThat(eval("price > 100 && auction % 123 == 0", row)).isEqualTo(true);
        assertThat(eval("price > 100 && auction % 124 == 0", row)).isEqualTo(false);
        assertThat((Double) eval("price * 0.908", row)).isCloseTo(136.2, within());
        assertThat(eval("price - 0.5", row)).isEqualTo(149.5);
        assertThat(eval("3.0 / price", row)).isEqualTo(0.02);
        assertThat(eval("upper(name)", row)).isEqualTo("BOB");
        assertThat(eval("lower(name) + '!'", row)).isEqualTo("bob!");
        assertThat(eval("price > 149.5", row)).isEqualTo(true); // int against double
        assertThat(eval("rate == 1.5 || urgent", row)).isEqualTo(true);
        assertThat(eval("name.startsWith('B') && name.size() == 3", row)).isEqualTo(true);
        assertThat(eval("name.matches('^B.b$')", row)).isEqualTo(true);
        assertThat(eval("urgent ? 1 : price / 7", row)).isEqualTo(21L);
        assertThat(eval("string(price) + ':' + name", row)).isEqualTo("150:Bob");
        assertThat(eval("int(rate * 10.0)", row)).isEqualTo(15L);
        assertThat(eval("math.greatest(price, auction)", row)).isEqualTo(246L);
        assertThat(eval("name.lowerAscii().replace('b', 'p')", row)).isEqualTo("pop");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    @Test
    void aSyntaxErrorHasItsColumn() {
        assertThat(problems("price >"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(1);
                            assertThat(p.column()).isEqualTo(8);
                            assertThat(p.message()).contains("mismatched input '<EOF>'");
                        });
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertThat(problems("prise > 100"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.column()).isEqualTo(1);
                            assertThat(p.message()).contains("undeclared reference to 'prise'");
                        });
    }

    @Test
    void typesThatDoNotFitAreRefused() {
        assertThat(problems("name * 2"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.column()).isEqualTo(6);
                            assertThat(p.message())
                                    .contains("no matching overload for '_*_'")
                                    .contains("(string, int)");
                        });
        assertThat(problems("upper(price)").getFirst().message())
                .contains("no matching overload for 'upper'");
    }

    @Test
    void aResultNoFieldCanHoldIsRefused() {
        assertThat(problems("[price, auction]").getFirst().message())
                .contains("the result is list(int)")
                .contains("a field holds int (long), double, string or bool");
        assertThat(problems("null").getFirst().message()).contains("the result is null;");
    }

    @Test
    void everyProblemIsReportedAtOnceEachWithItsPlace() {
        List<ExpressionProblem> all = problems("nope > 1 ||\n name * 2");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).line()).isEqualTo(1);
        assertThat(all.get(0).column()).isEqualTo(1);
        assertThat(all.get(1).line()).isEqualTo(2);
        assertThat(all.get(1).column()).isEqualTo(7);
        assertThat(all.get(1).describe(true)).startsWith("line 2, column 7: ");
    }

    @Test
    void aReservedWordCannotNameAFieldAndAHugeExpressionIsRefused() {
        assertThat(Expression.canName("in")).isFalse();
        assertThat(Expression.canName("window_start")).isTrue();
        assertThat(Expression.canName("my-field")).isFalse();
        assertThat(problems("in > 1")).isNotEmpty();
        String huge = "price" + " + 1".repeat(3_000); // 12,005 characters
        assertThat(problems(huge).getFirst().message()).contains("10000");
    }

    @Test
    void runTimeErrorsSayWhatAndWhere() throws Exception {
        Row row = bid(0, 150, 0.0, "x", false);
        RowProgram div = Expression.compile("price / auction", BID).program();
        ExpressionEvaluationException e =
                catchThrowableOfType(ExpressionEvaluationException.class, () -> div.evaluate(row));
        assertThat(e.getMessage()).contains("column 7").contains("by zero");
        RowProgram overflow = Expression.compile("price * 9223372036854775807", BID).program();
        assertThat(
                        catchThrowableOfType(
                                        ExpressionEvaluationException.class,
                                        () -> overflow.evaluate(row))
                                .getMessage())
                .contains("overflow");
        RowProgram bad = Expression.compile("int(name)", BID).program();
        assertThat(
                        catchThrowableOfType(
                                ExpressionEvaluationException.class, () -> bad.evaluate(row)))
                .isNotNull();
        // IEEE doubles: x / 0.0 is an infinity, as in CEL itself, not an error
        assertThat(Expression.compile("price / rate", BID).program().evaluate(row))
                .isEqualTo(Double.POSITIVE_INFINITY);
        // the program is reusable after a failure
        assertThat(div.evaluate(bid(3, 150, 0, "x", false))).isEqualTo(50L);
    }

    @Test
    void aComprehensionIsBounded() throws Exception {
        RowProgram p =
                Expression.compile(
                                "[1, 2, 3].all(x, [1, 2, 3].all(y, [1, 2, 3].all(z, x + y + z"
                                        + " < price)))",
                                BID)
                        .program();
        assertThat(p.evaluate(bid(0, 10, 0, "x", false))).isEqualTo(true);
    }
}
