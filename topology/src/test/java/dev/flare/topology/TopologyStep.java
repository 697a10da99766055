package dev.flare.topology;

import dev.flare.model.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One thing that happens around the topology in a generated scenario; printed the way a person would say it. */
sealed interface TopologyStep {

    String USERS = "res-users";
    String ORDERS = "res-orders";

    /** The documents a scenario changes: two of one resource, one of another. */
    enum Doc {
        USERS_1(USERS, "users/1"),
        USERS_2(USERS, "users/2"),
        ORDERS_1(ORDERS, "orders/1");

        final String resourceId;
        final String url;
        private final String label;

        Doc(String resourceId, String label) {
            this.resourceId = resourceId;
            this.url = "http://api.example/" + label;
            this.label = label;
        }

        static Optional<Doc> ofUrl(String url) {
            return Arrays.stream(values()).filter(d -> d.url.equals(url)).findFirst();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The subscriptions a scenario may have: A and C exist from the start, B may be created later. */
    enum Sub {
        A(USERS, true),
        B(USERS, false),
        C(ORDERS, true);

        final String resourceId;
        final String id;
        final boolean initial;

        Sub(String resourceId, boolean initial) {
            this.resourceId = resourceId;
            this.id = "sub-" + name().toLowerCase(Locale.ROOT);
            this.initial = initial;
        }

        static Optional<Sub> ofId(String id) {
            return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
        }

        List<Doc> documents() {
            return Arrays.stream(Doc.values())
                    .filter(d -> d.resourceId.equals(resourceId))
                    .toList();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** How a subscription is created: without backfill, with one, or with one the global store shows late. */
    enum Creation {
        LIVE_ONLY,
        BACKFILL,
        BACKFILL_SEEN_LATE
    }

    /** The origin PUTs a version of a document. */
    record Put(Doc doc, long version) implements TopologyStep {
        @Override
        public String toString() {
            return "put " + doc + " v" + version;
        }
    }

    /** The origin DELETEs a document. */
    record Delete(Doc doc) implements TopologyStep {
        @Override
        public String toString() {
            return "delete " + doc;
        }
    }

    /** The connector reports how the delivery in flight for (sub, doc) went, if one is. */
    record Answer(Sub sub, Doc doc, Outcome outcome) implements TopologyStep {
        @Override
        public String toString() {
            return "answer " + sub + " " + doc + " " + outcome.wireName();
        }
    }

    /** The connector reports its last result for (sub, doc) a second time, late. */
    record AnswerAgain(Sub sub, Doc doc) implements TopologyStep {
        @Override
        public String toString() {
            return "answer " + sub + " " + doc + " again";
        }
    }

    /** A subscription is created, if it never was. */
    record Subscribe(Sub sub, Creation creation) implements TopologyStep {
        @Override
        public String toString() {
            return "subscribe " + sub + " " + creation.name().toLowerCase(Locale.ROOT);
        }
    }

    /** A subscription is deleted, if it exists. */
    record Unsubscribe(Sub sub) implements TopologyStep {
        @Override
        public String toString() {
            return "unsubscribe " + sub;
        }
    }

    /** An operator re-drives (sub, doc), if its last delivery was dead-lettered. */
    record Redrive(Sub sub, Doc doc) implements TopologyStep {
        @Override
        public String toString() {
            return "redrive " + sub + " " + doc;
        }
    }

    /** The topology process crashes and starts again. */
    record Restart() implements TopologyStep {
        @Override
        public String toString() {
            return "restart";
        }
    }
}
