package dev.flare.chaos.internal;

import java.util.List;

/** A running Flare a chaos run loads and breaks. */
public interface Deployment extends AutoCloseable {

    /** A line saying what runs where. */
    String description();

    /** Starts it; returns the ingest API's base URL. */
    String start() throws Exception;

    /** The faults to inject, in order, once per round. */
    List<Fault> faults();

    /** Its garbage writer: what it wrote onto the documents topic and what the topology dead-lettered. */
    Garbage garbage();

    /** Stops every process. */
    @Override
    void close();
}
