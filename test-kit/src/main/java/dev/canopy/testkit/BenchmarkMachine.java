package dev.canopy.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark prints next to its figures so they can be judged: the load average (other work on a shared
 * machine) and the CPU time this JVM used.
 */
public final class BenchmarkMachine {
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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime: fields 14, 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
