package io.spate.expression;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The common subset of checked CEL — field references, constants, int and double arithmetic,
 * comparisons of like types, {@code && || !}, the conditional, string concatenation and {@code
 * upper}/{@code lower} — as a tree of nodes that read a row's primitives directly: no boxing, no
 * variable lookup by name, no activation per record. CEL's interpreter spends about 0.5 µs a record
 * on what this does in a few ns (src-docs/performance.md, W1x). An expression with anything else
 * runs in CEL's interpreter. Same values, same errors as CEL: {@code DirectEvaluatorPropertyTest}
 * holds the two against each other.
 */
final class DirectEvaluator {

    private DirectEvaluator() {}

    /** A node of the tree; evaluation calls the method of its {@link #type}. */
    abstract static class Node {
        final FieldType type;

        Node(FieldType type) {
            this.type = type;
        }

        long asLong(Row r) throws ExpressionEvaluationException {
            throw new IllegalStateException(type + " node read as a long");
        }

        double asDouble(Row r) throws ExpressionEvaluationException {
            throw new IllegalStateException(type + " node read as a double");
        }

        boolean asBool(Row r) throws ExpressionEvaluationException {
            throw new IllegalStateException(type + " node read as a bool");
        }

        String asString(Row r) throws ExpressionEvaluationException {
            throw new IllegalStateException(type + " node read as a string");
        }

        /** Widened to a double (an int operand of mixed arithmetic). */
        final double number(Row r) throws ExpressionEvaluationException {
            return type == FieldType.LONG ? (double) asLong(r) : asDouble(r);
        }

        final Object boxed(Row r) throws ExpressionEvaluationException {
            return switch (type) {
                case LONG -> asLong(r);
                case DOUBLE -> asDouble(r);
                case BOOLEAN -> asBool(r);
                case STRING -> asString(r);
            };
        }
    }

