package dev.flare.bench.internal;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
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

    /** What the process had used up to one moment: CPU in all, per thread family, and the JVM's own work. */
    public record CpuSnapshot(
            long processCpuNanos, Map<String, Long> byFamily, long gcMillis, long gcCount, long jitMillis) {}

    public static CpuSnapshot cpuSnapshot() {
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, collector.getCollectionTime());
            gcCount += Math.max(0, collector.getCollectionCount());
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new CpuSnapshot(processCpuNanos(), cpuByThreadFamily(), gcMillis, gcCount, jitMillis);
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
        return cpu;
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
