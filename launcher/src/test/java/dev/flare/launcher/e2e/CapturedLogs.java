package dev.flare.launcher.e2e;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line of this JVM, stack traces included, from {@link #start()} to {@link #close()}: an appender on the
 * root logger, with Flare's loggers opened to TRACE and Kafka's clients, Streams and config dumps to INFO for the
 * capture only (the broker stays at WARN). Closing reloads the configuration the test run started with.
 */
final class CapturedLogs implements AutoCloseable {

    private static final String NAME = "captured-for-scan";

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context;

    private CapturedLogs(LoggerContext context) {
        this.context = context;
    }

    static CapturedLogs start() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        CapturedLogs logs = new CapturedLogs(context);
        Configuration config = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder()
                .withConfiguration(config)
                .withPattern("%-5level [%t] %c - %msg%n%throwable")
                .build();
        AbstractAppender appender = new AbstractAppender(NAME, null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logs.lines.add(layout.toSerializable(event));
            }
        };
        appender.start();
        List<Appender> runAppenders =
                List.copyOf(config.getRootLogger().getAppenders().values());
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        capture(config, appender, runAppenders, "dev.flare", Level.TRACE);
        capture(config, appender, runAppenders, "org.apache.kafka.clients", Level.INFO);
        capture(config, appender, runAppenders, "org.apache.kafka.streams", Level.INFO);
        capture(config, appender, runAppenders, "org.apache.kafka.common", Level.INFO);
        context.updateLoggers();
        return logs;
    }

    /**
     * Opens {@code name} to {@code level} for the capture only: the run's own appenders still get what they got
     * before, so the test output is no noisier.
     */
    private static void capture(
            Configuration config, Appender capture, List<Appender> runAppenders, String name, Level level) {
        LoggerConfig before = config.getLoggerConfig(name);
        LoggerConfig opened = LoggerConfig.newBuilder()
                .withLoggerName(name)
                .withLevel(level)
                .withAdditivity(false)
                .withConfig(config)
                .build();
        opened.addAppender(capture, Level.ALL, null);
        for (Appender appender : runAppenders) {
            opened.addAppender(appender, before.getLevel(), null);
        }
        config.addLogger(name, opened);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.reconfigure();
    }
}
