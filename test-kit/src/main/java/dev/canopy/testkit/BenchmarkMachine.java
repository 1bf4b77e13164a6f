package dev.canopy.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a benchmark prints next to its figures so they can be judged: the load average (other work on a shared
 * machine) and the CPU time this JVM used.
 */
public final class BenchmarkMachine {
    /** The thread group of the JVM's JIT compiler threads in {@link #cpuByThreadGroup()}. */
    public static final String JIT = "JVM JIT";
    private BenchmarkMachine() {
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of this process (all threads) in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time (user + system) of another process, e.g. a service started by the e2e platform, in nanoseconds; from
     * {@code /proc/<pid>/stat} in clock ticks of 10 ms (Linux's USER_HZ), so compare differences over seconds. -1
     * where there is no such file.
     */
    public static long processCpuNanos(long pid) {
        return processCpuNanos(Path.of("/proc/" + pid));
    }

    /** utime + stime of {@code /proc/<pid>} or {@code /proc/self/task/<tid>}, in nanoseconds; -1 where unreadable. */
    private static long processCpuNanos(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime: fields 14, 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of this JVM's live threads in nanoseconds, summed by thread group: the name without its numbers and
     * without a Kafka client's {@code | client-id} suffix ({@code vert.x-eventloop-thread}, {@code dlp-scan-content}).
     * The JVM's own threads, which {@code ThreadMXBean} does not list, are read from {@code /proc/self/task} on Linux
     * and grouped as {@code JVM GC}, {@code JVM JIT} and {@code JVM other} (VM thread, periodic tasks): on 2 cores
     * the collector and the compilers are often a third of a benchmark's CPU.
     */
    public static Map<String, Long> cpuByThreadGroup() {
        return cpuByThreadGroup(cpuByThread());
    }

    /**
     * {@link #cpuByThreadGroup()} from a {@link #cpuByThread()} snapshot just taken (the JVM's own threads are read
     * now), for a caller that wants both views of the same moment.
     */
    public static Map<String, Long> cpuByThreadGroup(Map<String, Long> eachThread) {
        Map<String, Long> cpu = new HashMap<>();
        eachThread.forEach((name, t) -> cpu.merge(name.replaceAll("[-#]?\\d+", "").replaceAll("\\s*\\|.*", ""), t,
                Long::sum));
        jvmThreadsCpu(cpu);
        return cpu;
    }

    /**
     * CPU time of each live Java thread of this JVM in nanoseconds, by its full name ({@code vert.x-eventloop-thread-3}):
     * for a pipeline stage that runs on one thread, whose busiest thread is the stage's own ceiling.
     */
    public static Map<String, Long> cpuByThread() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    cpu.merge(info.getThreadName(), t, Long::sum);
                }
            }
        }
        return cpu;
    }

    /**
     * The CPU time that the busiest thread whose name starts with {@code prefix} used between two {@link #cpuByThread()}
     * snapshots, in nanoseconds (0 when none ran).
     */
    public static long busiestThread(Map<String, Long> before, Map<String, Long> after, String prefix) {
        return after.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).max().orElse(0);
    }

    private static void jvmThreadsCpu(Map<String, Long> cpu) {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String group = jvmThreadGroup(readOrEmpty(task.resolve("comm")).strip());
                if (group != null) {
                    long t = processCpuNanos(task);
                    if (t > 0) {
                        cpu.merge(group, t, Long::sum);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the Java threads alone
        }
    }

    /** The group of a JVM-internal thread by its native name (15 characters at most), null for a Java thread. */
    private static String jvmThreadGroup(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "JVM GC";
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (comm.equals("VM Thread") || comm.startsWith("VM Periodic") || comm.startsWith("Sweeper")) {
            return "JVM other";
        }
        return null;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The thread groups that used at least 2 % of one core between two {@link #cpuByThreadGroup()} snapshots taken
     * {@code wallNanos} apart, busiest first: {@code "vert.x-eventloop-thread 61%, dlp-scan-content 23%"}.
     */
    public static String cpuShares(Map<String, Long> before, Map<String, Long> after, long wallNanos) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() * 100 / wallNanos >= 2)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %d%%", e.getKey(), e.getValue() * 100 / wallNanos))
                .collect(Collectors.joining(", "));
    }
}
