package io.spate.expression;

import java.util.List;

/** An expression that does not parse or type-check, with every problem found in it. */
public final class InvalidExpressionException extends Exception {

    private final transient List<ExpressionProblem> problems;

    public InvalidExpressionException(List<ExpressionProblem> problems) {
        super(problems.isEmpty() ? "invalid expression" : problems.getFirst().describe(false));
        this.problems = List.copyOf(problems);
    }

    public List<ExpressionProblem> problems() {
        return problems;
    }
}
