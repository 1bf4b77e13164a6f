package dev.canopy.connector.domain.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.net.OutboundGuard;

/**
 * Name resolution for outbound Atlassian calls: the system resolver. A bean of its own so tests can replace it (a
 * test host name mapped to 10.0.0.1 or 169.254.169.254 proves a refusal without anything connecting there).
 */
@ApplicationScoped
public class EgressResolver implements OutboundGuard.HostResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
