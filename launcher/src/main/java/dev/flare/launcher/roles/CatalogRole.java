package dev.flare.launcher.roles;

import dev.flare.launcher.Role;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.catalog.CatalogFollower;
import dev.flare.model.config.FlareConfig;
import java.time.Duration;

/** Loads every resource and subscription into the process's {@link Catalog} and keeps following them. */
final class CatalogRole implements Role {

    private final CatalogFollower follower;

    CatalogRole(FlareConfig shared, Catalog catalog) {
        this.follower = new CatalogFollower(shared.kafkaClientSettings(), shared.topics(), catalog);
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public boolean isReady() {
        return follower.isCaughtUp();
    }

    /** Waits until the catalog holds everything that was on its topics when it started. */
    boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        follower.close();
    }
}
