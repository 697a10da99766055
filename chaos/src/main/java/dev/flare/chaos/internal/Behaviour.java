package dev.flare.chaos.internal;

/** How a chaos receiver answers the callbacks it gets; one subscription per behaviour. */
public enum Behaviour {
    /** Always 200. */
    HEALTHY,
    /** 500 for about a third of the calls. */
    ERRORS,
    /** Some calls answered 200 only after the subscription's call timeout: Flare cannot know they arrived. */
    SLOW,
    /** Some calls never answered: the connection is held until Flare gives up on it. */
    HANGS,
    /** Some calls read, then the connection reset (TCP RST) instead of an answer. */
    RESETS,
    /** Down (503) for a few seconds, up for a few seconds, over and over. */
    FLAPS,
    /** 422, a discard status of its subscription, for every fifth document; 200 for the others. */
    DISCARDS
}
