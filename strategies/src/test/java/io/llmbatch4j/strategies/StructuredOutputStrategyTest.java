package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.core.ValidationFailedException.Violation;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.ModelBehavior;
import io.llmbatch4j.testkit.RecordedRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class StructuredOutputStrategyTest {

    private static final String VALID = """
            {"name":"Ada","age":36,"email":"ada@example.org","role":"ADMIN",
             "home":{"city":"London","zip":"12345"},"previous":[],"nickname":null,"country":"GB"}""";

    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static StructuredOutputStrategy<Person> offline;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(FakeServerConfig.builder()
                .modelBehavior("spoiled-model", ModelBehavior.invalidJson(0.2).schemaViolations(0.3))
                .build());
        transport = HttpTransport.create();
        offline = StructuredOutputStrategy.builder(Fixtures.client("openai", transport, server), "gpt-4.1-mini",
                Person.class).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        server.clearRequests();
    }

    private static ChatResponse answer(String text) {
        return new ChatResponse(text, "m", new TokenUsage(100, 20, 0), 0, FinishReason.STOP, "stop", null, null, null);
    }

    @Test
    void schemaReflectsNestedRecordsListsEnumsOptionalsAndConstraintsInStrictShape() {
        JsonNode s = offline.schema();
        JsonNode p = s.get("properties");
        assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(s.get("required")).extracting(JsonNode::asString)
                .containsExactly("name", "age", "email", "role", "home", "previous", "nickname", "country");
        assertThat(p.propertyNames()).containsExactly("name", "age", "email", "role", "home", "previous",
                "nickname", "country");
        assertThat(p.get("name").get("minLength").asInt()).isEqualTo(1);
        assertThat(p.get("name").get("maxLength").asInt()).isEqualTo(40);
        assertThat(p.get("age").get("minimum").asInt()).isZero();
        assertThat(p.get("age").get("maximum").asInt()).isEqualTo(150);
        assertThat(p.get("email").get("format").asString()).isEqualTo("email");
        assertThat(p.get("role").get("enum")).extracting(JsonNode::asString).containsExactly("ADMIN", "MEMBER", "GUEST");
        assertThat(p.get("previous").get("maxItems").asInt()).isEqualTo(3);
        assertThat(p.get("nickname").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(p.get("country").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(p.get("country").get("pattern").asString()).isEqualTo("[A-Z]{2}");
        JsonNode address = s.at("/$defs/Address");
        assertThat(address.get("required")).extracting(JsonNode::asString).containsExactly("city", "zip");
        assertThat(address.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(address.at("/properties/zip/pattern").asString()).isEqualTo("[0-9]{5}");
    }

    @Test
    void lenientSchemaRequiresOnlyTheNonNullableComponents() {
        StructuredOutputStrategy<Person> lenient = StructuredOutputStrategy.builder(
                Fixtures.client("openai", transport, server), "gpt-4.1-mini", Person.class).strict(false).build();
        assertThat(lenient.schema().get("required")).extracting(JsonNode::asString)
                .containsExactly("name", "age", "email", "role", "home", "previous");
        assertThat(lenient.responseSchema().strict()).isFalse();
    }

    @Test
    void aValidAnswerIsParsedIntoTheRecordKeepingUsageAndModel() {
        var r = offline.read(answer(VALID));
        assertThat(r.output()).isEqualTo(new Person("Ada", 36, "ada@example.org", Person.Role.ADMIN,
                new Person.Address("London", "12345"), List.of(), Optional.empty(), "GB"));
        assertThat(r.usage()).isEqualTo(new TokenUsage(100, 20, 0));
        assertThat(r.model()).isEqualTo("m");
    }

    @Test
    void malformedJsonIsAValidationFailureCarryingTheRawTextAndTheTokensSpent() {
        String cut = VALID.substring(0, 40);
        ValidationFailedException e = catchThrowableOfType(ValidationFailedException.class,
                () -> offline.read(answer(cut)));
        assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
        assertThat(e.rawOutput()).isEqualTo(cut);
        assertThat(e.usage()).isEqualTo(new TokenUsage(100, 20, 0));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEmpty();
            assertThat(v.message()).contains("not valid JSON");
        });
        assertThat(e.passedFields()).isEmpty();
    }

    @Test
    void brokenConstraintsNameTheirPathAndMessageAndTheFieldsThatPassedKeepTheirValues() {
        String bad = VALID.replace("ada@example.org", "not-an-email").replace("36", "200")
                .replace("12345", "12").replace("\"GB\"", "\"gbr\"");
        ValidationFailedException e = catchThrowableOfType(ValidationFailedException.class,
                () -> offline.read(answer(bad)));
        assertThat(e.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("age", "email", "home.zip", "country");
        assertThat(e.violations()).filteredOn(v -> v.path().equals("age")).singleElement()
                .extracting(Violation::message).isEqualTo("must be less than or equal to 150");
        assertThat(e.violations()).filteredOn(v -> v.path().equals("email")).singleElement()
                .extracting(Violation::message).asString().contains("email");
        assertThat(e.passedFields()).containsEntry("name", "Ada").containsEntry("role", Person.Role.ADMIN)
                .containsEntry("previous", List.of()).containsKeys("nickname")
                .doesNotContainKeys("age", "email", "home", "country");
    }

    @Test
    void missingMistypedAndOutOfEnumFieldsAreViolationsNotCrashes() {
        String bad = """
                {"age":"old","email":"a@b.org","role":"KING","home":{"city":"X","zip":12345},
                 "previous":[{"city":"Y"}],"nickname":null,"country":null}""";
        ValidationFailedException e = catchThrowableOfType(ValidationFailedException.class,
                () -> offline.read(answer(bad)));
        assertThat(e.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("name", "age", "role", "previous[0].zip");
        assertThat(e.violations()).filteredOn(v -> v.path().equals("name")).singleElement()
                .extracting(Violation::message).isEqualTo("is missing");
        assertThat(e.violations()).filteredOn(v -> v.path().equals("role")).singleElement()
                .extracting(Violation::message).asString().contains("one of [ADMIN, MEMBER, GUEST]");
        assertThat(e.passedFields()).containsKeys("email", "home", "nickname", "country");
    }

    @Test
    void aRefusalIsAValidationFailureWithItsReason() {
        ChatResponse refused = new ChatResponse("", "m", TokenUsage.of(10, 3), 0, FinishReason.CONTENT_FILTER,
                "stop", "I can't help with that", null, null);
        assertThatThrownBy(() -> offline.read(refused)).isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("refused: I can't help with that");
    }

    @ParameterizedTest
    @CsvSource({"openai,gpt-4.1-mini,response_format", "anthropic,claude-sonnet-4-5,output_config",
            "gemini,gemini-2.5-flash,responseJsonSchema"})
    void everyProviderReceivesTheSchemaAndEveryAnswerValidates(String provider, String model, String field) {
        ChatClient client = Fixtures.client(provider, transport, server);
        StructuredOutputStrategy<Person> strategy = StructuredOutputStrategy.builder(client, model, Person.class)
                .systemPrompt("Extract the person.").maxOutputTokens(800).build();

        BatchResult<Person, Void> result = Fixtures.run(Fixtures.config(32, 1),
                Fixtures.items(200, strategy, "Ada, 36, admin, lives in London"));

        assertThat(result.failed()).isZero();
        assertThat(result.results()).allSatisfy(r -> {
            assertThat(r.output()).isNotNull();
            assertThat(r.output().age()).isBetween(0, 150);
            assertThat(r.output().home().zip()).matches("[0-9]{5}");
            assertThat(r.model()).isNotBlank();
        });
        List<RecordedRequest> calls = server.requests();
        assertThat(calls).hasSize(200).allSatisfy(req -> assertThat(req.body()).contains("\"" + field + "\"")
                .contains("\"additionalProperties\":false").contains("\"format\":\"email\""));
    }

    @Test
    void spoiledAnswersFailAsValidationAndTheTokensTheySpentAreCounted() {
        StructuredOutputStrategy<Person> strategy = offline.withModel("spoiled-model");

        BatchResult<Person, Void> result = Fixtures.run(Fixtures.config(32, 1), Fixtures.items(400, strategy, "p"));

        List<WorkItemResult<Person, Void>> failed = result.results().stream().filter(r -> !r.success()).toList();
        assertThat(failed).allSatisfy(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(r.usage().inputTokens()).isPositive();
            assertThat(r.usage().outputTokens()).isPositive();
        });
        // half the answers are spoiled (20% invalid JSON + 30% schema violations)
        assertThat(failed.size()).isBetween(150, 250);
        assertThat(result.usage().inputTokens()).as("failed calls count in the run's usage")
                .isEqualTo(result.results().stream().mapToLong(r -> r.usage().inputTokens()).sum())
                .isGreaterThan(result.results().stream().filter(WorkItemResult::success)
                        .mapToLong(r -> r.usage().inputTokens()).sum());
    }

    @Test
    void builderRefusesBadValuesNamingEachField() {
        assertThatThrownBy(() -> StructuredOutputStrategy.builder(Fixtures.client("openai", transport, server), " ",
                Person.class).temperature(3.0).maxOutputTokens(0).schemaName("bad name!").build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model must not be blank")
                .hasMessageContaining("temperature must be between 0 and 2 (was 3.0)")
                .hasMessageContaining("maxOutputTokens must be >= 1 (was 0)")
                .hasMessageContaining("schemaName must be 1-64 characters");
    }
}
