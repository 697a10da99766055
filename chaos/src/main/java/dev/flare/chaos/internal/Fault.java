package dev.flare.chaos.internal;

/** One fault a deployment can suffer, by name. */
public record Fault(String name, Injection injection) {

    /** Injects the fault and, for a killed process, starts it again. */
    @FunctionalInterface
    public interface Injection {
        void inject() throws Exception;
    }
}
