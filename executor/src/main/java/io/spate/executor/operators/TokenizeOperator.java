package io.spate.executor.operators;

import io.spate.record.Row;
import java.util.Locale;

/**
 * {@code Tokenize}: splits the string field {@code field} into maximal runs of code points for
 * which {@link Character#isLetterOrDigit(int)} holds, and emits each run lower-cased ({@link
 * Locale#ROOT}) as {@code {word}}, in order. Runs are found on the original text, then lower-cased.
 */
public final class TokenizeOperator implements OneInputOperator {

    private final Output out;
    private final int field;
    private final Row word;

    public TokenizeOperator(OperatorContext context, Output out) {
        this.out = out;
        String name = context.spec().config().getString("field");
        this.field = context.spec().inputSchema().orElseThrow().indexOf(name);
        this.word = new Row(context.spec().outputSchema().orElseThrow());
    }

    @Override
    public void processRecord(Row row) throws Exception {
        String text = row.getString(field);
        int start = -1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            boolean inWord = Character.isLetterOrDigit(cp);
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                emit(text, start, i);
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            emit(text, start, n);
        }
    }

    private void emit(String text, int start, int end) throws Exception {
        out.emit(word.setString(0, text.substring(start, end).toLowerCase(Locale.ROOT)));
    }
}