    /** Thrown by nothing but {@link #plan}: the expression leaves the subset. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    /** The tree of a checked expression over {@code schema}, or empty to use CEL's interpreter. */
    static Optional<Node> plan(CelAbstractSyntaxTree ast, Schema schema) {
        try {
            return Optional.of(new Planner(ast, schema).node(ast.getExpr()));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    private record Planner(CelAbstractSyntaxTree ast, Schema schema) {

        FieldType type(CelExpr e) throws Unsupported {
            Optional<CelType> t = ast.getType(e.id());
            if (t.isEmpty()) {
                throw UNSUPPORTED;
            }
            return CelEnvironment.fieldType(t.get()).orElseThrow(() -> UNSUPPORTED);
        }

        /** "evaluation error at column N: " as RowProgram words CEL's own errors. */
        String at(CelExpr e) {
            Map<Long, Integer> positions = ast.getSource().getPositionsMap();
            Integer p = positions.get(e.id());
            return "evaluation error at column " + (p == null ? 1 : p + 1) + ": ";
        }

        Node node(CelExpr e) throws Unsupported {
            FieldType type = type(e);
            return switch (e.getKind()) {
                case CONSTANT -> constant(e.constant(), type);
                case IDENT -> field(e.ident().name(), type);
                case CALL -> call(e, type);
                default -> throw UNSUPPORTED;
            };
        }

        Node constant(CelConstant c, FieldType type) throws Unsupported {
            return switch (c.getKind()) {
                case INT64_VALUE -> {
                    long v = c.int64Value();
                    yield new Node(FieldType.LONG) {
                        long asLong(Row r) {
                            return v;
                        }
                    };
                }
                case DOUBLE_VALUE -> {
                    double v = c.doubleValue();
                    yield new Node(FieldType.DOUBLE) {
                        double asDouble(Row r) {
                            return v;
                        }
                    };
                }
                case BOOLEAN_VALUE -> {
                    boolean v = c.booleanValue();
                    yield new Node(FieldType.BOOLEAN) {
                        boolean asBool(Row r) {
                            return v;
                        }
                    };
                }
                case STRING_VALUE -> {
                    String v = c.stringValue();
                    yield new Node(FieldType.STRING) {
                        String asString(Row r) {
                            return v;
                        }
                    };
                }
                default -> throw UNSUPPORTED;
            };
        }

        Node field(String name, FieldType type) throws Unsupported {
            int i = schema.indexOf(name);
            if (i < 0 || schema.field(i).type() != type) {
                throw UNSUPPORTED;
            }
            return switch (type) {
                case LONG ->
                        new Node(type) {
                            long asLong(Row r) {
                                return r.getLong(i);
                            }
                        };
                case DOUBLE ->
                        new Node(type) {
                            double asDouble(Row r) {
                                return r.getDouble(i);
                            }
                        };
                case BOOLEAN ->
                        new Node(type) {
                            boolean asBool(Row r) {
                                return r.getBoolean(i);
                            }
                        };
                case STRING ->
                        new Node(type) {
                            String asString(Row r) {
                                return r.getString(i);
                            }
                        };
            };
        }

        Node call(CelExpr e, FieldType type) throws Unsupported {
            CelExpr.CelCall call = e.call();
            if (call.target().isPresent()) {
                throw UNSUPPORTED; // receiver-style calls (name.size(), ...): CEL's
            }
            List<CelExpr> args = call.args();
            String f = call.function();
            if (args.size() == 1) {
                Node a = node(args.get(0));
                return switch (f) {
                    case "-_" -> negate(a, at(e));
                    case "!_" -> {
                        requireType(a, FieldType.BOOLEAN);
                        yield new Node(FieldType.BOOLEAN) {
                            boolean asBool(Row r) throws ExpressionEvaluationException {
                                return !a.asBool(r);
                            }
                        };
                    }
                    case "upper", "lower" -> {
                        requireType(a, FieldType.STRING);
                        boolean upper = f.equals("upper");
                        yield new Node(FieldType.STRING) {
                            String asString(Row r) throws ExpressionEvaluationException {
                                String s = a.asString(r);
                                return upper
                                        ? s.toUpperCase(java.util.Locale.ROOT)
                                        : s.toLowerCase(java.util.Locale.ROOT);
                            }
                        };
                    }
                    default -> throw UNSUPPORTED;
                };
            }
            if (args.size() == 3 && f.equals("_?_:_")) {
                return conditional(node(args.get(0)), node(args.get(1)), node(args.get(2)), type);
            }
            if (args.size() != 2) {
                throw UNSUPPORTED;
            }
            Node a = node(args.get(0));
            Node b = node(args.get(1));
            String where = at(e);
            return switch (f) {
                case "_+_", "_-_", "_*_", "_/_", "_%_" -> arithmetic(f, a, b, type, where);
                case "_&&_", "_||_" -> logical(f.equals("_&&_"), a, b);
                case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> comparison(f, a, b);
                default -> throw UNSUPPORTED;
            };
        }

        static void requireType(Node n, FieldType t) throws Unsupported {
            if (n.type != t) {
                throw UNSUPPORTED;
            }
        }

        static Node negate(Node a, String where) throws Unsupported {
            if (a.type == FieldType.LONG) {
                return new Node(FieldType.LONG) {
                    long asLong(Row r) throws ExpressionEvaluationException {
                        long v = a.asLong(r);
                        if (v == Long.MIN_VALUE) {
                            throw error(where + "long overflow");
                        }
                        return -v;
                    }
                };
            }
            requireType(a, FieldType.DOUBLE);
            return new Node(FieldType.DOUBLE) {
                double asDouble(Row r) throws ExpressionEvaluationException {
                    return -a.asDouble(r);
                }
            };
        }

        static Node arithmetic(String f, Node a, Node b, FieldType type, String where)
                throws Unsupported {
            if (type == FieldType.STRING) {
                if (!f.equals("_+_") || a.type != FieldType.STRING || b.type != FieldType.STRING) {
                    throw UNSUPPORTED;
                }
                return new Node(FieldType.STRING) {
                    String asString(Row r) throws ExpressionEvaluationException {
                        return a.asString(r).concat(b.asString(r));
                    }
                };
            }
            if (type == FieldType.LONG) {
                requireType(a, FieldType.LONG);
                requireType(b, FieldType.LONG);
                return switch (f) {
                    case "_+_" ->
                            new Node(FieldType.LONG) {
                                long asLong(Row r) throws ExpressionEvaluationException {
                                    long x = a.asLong(r);
                                    long y = b.asLong(r);
                                    long s = x + y;
                                    if (((x ^ s) & (y ^ s)) < 0) {
                                        throw error(where + "long overflow");
                                    }
                                    return s;
                                }
                            };
                    case "_-_" ->
                            new Node(FieldType.LONG) {
                                long asLong(Row r) throws ExpressionEvaluationException {
                                    long x = a.asLong(r);
                                    long y = b.asLong(r);
                                    long d = x - y;
                                    if (((x ^ y) & (x ^ d)) < 0) {
                                        throw error(where + "long overflow");
                                    }
                                    return d;
                                }
                            };
                    case "_*_" ->
                            new Node(FieldType.LONG) {
                                long asLong(Row r) throws ExpressionEvaluationException {
                                    long x = a.asLong(r);
                                    long y = b.asLong(r);
                                    long hi = Math.multiplyHigh(x, y);
                                    long lo = x * y;
                                    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
                                        throw error(where + "long overflow");
                                    }
                                    return lo;
                                }
                            };
                    case "_/_" ->
                            new Node(FieldType.LONG) {
                                long asLong(Row r) throws ExpressionEvaluationException {
                                    long x = a.asLong(r);
                                    long y = b.asLong(r);
                                    if (y == 0) {
                                        throw error(where + "/ by zero");
                                    }
                                    if (x == Long.MIN_VALUE && y == -1) {
                                        throw error(where + "most negative number wraps");
                                    }
                                    return x / y;
                                }
                            };
                    default ->
                            new Node(FieldType.LONG) {
                                long asLong(Row r) throws ExpressionEvaluationException {
                                    long x = a.asLong(r);
                                    long y = b.asLong(r);
                                    if (y == 0) {
                                        throw error(where + "/ by zero");
                                    }
                                    return x % y;
                                }
                            };
                };
            }
            if (type != FieldType.DOUBLE
                    || f.equals("_%_")
                    || !numeric(a.type)
                    || !numeric(b.type)) {
                throw UNSUPPORTED;
            }
            return switch (f) {
                case "_+_" ->
                        new Node(FieldType.DOUBLE) {
                            double asDouble(Row r) throws ExpressionEvaluationException {
                                return a.number(r) + b.number(r);
                            }
                        };
                case "_-_" ->
                        new Node(FieldType.DOUBLE) {
                            double asDouble(Row r) throws ExpressionEvaluationException {
                                return a.number(r) - b.number(r);
                            }
                        };
                case "_*_" ->
                        new Node(FieldType.DOUBLE) {
                            double asDouble(Row r) throws ExpressionEvaluationException {
                                return a.number(r) * b.number(r);
                            }
                        };
                default ->
                        new Node(FieldType.DOUBLE) {
                            double asDouble(Row r) throws ExpressionEvaluationException {
                                return a.number(r) / b.number(r);
                            }
                        };
            };
        }

        static boolean numeric(FieldType t) {
            return t == FieldType.LONG || t == FieldType.DOUBLE;
        }

        /**
         * CEL's commutative {@code &&}/{@code ||}: an error on one side is absorbed when the other
         * side decides the result.
         */
        static Node logical(boolean and, Node a, Node b) throws Unsupported {
            requireType(a, FieldType.BOOLEAN);
            requireType(b, FieldType.BOOLEAN);
            return new Node(FieldType.BOOLEAN) {
                boolean asBool(Row r) throws ExpressionEvaluationException {
                    boolean x;
                    try {
                        x = a.asBool(r);
                    } catch (ExpressionEvaluationException e) {
                        boolean y;
                        try {
                            y = b.asBool(r);
                        } catch (ExpressionEvaluationException second) {
                            throw e; // both failed: CEL reports the left one
                        }
                        if (y != and) {
                            return !and;
                        }
                        throw e;
                    }
                    if (x != and) {
                        return x;
                    }
                    return b.asBool(r);
                }
            };
        }

        /** Like types only: an int against a double is CEL's to compare (exactly). */
        static Node comparison(String f, Node a, Node b) throws Unsupported {
            if (a.type != b.type) {
                throw UNSUPPORTED;
            }
            boolean ordering = !f.equals("_==_") && !f.equals("_!=_");
            return switch (a.type) {
                case LONG ->
                        new Node(FieldType.BOOLEAN) {
                            boolean asBool(Row r) throws ExpressionEvaluationException {
                                long x = a.asLong(r);
                                long y = b.asLong(r);
                                return switch (f) {
                                    case "_==_" -> x == y;
                                    case "_!=_" -> x != y;
                                    case "_<_" -> x < y;
                                    case "_<=_" -> x <= y;
                                    case "_>_" -> x > y;
                                    default -> x >= y;
                                };
                            }
                        };
                case DOUBLE ->
                        new Node(FieldType.BOOLEAN) {
                            boolean asBool(Row r) throws ExpressionEvaluationException {
                                double x = a.asDouble(r);
                                double y = b.asDouble(r);
                                return switch (f) {
                                    case "_==_" -> x == y;
                                    case "_!=_" -> x != y;
                                    case "_<_" -> x < y;
                                    case "_<=_" -> x <= y;
                                    case "_>_" -> x > y;
                                    default -> x >= y;
                                };
                            }
                        };
                case BOOLEAN -> {
                    if (ordering) {
                        throw UNSUPPORTED;
                    }
                    boolean eq = f.equals("_==_");
                    yield new Node(FieldType.BOOLEAN) {
                        boolean asBool(Row r) throws ExpressionEvaluationException {
                            return (a.asBool(r) == b.asBool(r)) == eq;
                        }
                    };
                }
                case STRING -> {
                    if (ordering) {
                        throw UNSUPPORTED; // CEL orders by code point, String by UTF-16 unit
                    }
                    boolean eq = f.equals("_==_");
                    yield new Node(FieldType.BOOLEAN) {
                        boolean asBool(Row r) throws ExpressionEvaluationException {
                            return a.asString(r).equals(b.asString(r)) == eq;
                        }
                    };
                }
            };
        }

        static Node conditional(Node c, Node x, Node y, FieldType type) throws Unsupported {
            requireType(c, FieldType.BOOLEAN);
            if (x.type != type || y.type != type) {
                throw UNSUPPORTED;
            }
            return switch (type) {
                case LONG ->
                        new Node(type) {
                            long asLong(Row r) throws ExpressionEvaluationException {
                                return c.asBool(r) ? x.asLong(r) : y.asLong(r);
                            }
                        };
                case DOUBLE ->
                        new Node(type) {
                            double asDouble(Row r) throws ExpressionEvaluationException {
                                return c.asBool(r) ? x.asDouble(r) : y.asDouble(r);
                            }
                        };
                case BOOLEAN ->
                        new Node(type) {
                            boolean asBool(Row r) throws ExpressionEvaluationException {
                                return c.asBool(r) ? x.asBool(r) : y.asBool(r);
                            }
                        };
                case STRING ->
                        new Node(type) {
                            String asString(Row r) throws ExpressionEvaluationException {
                                return c.asBool(r) ? x.asString(r) : y.asString(r);
                            }
                        };
            };
        }
    }

    private static ExpressionEvaluationException error(String message) {
        return new ExpressionEvaluationException(message, null);
    }
}
