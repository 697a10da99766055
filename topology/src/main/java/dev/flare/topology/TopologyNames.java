package dev.flare.topology;

/**
 * Every name the topology gives to a node, a store or a global store, kebab-case and in one place. Store names are
 * part of the contract: they name the changelog topics ({@code <application.id>-<store>-changelog}) and the
 * interactive queries, so renaming one is a breaking change (a golden test of the topology description guards it).
 */
public final class TopologyNames {

    /** Source of document PUTs and DELETEs, keyed by document URL. */
    public static final String DOCUMENTS_SOURCE = "documents-source";
    /** Source of the connector's delivery results, keyed by document URL. */
    public static final String DELIVERY_RESULTS_SOURCE = "delivery-results-source";
    /** Source of operators' delivery commands (re-drives), keyed by document URL. */
    public static final String DELIVERY_COMMANDS_SOURCE = "delivery-commands-source";
    /** Source of the compacted subscriptions topic feeding the global subscription store. */
    public static final String SUBSCRIPTIONS_SOURCE = "subscriptions-source";

    /** Applies document changes to the document store and emits deliveries. */
    public static final String DOCUMENT_CHANGE_PROCESSOR = "document-change-processor";
    /** Applies delivery results to the subscription-delivery store and emits what waited. */
    public static final String DELIVERY_RESULT_PROCESSOR = "delivery-result-processor";
    /** Applies delivery commands to the subscription-delivery store and emits what they call for. */
    public static final String DELIVERY_COMMAND_PROCESSOR = "delivery-command-processor";
    /** Keeps the global subscription store in step with the subscriptions topic. */
    public static final String SUBSCRIPTIONS_PROCESSOR = "subscriptions-processor";

    /** Sink writing deliveries, keyed by document URL. */
    public static final String DELIVERIES_SINK = "deliveries-sink";

    /** Document URL to {@link dev.flare.model.DocumentState}, tombstones included. */
    public static final String DOCUMENT_STORE = "document";
    /** {@code subscriptionId|documentUrl} to {@link dev.flare.model.SubscriptionDeliveryState}. */
    public static final String SUBSCRIPTION_DELIVERY_STORE = "subscription-delivery";
    /** Global store: {@code resourceId/subscriptionId} to {@link dev.flare.model.Subscription}. */
    public static final String SUBSCRIPTION_STORE = "subscriptions";
    /**
     * {@code resourceId/subscriptionId} to when it was backfilled: subscriptions this task has backfilled, so that
     * its live changes reach them even before the global subscription store shows them.
     */
    public static final String BACKFILLED_STORE = "backfilled-subscriptions";
    /** {@code subscriptionId|partition} to {@link dev.flare.model.CommandProgress} of its last backfill or replay. */
    public static final String COMMAND_PROGRESS_STORE = "command-progress";

    private TopologyNames() {}
}
