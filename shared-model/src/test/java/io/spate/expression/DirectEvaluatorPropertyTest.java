package io.spate.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct evaluator against CEL's own interpreter, the reference: random expressions of the
 * subset it takes (arithmetic, mixed int and double, comparisons, logic with errors on either side,
 * conditionals, strings) over random rows give the same value or an error on both sides.
 */
class DirectEvaluatorPropertyTest {

    private static final Schema S =
            Schema.of(
                    new Field("a", FieldType.LONG),
                    new Field("b", FieldType.LONG),
                    new Field("x", FieldType.DOUBLE),
                    new Field("s", FieldType.STRING),
                    new Field("t", FieldType.BOOLEAN));

    private final Random random = new Random(4242);

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String intExpr(int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return pick(
                    "a",
                    "b",
                    "7",
                    "0",
                    "(-1)",
                    "9223372036854775807",
                    "(-9223372036854775807 - 1)");
        }
        return switch (random.nextInt(6)) {
            case 0 -> "-" + intExpr(depth - 1);
            case 1 ->
                    "("
                            + boolExpr(depth - 1)
                            + " ? "
                            + intExpr(depth - 1)
                            + " : "
                            + intExpr(depth - 1)
                            + ")";
            default ->
                    "("
                            + intExpr(depth - 1)
                            + " "
                            + pick("+", "-", "*", "/", "%")
                            + " "
                            + intExpr(depth - 1)
                            + ")";
        };
    }

    private String doubleExpr(int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return pick("x", "0.5", "(-2.25)", "0.0", "1e300");
        }
        return switch (random.nextInt(5)) {
            case 0 -> "-" + doubleExpr(depth - 1);
            case 1 ->
                    "("
                            + intExpr(depth - 1)
                            + " "
                            + pick("+", "-", "*", "/")
                            + " "
                            + doubleExpr(depth - 1)
                            + ")";
            case 2 ->
                    "("
                            + doubleExpr(depth - 1)
                            + " "
                            + pick("+", "-", "*", "/")
                            + " "
                            + intExpr(depth - 1)
                            + ")";
            default ->
                    "("
                            + doubleExpr(depth - 1)
                            + " "
                            + pick("+", "-", "*", "/")
                            + " "
                            + doubleExpr(depth - 1)
                            + ")";
        };
    }

    private String stringExpr(int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return pick("s", "'x'", "''", "'Straße'");
        }
        return switch (random.nextInt(3)) {
            case 0 -> pick("upper(", "lower(") + stringExpr(depth - 1) + ")";
            case 1 ->
                    "("
                            + boolExpr(depth - 1)
                            + " ? "
                            + stringExpr(depth - 1)
                            + " : "
                            + stringExpr(depth - 1)
                            + ")";
            default -> "(" + stringExpr(depth - 1) + " + " + stringExpr(depth - 1) + ")";
        };
    }

    private String boolExpr(int depth) {
        if (depth == 0 || random.nextInt(5) == 0) {
            return pick("t", "true", "false");
        }
        String cmp = pick("==", "!=", "<", "<=", ">", ">=");
        String eq = pick("==", "!=");
        return switch (random.nextInt(7)) {
            case 0 -> "(" + intExpr(depth - 1) + " " + cmp + " " + intExpr(depth - 1) + ")";
            case 1 -> "(" + doubleExpr(depth - 1) + " " + cmp + " " + doubleExpr(depth - 1) + ")";
            case 2 -> "(" + stringExpr(depth - 1) + " " + eq + " " + stringExpr(depth - 1) + ")";
            case 3 -> "!" + boolExpr(depth - 1);
            case 4 -> "(" + boolExpr(depth - 1) + " " + eq + " " + boolExpr(depth - 1) + ")";
            default ->
                    "("
                            + boolExpr(depth - 1)
                            + " "
                            + pick("&&", "||")
                            + " "
                            + boolExpr(depth - 1)
                            + ")";
        };
    }

    private Row row() {
        long[] ints = {0, 1, -1, 3, -7, 1000, Long.MAX_VALUE, Long.MIN_VALUE};
        double[] doubles = {0.0, -0.0, 1.5, -3.25, 1e308, Double.NaN, 7};
        String[] strings = {"", "abc", "ÄÖü", "x"};
        return new Row(S)
                .setLong(0, ints[random.nextInt(ints.length)])
                .setLong(1, ints[random.nextInt(ints.length)])
                .setDouble(2, doubles[random.nextInt(doubles.length)])
                .setString(3, strings[random.nextInt(strings.length)])
                .setBoolean(4, random.nextBoolean());
    }

    @Test
    void theDirectEvaluatorAgreesWithCelsInterpreter() throws Exception {
        int values = 0;
        int errors = 0;
        for (int i = 0; i < 3_000; i++) {
            String text =
                    switch (i % 4) {
                        case 0 -> intExpr(4);
                        case 1 -> doubleExpr(4);
                        case 2 -> boolExpr(4);
                        default -> stringExpr(3);
                    };
            Expression e = Expression.compile(text, S);
            RowProgram direct = e.program();
            RowProgram reference = e.program(false);
            assertThat(direct.direct()).as("%s runs directly", text).isTrue();
            assertThat(reference.direct()).isFalse();
            for (int k = 0; k < 4; k++) {
                Row row = row();
                Object expected;
                Object actual;
                try {
                    expected = reference.evaluate(row);
                } catch (ExpressionEvaluationException ex) {
                    expected = ex;
                }
                try {
                    actual = direct.evaluate(row);
                } catch (ExpressionEvaluationException ex) {
                    actual = ex;
                }
                String what = text + " over " + row;
                if (expected instanceof ExpressionEvaluationException ref) {
                    errors++;
                    assertThat(actual).as(what).isInstanceOf(ExpressionEvaluationException.class);
                    assertThat(((Exception) actual).getMessage())
                            .as(what)
                            .isEqualTo(ref.getMessage());
                } else {
                    values++;
                    assertThat(actual).as(what).isEqualTo(expected);
                }
            }
        }
        assertThat(values).isGreaterThan(5_000);
        assertThat(errors).isGreaterThan(500);
    }

    @Test
    void whatLeavesTheSubsetRunsInCelsInterpreter() throws Exception {
        for (String text :
                new String[] {
                    "s.size() > 2",
                    "a > 1.5",
                    "s < 'b'",
                    "[a, b].exists(v, v > 2)",
                    "math.greatest(a, b)",
                    "int(x)",
                    "string(a)"
                }) {
            assertThat(Expression.compile(text, S).program().direct()).as(text).isFalse();
        }
        assertThat(Expression.compile("a * 0.908 > 3.0 && s == 'x'", S).program().direct())
                .isTrue();
    }
}
