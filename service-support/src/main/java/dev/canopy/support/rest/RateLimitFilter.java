package dev.canopy.support.rest;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.canopy.contracts.rest.TenantClaims;
import io.vertx.core.http.HttpServerRequest;

/**
 * Applies {@link RateLimiter} to every REST request once the caller is known: the tenant of a verified token, else
 * the caller's address. Requests with an invalid token never get here; {@link SecurityExceptionMappers} limits those
 * per address.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {
    private static final Map<Method, Optional<String>> NAMED = new ConcurrentHashMap<>();

    @Inject
    RateLimiter limiter;

    @Context
    ResourceInfo resource;

    @Context
    UriInfo uri;

    @Context
    HttpServerRequest request;

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (!limiter.enabled()) {
            return;
        }
        Principal principal = ctx.getSecurityContext() == null ? null : ctx.getSecurityContext().getUserPrincipal();
        String tenant = principal instanceof JsonWebToken jwt ? jwt.getClaim(TenantClaims.TENANT_ID) : null;
        RateLimiter.Decision d = tenant != null && !tenant.isBlank() ? limiter.tenant(tenant, named())
                : limiter.anonymous(ClientAddress.of(request));
        if (!d.allowed()) {
            ctx.abortWith(RateLimiter.tooManyRequests(d, uri));
        }
    }

    private String named() {
        Method m = resource == null ? null : resource.getResourceMethod();
        if (m == null) {
            return null;
        }
        return NAMED.computeIfAbsent(m, method -> {
            RateLimited a = method.getAnnotation(RateLimited.class);
            if (a == null && resource.getResourceClass() != null) {
                a = resource.getResourceClass().getAnnotation(RateLimited.class);
            }
            return Optional.ofNullable(a).map(RateLimited::value);
        }).orElse(null);
    }
}
