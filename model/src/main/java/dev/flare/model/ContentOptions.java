package dev.flare.model;

/** What a callback body holds: the envelope, the document, or both (the default). */
public record ContentOptions(boolean envelope, boolean document) {

    public static final ContentOptions DEFAULT = new ContentOptions(true, true);
}
