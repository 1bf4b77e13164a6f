package dev.canopy.notifier.domain;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.OutboundTarget;
import dev.canopy.support.net.TargetRefusedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The configured {@link OutboundGuard}, non-blocking: host names are resolved on a worker thread. */
@ApplicationScoped
public class TargetChecker {

    @Inject
    NotifierConfig config;

    @Inject
    Vertx vertx;

    private OutboundGuard guard;

    @PostConstruct
    void init() {
        guard = new OutboundGuard(config.allowPrivateTargets(), config.requireHttps());
    }

    /** Fails with {@link TargetRefusedException} when the URL or any address it resolves to is not permitted. */
    public Uni<OutboundGuard.ResolvedTarget> check(String url) {
        OutboundTarget target;
        try {
            target = guard.parse(url);
        } catch (TargetRefusedException e) {
            return Uni.createFrom().failure(e);
        }
        if (OutboundGuard.isIpLiteral(target.host())) {
            return Uni.createFrom().item(() -> guard.resolve(target));
        }
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> guard.resolve(target), false)
                .toCompletionStage());
    }
}
