package dev.flare.launcher.roles;

import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.ingest.RemoteTopologyLookup;
import dev.flare.launcher.Role;
import dev.flare.launcher.StandaloneContext;
import dev.flare.launcher.query.TopologyQueryServer;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.net.AddressPolicy;
import dev.flare.topology.TopologyConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * One role per process, against an existing Kafka cluster (spec §6, §7): several instances of each share the work
 * by partitions. The ingest API reads the topology's state through a topology instance's query endpoint.
 */
public final class ClusterRoles {

    private ClusterRoles() {}

    /**
     * The change-detection topology, serving queries on {@code flare.topology.query.host:port}; it announces that
     * address as the URL to call.
     */
    public static List<Role> topology(StandaloneContext context) {
        TopologyConfig config = new TopologyConfig(context.settings());
        TopologyQueryServer queries = new TopologyQueryServer(
                config.getString(TopologyConfig.QUERY_HOST), config.getInt(TopologyConfig.QUERY_PORT));
        PrometheusMeterRegistry registry = MeterRegistries.create();
        return List.of(new TopologyRole(context.config(), config, registry, queries, context::announce));
    }

    /** The HTTP connector, with the catalog it delivers for. */
    public static List<Role> connector(StandaloneContext context) {
        FlareConfig shared = context.config();
        PrometheusMeterRegistry registry = MeterRegistries.create();
        Catalog catalog = Catalog.loading();
        CatalogRole catalogRole = new CatalogRole(shared, catalog);
        ConnectorRole connector =
                new ConnectorRole(shared, new ConnectorConfig(context.settings()), catalog, catalogRole, registry);
        return List.of(catalogRole, connector);
    }

    /** The HTTP API: stateless, any number of instances; ready once its catalog has caught up. */
    public static List<Role> ingestApi(StandaloneContext context) {
        FlareConfig shared = context.config();
        IngestConfig config = new IngestConfig(context.settings());
        PrometheusMeterRegistry registry = MeterRegistries.create();
        Catalog catalog = Catalog.loading();
        CatalogRole catalogRole = new CatalogRole(shared, catalog);
        RemoteTopologyLookup topology = new RemoteTopologyLookup(config.topologyUrl());
        IngestRole ingest = new IngestRole(
                shared,
                config,
                catalog,
                topology,
                topology,
                new AddressPolicy(new ConnectorConfig(context.settings()).allowedCidrs()),
                catalogRole::isReady,
                registry,
                context::announce);
        return List.of(catalogRole, ingest);
    }
}
