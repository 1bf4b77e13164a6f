package dev.canopy.tools;

import java.util.Arrays;

import dev.canopy.tools.local.LocalPlatform;

/**
 * {@code java -jar tools/target/canopy-tools.jar <command>}:
 * <ul>
 * <li>{@code token --tenant T --service inventory [--roles tenant-admin,tenant-reader] [--minutes 60]} prints a bearer
 * token for one service</li>
 * <li>{@code local [--exit-after-summary] [--org-id ... --org-api-key ... --site URL,EMAIL,TOKEN]} runs the platform</li>
 * </ul>
 */
public final class CanopyTool {
    private CanopyTool() {
    }

    public static void main(String[] args) throws Exception {
        // embedded Kafka and PostgreSQL are chatty; their warnings still show
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("canopy.log.level", "warn"));
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "token" -> System.out.println(TokenCommand.run(Args.parse(rest)));
            case "local" -> LocalPlatform.main(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage:
                  canopy-tools token --tenant <id> --service connector|inventory|findings|notifier [--roles tenant-admin,tenant-reader] [--minutes 60]
                  canopy-tools local [--exit-after-summary] [--org-id <id> --org-api-key <key> --site <url>,<email>,<token>]
                keys live in $CANOPY_HOME (default ~/.canopy); they are generated at first use""");
    }
}
