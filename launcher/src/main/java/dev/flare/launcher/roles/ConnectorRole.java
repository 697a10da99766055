package dev.flare.launcher.roles;

import dev.flare.connector.ConnectorConfig;
import dev.flare.connector.HttpConnector;
import dev.flare.launcher.Role;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Calls subscribers back; starts only once the catalog is loaded, so no delivery is dropped for want of it. */
final class ConnectorRole implements Role {

    private static final Duration CATALOG_TIMEOUT = Duration.ofMinutes(1);

    private final HttpConnector connector;
    private final CatalogRole catalog;

    ConnectorRole(
            FlareConfig shared,
            ConnectorConfig config,
            Catalog catalogView,
            CatalogRole catalog,
            MeterRegistry registry) {
        this.connector = new HttpConnector(shared, config, catalogView, registry);
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "connector";
    }

    @Override
    public void start() throws InterruptedException {
        if (!catalog.awaitLoaded(CATALOG_TIMEOUT)) {
            throw new IllegalStateException("the catalog did not load within " + CATALOG_TIMEOUT.toSeconds() + " s");
        }
        connector.start();
    }

    @Override
    public boolean isReady() {
        return connector.isRunning();
    }

    @Override
    public void close() {
        connector.close();
    }
}
