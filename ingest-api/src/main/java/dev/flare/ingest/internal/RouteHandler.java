package dev.flare.ingest.internal;

/** Handles one route; throws {@link ProblemException} for every answer that is an error. */
@FunctionalInterface
public interface RouteHandler {

    Response handle(Request request);
}
