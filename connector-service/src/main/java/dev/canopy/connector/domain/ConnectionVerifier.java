package dev.canopy.connector.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.domain.http.ApiClient;
import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.domain.http.CircuitOpenException;
import dev.canopy.connector.domain.http.DeadlineExceededException;
import dev.canopy.connector.domain.http.EgressRefusedException;
import dev.canopy.connector.domain.http.ResponseTooLargeException;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.domain.http.HttpGateway;
import dev.canopy.connector.domain.http.MalformedResponseException;
import dev.canopy.connector.domain.http.RequestStats;
import dev.canopy.connector.store.Connection;

/**
 * Checks a connection with one cheap real call per capability and reports what works and what does not (and why:
 * 401 rejected credential, 403 missing permission, unreachable, ...). Runs on the verifier workers, never on a
 * request thread, under an overall deadline: a check not finished by then reports the deadline.
 */
@ApplicationScoped
public class ConnectionVerifier {
    private final HttpGateway http;
    private final CredentialCipher cipher;
    private final CredentialMigration migration;

    public ConnectionVerifier(HttpGateway http, CredentialCipher cipher, CredentialMigration migration) {
        this.http = http;
        this.cipher = cipher;
        this.migration = migration;
    }

    public record Check(String capability, String site, boolean ok, Integer status, String reason) {
        static final String DEADLINE = "not completed within the verification deadline";

        boolean timedOut() {
            return !ok && DEADLINE.equals(reason);
        }

        /** Stops a verification that is no longer wanted; answers whether time is left for another call. */
        record Guard(Instant deadline, BooleanSupplier stillWanted) {
            boolean timeLeft() {
                if (!stillWanted.getAsBoolean()) {
                    throw new SupersededException();
                }
                return Instant.now().isBefore(deadline);
            }
        }
    }

    public record Verification(String status, String lastError, List<Check> checks) {
    }

    /** The verification was superseded by a newer request (or lost its claim): its result is not wanted. */
    public static final class SupersededException extends RuntimeException {
        public SupersededException() {
            super("verification superseded", null, false, false);
        }
    }

    /**
     * Verifies with one call per capability, all within {@code deadline}; {@code stillWanted} is asked before every
     * check (a newer request supersedes this one: {@link SupersededException}).
     */
    public Verification verify(Connection stored, Instant deadline, BooleanSupplier stillWanted) {
        ApiClient api = http.forVerification(new RequestStats(), deadline);
        Check.Guard guard = new Check.Guard(deadline, stillWanted);
        Connection c;
        try {
            c = migration.rebindIfNeeded(stored);
        } catch (CredentialCipher.UnreadableCredentialException e) {
            c = stored;
        }
        String orgKey;
        try {
            orgKey = cipher.orgKey(c);
        } catch (CredentialCipher.UnreadableCredentialException e) {
            orgKey = null;
        }
        Credentials admin = orgKey == null ? null : Credentials.bearer(orgKey);
        String unreadable = null;
        String org = c.adminBaseUrl() + "/admin/v1/orgs/" + c.orgId();
        String access = c.adminBaseUrl() + "/admin/api-access/v1/orgs/" + c.orgId();
        List<Check> checks = new ArrayList<>();
        String adminBase = c.adminBaseUrl();
        if (admin == null) {
            unreadable = "stored org API key cannot be decrypted here; enter it again";
            for (String capability : List.of("admin-users", "org-policies", "api-tokens")) {
                checks.add(new Check(capability, null, false, null, unreadable));
            }
        } else {
            checks.add(check(guard, "admin-users", null, () -> api.getJson(adminBase, org + "/users", admin)));
            checks.add(check(guard, "org-policies", null, () -> api.getJson(adminBase, org + "/policies", admin)));
            checks.add(check(guard, "api-tokens", null, () -> api.getJson(adminBase, access + "/api-tokens", admin)));
        }
        for (Connection.Site s : c.sites()) {
            Credentials site;
            try {
                site = Credentials.basic(s.adminEmail(), cipher.siteToken(c, s));
            } catch (CredentialCipher.UnreadableCredentialException e) {
                unreadable = unreadable != null ? unreadable : e.getMessage();
                for (String capability : List.of("teams", "confluence-content", "jira-permissions", "app-listing")) {
                    checks.add(new Check(capability, s.url(), false, null, e.getMessage()));
                }
                continue;
            }
            Function<String, Runnable> get = path -> () -> api.getJson(s.url(), s.url() + path, site);
            checks.add(check(guard, "teams", s.url(), get.apply("/gateway/api/public/teams/v1/org/" + c.orgId() + "/teams?size=1")));
            checks.add(check(guard, "confluence-content", s.url(), get.apply("/wiki/api/v2/spaces?limit=1")));
            checks.add(check(guard, "jira-permissions", s.url(), get.apply("/rest/api/3/permissionscheme")));
            checks.add(check(guard, "app-listing", s.url(), get.apply("/rest/plugins/1.0/")));
        }
        // a check cut by the deadline says nothing about the credential: it neither rejects nor proves it
        List<Check> rejected = checks.stream().filter(k -> !k.ok() && !k.timedOut() && (k.status() == null
                || k.status() == 401 || k.status() == 0)).toList();
        boolean allFailed = checks.stream().noneMatch(Check::ok);
        String lastError = unreadable != null ? unreadable
                : rejected.isEmpty() ? (allFailed ? describe(checks.get(0)) : null) : describe(rejected.get(0));
        boolean connected = unreadable == null && rejected.isEmpty() && !allFailed;
        return new Verification(connected ? Connection.CONNECTED : Connection.ERROR, lastError, checks);
    }

    private static String describe(Check k) {
        return k.capability() + (k.site() == null ? "" : " on " + k.site()) + ": " + k.reason();
    }

    private static Check check(Check.Guard guard, String capability, String site, Runnable call) {
        if (!guard.timeLeft()) {
            return new Check(capability, site, false, null, Check.DEADLINE);
        }
        try {
            call.run();
            return new Check(capability, site, true, 200, null);
        } catch (DeadlineExceededException e) {
            return new Check(capability, site, false, null, Check.DEADLINE);
        } catch (EgressRefusedException e) {
            // the policy's reason only: no status code, no connection error, nothing that depends on the port
            return new Check(capability, site, false, null, e.getMessage());
        } catch (ResponseTooLargeException e) {
            return new Check(capability, site, false, 200, "response too large");
        } catch (AtlassianApiException e) {
            return new Check(capability, site, false, e.status(), AtlassianApiException.describe(e.status()));
        } catch (MalformedResponseException e) {
            return new Check(capability, site, false, 200, "malformed response");
        } catch (CircuitOpenException | IllegalArgumentException e) {
            return new Check(capability, site, false, null, e.getMessage());
        }
    }
}
