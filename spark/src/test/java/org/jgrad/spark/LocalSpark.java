package org.jgrad.spark;

/**
 * One embedded Spark session for all of the module's tests (starting one takes seconds): {@code local[2,2]}, two
 * worker threads and up to two attempts per task, so the failure test can have one task retried. Closed when the
 * test JVM exits.
 */
final class LocalSpark {
    private static SparkSessions.Session session;

    private LocalSpark() {
    }

    static synchronized SparkSessions.Session get() {
        if (session == null) {
            session = SparkSessions.open("local[2,2]");
            Runtime.getRuntime().addShutdownHook(new Thread(session::close));
        }
        return session;
    }
}
