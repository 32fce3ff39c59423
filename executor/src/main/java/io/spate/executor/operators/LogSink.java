package io.spate.executor.operators;

import io.spate.record.Row;
import org.jboss.logging.Logger;

/**
 * {@code Log}: logs every record at INFO, one line each naming job, vertex and subtask. A debug
 * sink: nothing is rate-limited.
 */
public final class LogSink implements OneInputOperator {

    private static final Logger LOG = Logger.getLogger(LogSink.class);

    private final String where;

    public LogSink(OperatorContext context) {
        this.where = context.logName();
    }

    @Override
    public void processRecord(Row row) {
        LOG.infof("%s: %s", where, row);
    }
}
