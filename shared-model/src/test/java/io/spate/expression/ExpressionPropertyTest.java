package io.spate.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random integer and double expressions over a record, evaluated by CEL and by a reference written
 * here in plain Java (exact long arithmetic: overflow and division by zero are errors; doubles are
 * IEEE): the same value, or an error on both sides.
 */
class ExpressionPropertyTest {

    private static final Schema S =
            Schema.of(
                    new Field("a", FieldType.LONG),
                    new Field("b", FieldType.LONG),
                    new Field("x", FieldType.DOUBLE));

    /** A generated expression: its CEL text and its reference evaluation. */
    private interface Gen {
        String text();

        /** A Long or Double; throws ArithmeticException where CEL must fail. */
        Object value(long a, long b, double x);
    }

    private record Leaf(String text, int which, Object constant) implements Gen {
        public Object value(long a, long b, double x) {
            return switch (which) {
                case 0 -> a;
                case 1 -> b;
                case 2 -> x;
                default -> constant;
            };
        }
    }

    private record Op(String op, Gen l, Gen r) implements Gen {
        public String text() {
            return "(" + l.text() + " " + op + " " + r.text() + ")";
        }

        public Object value(long a, long b, double x) {
            Object u = l.value(a, b, x);
            Object v = r.value(a, b, x);
            if (u instanceof Long p && v instanceof Long q) {
                return switch (op) {
                    case "+" -> Math.addExact(p, q);
                    case "-" -> Math.subtractExact(p, q);
                    case "*" -> Math.multiplyExact(p, q);
                    case "/" -> {
                        if (q == 0 || (p == Long.MIN_VALUE && q == -1)) {
                            throw new ArithmeticException("division");
                        }
                        yield p / q;
                    }
                    case "%" -> {
                        if (q == 0) {
                            throw new ArithmeticException("modulus");
                        }
                        yield p % q; // MIN % -1 is 0 in Java and CEL alike
                    }
                    default -> throw new IllegalStateException(op);
                };
            }
            double p = ((Number) u).doubleValue();
            double q = ((Number) v).doubleValue();
            return switch (op) {
                case "+" -> p + q;
                case "-" -> p - q;
                case "*" -> p * q;
                case "/" -> p / q;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    private static boolean isDouble(Gen g) {
        if (g instanceof Leaf leaf) {
            return leaf.which == 2 || leaf.constant instanceof Double;
        }
        Op o = (Op) g;
        return isDouble(o.l) || isDouble(o.r);
    }

    private static Gen gen(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return switch (random.nextInt(5)) {
                case 0 -> new Leaf("a", 0, null);
                case 1 -> new Leaf("b", 1, null);
                case 2 -> new Leaf("x", 2, null);
                case 3 -> {
                    long c = random.nextInt(21) - 10;
                    yield new Leaf(c < 0 ? "(" + c + ")" : Long.toString(c), 3, c);
                }
                default -> {
                    double c = random.nextInt(200) / 8.0 - 12.5;
                    yield new Leaf("(" + c + ")", 3, c);
                }
            };
        }
        Gen l = gen(random, depth - 1);
        Gen r = gen(random, depth - 1);
        String[] ops =
                isDouble(l) || isDouble(r)
                        ? new String[] {"+", "-", "*", "/"}
                        : new String[] {"+", "-", "*", "/", "%"};
        return new Op(ops[random.nextInt(ops.length)], l, r);
    }

    @Test
    void celAgreesWithThePlainJavaReference() throws Exception {
        Random random = new Random(20261204);
        long[] interesting = {0, 1, -1, 7, -7, Long.MAX_VALUE, Long.MIN_VALUE, 3_000_000_000L};
        int errors = 0;
        for (int i = 0; i < 1_500; i++) {
            Gen g = gen(random, 4);
            RowProgram program = Expression.compile(g.text(), S).program();
            for (int k = 0; k < 5; k++) {
                long a =
                        random.nextBoolean()
                                ? interesting[random.nextInt(interesting.length)]
                                : random.nextInt(2001) - 1000;
                long b = random.nextInt(41) - 20;
                double x = random.nextInt(400) / 4.0 - 50;
                Row row = new Row(S).setLong(0, a).setLong(1, b).setDouble(2, x);
                Object expected;
                try {
                    expected = g.value(a, b, x);
                } catch (ArithmeticException e) {
                    expected = e;
                }
                Object actual;
                try {
                    actual = program.evaluate(row);
                } catch (ExpressionEvaluationException e) {
                    actual = e;
                }
                String what = g.text() + " with a=" + a + " b=" + b + " x=" + x;
                if (expected instanceof ArithmeticException) {
                    errors++;
                    assertThat(actual).as(what).isInstanceOf(ExpressionEvaluationException.class);
                } else if (expected instanceof Double d) {
                    assertThat(actual).as(what).isInstanceOf(Double.class);
                    assertThat((Double) actual).as(what).isEqualTo(d);
                } else {
                    assertThat(actual).as(what).isEqualTo(expected);
                }
            }
        }
        assertThat(errors).as("the generator reaches the error paths").isGreaterThan(50);
    }
}
