package dev.canopy.connector.api;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.CredentialCipher;
import dev.canopy.connector.domain.egress.EgressPolicy;
import dev.canopy.connector.domain.sync.SyncWorkers;
import dev.canopy.connector.domain.verify.VerificationWorkers;
import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.connector.store.RunStore;
import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.net.OutboundTarget;
import dev.canopy.support.net.TargetRefusedException;

/**
 * Connections of the caller's tenant (from the JWT only): create/update/verify queue a verification and answer at
 * once; the verifier workers check the credentials with real calls and store per capability what works, shown by
 * GET. Credentials are write-only and shown masked.
 */
@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class ConnectionResource {
    static final String MASK = "********";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String URL = "https?://[^\\s]+";
    private static final String ID = "[A-Za-z0-9._:-]+";
    static final int MAX_SITES = 50;
    static final int MAX_SECRET = 4096;
    /** Polling faster than this would spend the tenant's Atlassian rate budget on nothing. */
    static final int MIN_POLL_SECONDS = 30;
    /** Upper bound of a connection's page-history depth (a tenant must not make every full run read 10,000 versions per page). */
    static final int MAX_HISTORY_VERSIONS = 500;

    @Inject
    CurrentTenant tenant;
    @Inject
    ConnectionStore connections;
    @Inject
    RunStore runs;
    @Inject
    CredentialCipher cipher;
    @Inject
    VerificationWorkers verifications;
    @Inject
    SyncWorkers workers;
    @Inject
    SyncConfig config;
    @Inject
    EgressPolicy egress;

    /** A site: URL, admin email and user API token (the token may be omitted on update to keep the stored one). */
    public record SiteInput(
            @NotBlank @Size(max = OutboundTarget.MAX_URL_LENGTH) @Pattern(regexp = URL, message = "must be an http(s) URL") String url,
            @Size(max = 128) @Pattern(regexp = ID, message = "must be an id (letters, digits, . _ : -)") String siteId,
            @NotBlank @Email @Size(max = 320) String adminEmail, @Size(max = MAX_SECRET) String apiToken) {
    }

    public record ConnectionInput(@NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 128) @Pattern(regexp = ID, message = "must be an id (letters, digits, . _ : -)") String orgId,
            @Size(max = MAX_SECRET) String orgApiKey,
            @Size(max = OutboundTarget.MAX_URL_LENGTH) @Pattern(regexp = URL, message = "must be an http(s) URL") String adminBaseUrl,
            @Size(max = MAX_SITES, message = "at most " + MAX_SITES + " sites") List<@Valid @jakarta.validation.constraints.NotNull SiteInput> sites,
            @Min(5) @Max(100_000) Integer fullIntervalMinutes,
            @Min(1) @Max(100_000) Integer incrementalIntervalMinutes,
            @Schema(description = "seconds between polls of the change feeds (content changes, audit events); 0 "
                    + "switches continuous detection off; otherwise at least " + MIN_POLL_SECONDS)
            @Min(0) @Max(86_400) Integer pollIntervalSeconds,
            @Schema(description = "earlier versions of each page and blog post the page-history scan reads, newest "
                    + "first (0: page history off; absent: the deployment default, SYNC_HISTORY_MAX_VERSIONS)")
            @Min(0) @Max(MAX_HISTORY_VERSIONS) Integer historyMaxVersions) {
    }

    public record SiteView(String url, String siteId, String adminEmail, String apiToken) {
    }

    /**
     * Verification state: {@code pending} (queued), {@code running} (a worker holds it) or {@code complete}; the
     * checks are those of the last completed verification (at {@code verifiedAt}), null before the first one.
     */
    @Schema(description = "Verification of the connection: status pending (queued), running or complete; checks of the "
            + "last completed verification (ok, HTTP status, safe reason per capability), null before the first")
    public record VerificationView(@Schema(enumeration = {"pending", "running", "complete"}) String status,
            Instant requestedAt, JsonNode checks) {
    }

    public record ConnectionView(UUID id, String name, String orgId, String adminBaseUrl, String orgApiKey,
            List<SiteView> sites,
            @Schema(enumeration = {"pending", "connected", "syncing", "error"}) String status, String lastError,
            int fullIntervalMinutes, int incrementalIntervalMinutes, int pollIntervalSeconds, Instant lastPolledAt,
            Integer historyMaxVersions, VerificationView verification, Instant verifiedAt, Instant createdAt, Instant updatedAt) {
        static ConnectionView of(Connection c) {
            String state = c.verificationRequestedAt() == null ? "complete" : c.verificationRunning() ? "running" : "pending";
            return new ConnectionView(c.id(), c.name(), c.orgId(), c.adminBaseUrl(), MASK,
                    c.sites().stream().map(s -> new SiteView(s.url(), s.siteId(), s.adminEmail(), MASK)).toList(),
                    c.status(), c.lastError(), c.fullIntervalMinutes(), c.incrementalIntervalMinutes(),
                    c.pollIntervalSeconds(), c.lastPolledAt(), c.historyMaxVersions(), new VerificationView(state, c.verificationRequestedAt(), parse(c.verificationJson())),
                    c.verifiedAt(), c.createdAt(), c.updatedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a connection", description = "Answers at once (201) with verification.status "
            + "pending: the credentials are verified asynchronously by the verifier workers, one real call per "
            + "capability within an overall deadline; poll GET until verification.status is complete.")
    @APIResponse(responseCode = "201", description = "created; verification pending")
    @APIResponse(responseCode = "400", description = "invalid field (problem+json naming it)")
    public Response create(@Valid ConnectionInput body) {
        if (body.orgApiKey() == null || body.orgApiKey().isBlank()) {
            throw ProblemException.badParameter("orgApiKey", "is required");
        }
        int pollInterval = pollInterval(body.pollIntervalSeconds(), config.defaultPollIntervalSeconds());
        String tenantId = tenant.id();
        UUID id = UUID.randomUUID();
        String adminBase = adminBase(body);
        List<Connection.Site> sites = sites(tenantId, id, body, Map.of());
        Instant now = Instant.now();
        Connection c = new Connection(id, tenantId, body.name(), body.orgId(), adminBase,
                cipher.encryptOrgKey(tenantId, id, body.orgApiKey()), sites, Connection.PENDING, null,
                orDefault(body.fullIntervalMinutes(), config.defaultFullIntervalMinutes()),
                orDefault(body.incrementalIntervalMinutes(), config.defaultIncrementalIntervalMinutes()), null, null, now,
                now, now, false, pollInterval, null, body.historyMaxVersions());
        connections.create(tenantId, c);
        // read before the workers are woken: the answer shows the verification as queued, however fast it runs
        ConnectionView created = ConnectionView.of(load(id));
        verifications.nudge();
        return Response.created(URI.create("/api/v1/connections/" + c.id())).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a connection", description = "Answers at once (200) with verification.status pending: "
            + "a new verification is queued and supersedes one queued or running (whose result is discarded).")
    @APIResponse(responseCode = "200", description = "updated; verification pending")
    @APIResponse(responseCode = "400", description = "invalid field (problem+json naming it)")
    public ConnectionView update(@PathParam("id") UUID id, @Valid ConnectionInput body) {
        String tenantId = tenant.id();
        Connection old = load(id);
        Map<String, Connection.Site> previous = old.sites().stream()
                .collect(Collectors.toMap(Connection.Site::url, Function.identity()));
        String adminBase = adminBase(body);
        String key;
        if (body.orgApiKey() == null || body.orgApiKey().isBlank() || MASK.equals(body.orgApiKey())) {
            // the stored key is bound to where it may be sent: moving it needs the key again
            if (!adminBase.equals(old.adminBaseUrl())) {
                throw ProblemException.badParameter("orgApiKey", "changing adminBaseUrl requires the key again");
            }
            key = old.orgApiKeyEncrypted();
        } else {
            key = cipher.encryptOrgKey(tenantId, id, body.orgApiKey());
        }
        Connection c = new Connection(id, tenantId, body.name(), body.orgId(), adminBase, key,
                sites(tenantId, id, body, previous), old.status(), old.lastError(),
                orDefault(body.fullIntervalMinutes(), old.fullIntervalMinutes()),
                orDefault(body.incrementalIntervalMinutes(), old.incrementalIntervalMinutes()), old.verificationJson(),
                old.verifiedAt(), old.createdAt(), Instant.now(), null, false,
                pollInterval(body.pollIntervalSeconds(), old.pollIntervalSeconds()), old.lastPolledAt(),
                body.historyMaxVersions() != null ? body.historyMaxVersions() : old.historyMaxVersions());
        long seq = connections.update(tenantId, c);
        ConnectionView updated = ConnectionView.of(load(id));
        verifications.supersede(id, seq);
        return updated;
    }

    @GET
    public List<ConnectionView> list() {
        return connections.list(tenant.id()).stream().map(ConnectionView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_READER})
    public ConnectionView get(@PathParam("id") UUID id) {
        return ConnectionView.of(load(id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        if (!connections.delete(tenant.id(), id)) {
            throw ProblemException.notFound("connection", id.toString());
        }
        // a verification of it running here stops (elsewhere its result finds no row)
        verifications.supersede(id, Long.MAX_VALUE);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/verify")
    @Operation(summary = "Verify a connection again", description = "Queues a verification (202) and answers the "
            + "connection with verification.status pending; the result appears on GET.")
    @APIResponse(responseCode = "202", description = "verification queued")
    public Response verify(@PathParam("id") UUID id) {
        long seq = connections.requestVerification(tenant.id(), id)
                .orElseThrow(() -> ProblemException.notFound("connection", id.toString()));
        ConnectionView queued = ConnectionView.of(load(id));
        verifications.supersede(id, seq);
        return Response.accepted(queued).location(URI.create("/api/v1/connections/" + id)).build();
    }

    /** Queues a run (full or incremental); answers the run already queued or running if there is one. */
    @POST
    @Path("/{id}/syncs")
    public Response trigger(@PathParam("id") UUID id, @QueryParam("mode") @DefaultValue("full") String mode) {
        if (!SyncModes.ALL.contains(mode)) {
            throw ProblemException.badParameter("mode", "must be one of " + SyncModes.ALL);
        }
        load(id);
        var run = runs.enqueue(tenant.id(), id, mode, "api");
        workers.nudge();
        return Response.accepted(SyncResource.RunView.of(run)).location(URI.create("/api/v1/syncs/" + run.id())).build();
    }

    @GET
    @Path("/{id}/syncs")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_READER})
    public List<SyncResource.RunView> runs(@PathParam("id") UUID id, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badParameter("limit", "must be between 1 and 500");
        }
        load(id);
        return runs.list(tenant.id(), id, limit).stream().map(SyncResource.RunView::of).toList();
    }

    private List<Connection.Site> sites(String tenantId, UUID connectionId, ConnectionInput body,
            Map<String, Connection.Site> previous) {
        List<Connection.Site> out = new ArrayList<>();
        List<SiteInput> input = body.sites() == null ? List.of() : body.sites();
        for (int i = 0; i < input.size(); i++) {
            SiteInput s = input.get(i);
            String url = allowed("sites[" + i + "].url", s.url().replaceAll("/+$", ""));
            String token;
            if (s.apiToken() != null && !s.apiToken().isBlank() && !MASK.equals(s.apiToken())) {
                token = cipher.encryptSiteToken(tenantId, connectionId, url, s.apiToken());
            } else if (previous.containsKey(url)) {
                // kept only for the same site URL: the ciphertext is bound to it
                token = previous.get(url).apiTokenEncrypted();
            } else {
                throw ProblemException.badParameter("sites[" + i + "].apiToken", previous.isEmpty()
                        ? "is required for a new site" : "is required for a new site or a changed site URL");
            }
            out.add(new Connection.Site(url, s.siteId() == null || s.siteId().isBlank() ? null : s.siteId(),
                    s.adminEmail(), token));
        }
        if (out.stream().map(Connection.Site::url).distinct().count() != out.size()) {
            throw ProblemException.badParameter("sites", "site URLs must be unique");
        }
        return out;
    }

    private String adminBase(ConnectionInput body) {
        String base = body.adminBaseUrl() == null || body.adminBaseUrl().isBlank() ? "https://api.atlassian.com"
                : body.adminBaseUrl();
        return allowed("adminBaseUrl", base.replaceAll("/+$", ""));
    }

    /** The egress policy's syntax and host check (no DNS); the full check runs again at every call. */
    private String allowed(String field, String url) {
        try {
            egress.check(url);
            return url;
        } catch (TargetRefusedException e) {
            throw ProblemException.badParameter(field, EgressPolicy.describe(e));
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int pollInterval(Integer value, int fallback) {
        int seconds = orDefault(value, fallback);
        if (seconds != 0 && seconds < MIN_POLL_SECONDS) {
            throw ProblemException.badParameter("pollIntervalSeconds", "must be 0 (off) or at least " + MIN_POLL_SECONDS);
        }
        return seconds;
    }

    private Connection load(UUID id) {
        return connections.find(tenant.id(), id).orElseThrow(() -> ProblemException.notFound("connection", id.toString()));
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
