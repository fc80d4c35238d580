package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeLlmServerExtensionTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create(FakeServerConfig.builder().seed(3).build());

    @RepeatedTest(2)
    void clearsTheRequestLogBeforeEachTest() {
        assertThat(fake.server().requests()).isEmpty();
        assertThat(openAiCall(fake.server(), chat("gpt-4.1-mini", "x")).statusCode()).isEqualTo(200);
        assertThat(fake.server().requests()).hasSize(1);
        assertThat(fake.baseUrl()).startsWith("http://127.0.0.1:");
        assertThat(fake.server().config().seed()).isEqualTo(3);
    }

    private static FakeLlmServer outerServer;

    @Test
    void remembersTheOuterServer() {
        outerServer = fake.server();
    }

    @Nested
    class InANestedClass {

        @Test
        void sharesTheOuterServer() {
            assertThat(fake.server().isClosed()).isFalse();
            if (outerServer != null) {
                assertThat(fake.server()).isSameAs(outerServer);
            }
        }
    }

    @Nested
    class AsAnInstanceField {

        @RegisterExtension
        FakeLlmServerExtension perTest = FakeLlmServerExtension.create();

        @Test
        void startsAFreshServerForTheTest() {
            assertThat(perTest.server().port()).isNotEqualTo(fake.server().port());
            assertThat(perTest.server().isClosed()).isFalse();
        }
    }

    @Test
    void serverIsUnavailableOutsideTheExtensionLifetime() {
        assertThatThrownBy(() -> FakeLlmServerExtension.create().server()).isInstanceOf(IllegalStateException.class);
    }
}
