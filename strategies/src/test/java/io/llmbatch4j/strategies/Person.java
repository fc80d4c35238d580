package io.llmbatch4j.strategies;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The test record: every kind of component the schema derivation must handle. */
record Person(
        @NotNull @Size(min = 1, max = 40) String name,
        @Min(0) @Max(150) int age,
        @NotNull @Email String email,
        @NotNull Role role,
        @Valid @NotNull Address home,
        @Size(max = 3) List<@Valid Address> previous,
        Optional<String> nickname,
        @Nullable @Pattern(regexp = "[A-Z]{2}") String country) {

    enum Role { ADMIN, MEMBER, GUEST }

    record Address(@NotBlank @Size(max = 30) String city, @NotNull @Pattern(regexp = "[0-9]{5}") String zip) {}
}
