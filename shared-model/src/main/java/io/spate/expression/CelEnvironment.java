package io.spate.expression;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one CEL environment every Spate expression is checked and run in (src-docs/expressions.md):
 * the record's fields as variables, CEL's standard library with its strings and math extensions,
 * {@code upper}/{@code lower}, and arithmetic mixing int and double ({@code price * 0.908}), which
 * plain CEL refuses. The compiler and the runtime must agree, so both are built here only.
 */
final class CelEnvironment {

    /** Longer expressions are refused at submit (CEL counts code points). */
    static final int MAX_LENGTH = 10_000;

    /** A comprehension ({@code list.all(x, ...)}) over more elements fails the record. */
    static final int MAX_ITERATIONS = 10_000;

    static final CelOptions OPTIONS =
            CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .maxExpressionCodePointSize(MAX_LENGTH)
                    .comprehensionMaxIterations(MAX_ITERATIONS)
                    .build();

    /** CEL's reserved words, which cannot name a variable; such a field is not visible. */
    private static final Set<String> RESERVED =
            Set.of(
                    "false",
                    "in",
                    "null",
                    "true",
                    "as",
                    "break",
                    "const",
                    "continue",
                    "else",
                    "for",
                    "function",
                    "if",
                    "import",
                    "let",
                    "loop",
                    "package",
                    "namespace",
                    "return",
                    "var",
                    "void",
                    "while");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final List<String[]> ARITHMETIC =
            List.of(
                    new String[] {"_+_", "add"},
                    new String[] {"_-_", "subtract"},
                    new String[] {"_*_", "multiply"},
                    new String[] {"_/_", "divide"});

    /** Thread-safe and immutable (CEL's runtime is): one for the JVM. */
    static final CelRuntime RUNTIME = runtime();

    private CelEnvironment() {}

    /** A compiler that knows {@code schema}'s fields. */
    static CelCompiler compiler(Schema schema) {
        CelCompilerBuilder builder =
                CelCompilerFactory.standardCelCompilerBuilder()
                        .setOptions(OPTIONS)
                        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                        .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS))
                        .addFunctionDeclarations(functions());
        for (Field f : schema.fields()) {
            if (visible(f.name())) {
                builder.addVar(f.name(), celType(f.type()));
            }
        }
        return builder.build();
    }

    /** Whether an expression can name a field called {@code name}. */
    static boolean visible(String name) {
        return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name);
    }

    static CelType celType(FieldType type) {
        return switch (type) {
            case LONG -> SimpleType.INT;
            case DOUBLE -> SimpleType.DOUBLE;
            case STRING -> SimpleType.STRING;
            case BOOLEAN -> SimpleType.BOOL;
        };
    }

    /** The field type a CEL result type is stored as; empty for lists, maps, bytes, null, ... */
    static Optional<FieldType> fieldType(CelType type) {
        if (type.equals(SimpleType.INT)) {
            return Optional.of(FieldType.LONG);
        }
        if (type.equals(SimpleType.DOUBLE)) {
            return Optional.of(FieldType.DOUBLE);
        }
        if (type.equals(SimpleType.STRING)) {
            return Optional.of(FieldType.STRING);
        }
        if (type.equals(SimpleType.BOOL)) {
            return Optional.of(FieldType.BOOLEAN);
        }
        return Optional.empty();
    }

    private static List<CelFunctionDecl> functions() {
        List<CelFunctionDecl> decls = new ArrayList<>();
        decls.add(
                CelFunctionDecl.newFunctionDeclaration(
                        "upper",
                        CelOverloadDecl.newGlobalOverload(
                                "spate_upper_string", SimpleType.STRING, SimpleType.STRING)));
        decls.add(
                CelFunctionDecl.newFunctionDeclaration(
                        "lower",
                        CelOverloadDecl.newGlobalOverload(
                                "spate_lower_string", SimpleType.STRING, SimpleType.STRING)));
        for (String[] op : ARITHMETIC) {
            decls.add(
                    CelFunctionDecl.newFunctionDeclaration(
                            op[0],
                            CelOverloadDecl.newGlobalOverload(
                                    "spate_" + op[1] + "_int_double",
                                    SimpleType.DOUBLE,
                                    SimpleType.INT,
                                    SimpleType.DOUBLE),
                            CelOverloadDecl.newGlobalOverload(
                                    "spate_" + op[1] + "_double_int",
                                    SimpleType.DOUBLE,
                                    SimpleType.DOUBLE,
                                    SimpleType.INT)));
        }
        return decls;
    }

    private static CelRuntime runtime() {
        List<CelFunctionBinding> bindings = new ArrayList<>();
        bindings.add(
                CelFunctionBinding.from(
                        "spate_upper_string", String.class, s -> s.toUpperCase(Locale.ROOT)));
        bindings.add(
                CelFunctionBinding.from(
                        "spate_lower_string", String.class, s -> s.toLowerCase(Locale.ROOT)));
        for (String[] op : ARITHMETIC) {
            String name = op[1];
            bindings.add(
                    CelFunctionBinding.from(
                            "spate_" + name + "_int_double",
                            Long.class,
                            Double.class,
                            (a, b) -> apply(name, a.doubleValue(), b)));
            bindings.add(
                    CelFunctionBinding.from(
                            "spate_" + name + "_double_int",
                            Double.class,
                            Long.class,
                            (a, b) -> apply(name, a, b.doubleValue())));
        }
        return CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS))
                .addFunctionBindings(bindings)
                .build();
    }

    /** IEEE arithmetic, as CEL's own double operators (x / 0.0 is an infinity, not an error). */
    private static double apply(String op, double a, double b) {
        return switch (op) {
            case "add" -> a + b;
            case "subtract" -> a - b;
            case "multiply" -> a * b;
            case "divide" -> a / b;
            default -> throw new IllegalArgumentException(op);
        };
    }
}
