package dev.flare.bench.internal;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Heap, RSS and CPU of this process, and CPU per thread family (broker, stream threads, clients, ...). */
public final class ProcessStats {

    private static final Pattern DIGITS = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path TASKS = Path.of("/proc/self/task");
    // Note: USER_HZ is 100 on every Linux the bench runs on; /proc reports thread CPU in those ticks.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessStats() {}

    /** One sample of memory and CPU. */
    public record Memory(long heapUsedBytes, long heapCommittedBytes, long rssBytes) {}

    public static Memory memory() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return new Memory(
                memory.getHeapMemoryUsage().getUsed(),
                memory.getHeapMemoryUsage().getCommitted(),
                rssBytes());
    }

    /** Memory after a full collection: what stays. */
    public static Memory memoryAfterGc() {
        System.gc();
        return memory();
    }

    /** Resident set size from {@code /proc/self/status}, or -1 where there is none. */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim();
                    int space = kb.indexOf(' ');
                    return Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of the whole process in nanoseconds, or -1. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * What the process had used up to one moment: CPU in all, per Java thread family, per OS thread family (which
     * also holds the GC workers, the JIT compilers and RocksDB's threads, under names cut to 15 characters), and the
     * JVM's own work.
     */
    public record CpuSnapshot(
            long processCpuNanos,
            Map<String, Long> byFamily,
            Map<String, Long> byOsFamily,
            long gcMillis,
            long gcCount,
            long jitMillis) {}

    public static CpuSnapshot cpuSnapshot() {
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, collector.getCollectionTime());
            gcCount += Math.max(0, collector.getCollectionCount());
        }
        return new CpuSnapshot(
                processCpuNanos(), cpuByThreadFamily(), cpuByOsThreadFamily(), gcMillis, gcCount, jitMillis());
    }

    /** Milliseconds the JIT compilers have worked so far, summed over their threads; 0 where not measured. */
    public static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * CPU used since {@code before}: in all, on average in cores over the wall time since {@code startNanos}, by the
     * ten busiest thread families, and outside the Java threads (GC workers, JIT compilers, RocksDB's native
     * threads, and threads that ended meanwhile); beside it, the time the collectors and the JIT compiler report.
     */
    public static Map<String, Object> cpuSince(CpuSnapshot before, long startNanos) {
        CpuSnapshot now = cpuSnapshot();
        double cpuSeconds = (now.processCpuNanos() - before.processCpuNanos()) / 1e9;
        long javaThreadsNanos = 0;
        for (Map.Entry<String, Long> family : now.byFamily().entrySet()) {
            javaThreadsNanos += family.getValue() - before.byFamily().getOrDefault(family.getKey(), 0L);
        }
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("processCpuSeconds", cpuSeconds);
        cpu.put("averageCores", cpuSeconds / ((System.nanoTime() - startNanos) / 1e9));
        cpu.put("outsideJavaThreadsCpuSeconds", cpuSeconds - javaThreadsNanos / 1e9);
        cpu.put("gcSeconds", (now.gcMillis() - before.gcMillis()) / 1e3);
        cpu.put("gcCollections", now.gcCount() - before.gcCount());
        cpu.put("jitCompilationSeconds", (now.jitMillis() - before.jitMillis()) / 1e3);
        cpu.put("byThreadFamilySeconds", topCpuSeconds(before.byFamily(), now.byFamily(), 10));
        cpu.put("byOsThreadFamilySeconds", topCpuSeconds(before.byOsFamily(), now.byOsFamily(), 15));
        return cpu;
    }

    /**
     * CPU nanoseconds so far of every live OS thread of this process, from {@code /proc/self/task}, summed by thread
     * name with numbers removed; empty where there is no {@code /proc}.
     */
    public static Map<String, Long> cpuByOsThreadFamily() {
        Map<String, Long> byFamily = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                            .strip();
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    // Note: fields after the parenthesised name, which may itself hold spaces; utime and stime are
                    // the 14th and 15th fields of the line, in clock ticks.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    byFamily.merge(family(name), ticks * NANOS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            // no /proc here
        }
        return byFamily;
    }

    /** CPU nanoseconds so far of every live platform thread, summed by thread name with numbers removed. */
    public static Map<String, Long> cpuByThreadFamily() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byFamily = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return byFamily;
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (infos[i] == null || cpu < 0) {
                continue;
            }
            byFamily.merge(family(infos[i].getThreadName()), cpu, Long::sum);
        }
        return byFamily;
    }

    static String family(String threadName) {
        return DIGITS.matcher(threadName).replaceAll("N");
    }

    /** The families that used the most CPU between two snapshots, in seconds, largest first. */
    public static Map<String, Double> topCpuSeconds(Map<String, Long> before, Map<String, Long> after, int limit) {
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        after.forEach((family, cpu) -> deltas.add(Map.entry(family, cpu - before.getOrDefault(family, 0L))));
        deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Double> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> delta : deltas.subList(0, Math.min(limit, deltas.size()))) {
            top.put(delta.getKey(), delta.getValue() / 1e9);
        }
        return top;
    }
}
