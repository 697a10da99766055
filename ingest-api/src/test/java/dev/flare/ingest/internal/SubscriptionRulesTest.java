package dev.flare.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.json.Json;
import dev.flare.model.template.UrlTemplate;
import org.junit.jupiter.api.Test;

class SubscriptionRulesTest {

    @Test
    void shouldShowNoSecretValueWhenTheValidPartsArePrinted() throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("""
                {"endpoint": {"url": "https://client.example/users/{id}",
                              "secretHeaders": {"Authorization": "Bearer header-secret-value"}},
                 "signing": {"secret": "whsec_c2lnbmluZy1zZWNyZXQtdmFsdWUtMTIzNDU2Nzg5MA=="}}""");

        SubscriptionRules.Parts parts =
                SubscriptionRules.validate(body, UrlTemplate.parse("https://api.example.com/users/{id}"));

        assertThat(parts.toString())
                .contains("Authorization", "signed=true")
                .doesNotContain("header-secret-value", "whsec_", "c2lnbmluZy1zZWNyZXQtdmFsdWUtMTIzNDU2Nzg5MA");
    }
}
