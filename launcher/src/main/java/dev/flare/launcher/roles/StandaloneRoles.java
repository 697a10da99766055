package dev.flare.launcher.roles;

import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.Role;
import dev.flare.launcher.StandaloneContext;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.net.AddressPolicy;
import dev.flare.topology.TopologyConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every role of Flare in one process, in start order: the catalog, the topology, the connector, then the API (which
 * reports ready only when the others are).
 */
public final class StandaloneRoles {

    /** Loopback only: standalone mode calls receivers on the same machine, and nothing else private. */
    static final String LOOPBACK_CIDRS = "127.0.0.0/8,::1/128";

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneRoles.class);

    private StandaloneRoles() {}

    public static List<Role> create(StandaloneContext context) {
        Map<String, String> settings = standaloneDefaults(context);
        if (settings.get(ConnectorConfig.ALLOWED_CIDRS).contains("127.0.0.0/8")) {
            LOG.warn(
                    "Standalone mode allows callbacks to loopback addresses ({}); set {} to change that",
                    settings.get(ConnectorConfig.ALLOWED_CIDRS),
                    ConnectorConfig.ALLOWED_CIDRS);
        }
        FlareConfig shared = new FlareConfig(settings);
        PrometheusMeterRegistry registry = MeterRegistries.create();
        Catalog catalog = Catalog.loading();
        CatalogRole catalogRole = new CatalogRole(shared, catalog);
        TopologyRole topology = new TopologyRole(shared, new TopologyConfig(settings), registry);
        ConnectorConfig connectorConfig = new ConnectorConfig(settings);
        ConnectorRole connector = new ConnectorRole(shared, connectorConfig, catalog, catalogRole, registry);
        IngestRole ingest = new IngestRole(
                shared,
                new IngestConfig(settings),
                catalog,
                topology.documents(),
                topology.documents(),
                new AddressPolicy(connectorConfig.allowedCidrs()),
                () -> catalogRole.isReady() && topology.isReady() && connector.isReady(),
                registry,
                context::announce);
        return List.of(catalogRole, topology, connector, ingest);
    }

    /** The settings with what standalone mode changes from the production defaults, unless set explicitly. */
    static Map<String, String> standaloneDefaults(StandaloneContext context) {
        Map<String, String> settings = new HashMap<>(context.settings());
        settings.putIfAbsent(
                TopologyConfig.STATE_DIR, context.dataDir().resolve("streams").toString());
        settings.putIfAbsent(TopologyConfig.STANDBY_REPLICAS, "0");
        settings.putIfAbsent(TopologyConfig.SESSION_TIMEOUT_MS, "10000");
        settings.putIfAbsent(ConnectorConfig.ALLOWED_CIDRS, LOOPBACK_CIDRS);
        settings.putIfAbsent(ConnectorConfig.INSTANCE_ID, "standalone");
        if (!settings.containsKey(FlareConfig.SECRET_KEY)) {
            settings.put(FlareConfig.SECRET_KEY, StandaloneSecretKey.loadOrCreate(context.dataDir()));
        }
        return settings;
    }
}
