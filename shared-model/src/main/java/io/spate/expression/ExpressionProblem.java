package io.spate.expression;

/**
 * One thing wrong with an expression, where it is: line and column count from 1, as an editor shows
 * them.
 */
public record ExpressionProblem(int line, int column, String message) {

    /** {@code column 7: undeclared reference to 'nope'} (the line too when there are several). */
    public String describe(boolean multiline) {
        return (multiline ? "line " + line + ", column " : "column ") + column + ": " + message;
    }
}
