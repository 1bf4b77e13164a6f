package dev.canopy.connector.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.contracts.events.data.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** Reads the organization directory through the admin API (org API key as bearer token). */
@ApplicationScoped
public class AdminDirectoryClient {
    private final WebClient client;

    @Inject
    public AdminDirectoryClient(Vertx vertx) {
        this.client = WebClient.create(vertx);
    }

    /** First page of managed accounts: {@code GET /admin/v1/orgs/{orgId}/users}. */
    public Uni<List<UserData>> firstUsersPage(String adminBaseUrl, String orgId, String apiKey) {
        return client.getAbs(adminBaseUrl + "/admin/v1/orgs/" + orgId + "/users")
                .bearerTokenAuthentication(apiKey)
                .send()
                .map(resp -> {
                    if (resp.statusCode() != 200) {
                        throw new AtlassianApiException(resp.statusCode(), "admin users page answered " + resp.statusCode());
                    }
                    JsonArray data = resp.bodyAsJsonObject().getJsonArray("data", new JsonArray());
                    List<UserData> users = new ArrayList<>(data.size());
                    for (int i = 0; i < data.size(); i++) {
                        users.add(toUser(data.getJsonObject(i)));
                    }
                    return users;
                });
    }

    private static UserData toUser(JsonObject u) {
        String lastActive = u.getString("last_active");
        return new UserData(u.getString("account_id"), u.getString("email"), u.getString("name"),
                u.getString("account_status"), u.getString("account_status"), u.getString("account_type"),
                null, null, List.of(), lastActive == null ? null : Instant.parse(lastActive), null);
    }
}
