package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** copy-into's request: named steps, their defaults, and the option combinations refused before any engine. */
class CopyIntoRequestTest {
  private static CopyIntoRequest.Builder csv() {
    return CopyIntoRequest.into(TableRef.parse("/t")).from("/landing", SourceFormat.CSV);
  }

  @Test
  void theStepsNotTakenHaveTheDefaultsOfTheCommandLine() {
    CopyIntoRequest r = csv().build();
    assertThat(r).isEqualTo(new CopyIntoRequest(TableRef.parse("/t"), "/landing", SourceFormat.CSV, List.of(), null,
        Map.of(), null, false, false, false, null, CopyIntoRequest.OnError.FAIL, null, false));
  }

  @Test
  void eachStepSetsItsField() {
    CopyIntoRequest r = csv().files(List.of("a.csv")).formatOptions(Map.of("header", "true")).select("id")
        .mergeSchema(true).force(true).detectChanges(true).validate(5)
        .onError(CopyIntoRequest.OnError.BAD_RECORDS, "/bad").createIfMissing(true).build();
    assertThat(r).isEqualTo(new CopyIntoRequest(TableRef.parse("/t"), "/landing", SourceFormat.CSV,
        List.of("a.csv"), null, Map.of("header", "true"), "id", true, true, true, 5,
        CopyIntoRequest.OnError.BAD_RECORDS, "/bad", true));
  }

  private static void refused(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOfSatisfying(DeltactlException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void optionsThatCannotGoTogetherAreRefusedInTheUsersWords() {
    refused(() -> csv().files(List.of("a.csv")).pattern("*.csv").build(),
        "--files and --pattern select files in different ways; give one of them");
    refused(() -> csv().files(Collections.nCopies(1001, "a.csv")).build(),
        "--files names 1001 files; at most 1000 (use --pattern, or load the folder)");
    refused(() -> csv().validate(-1).build(), "--validate takes a number of rows to show, 0 or more; got -1");
    refused(() -> csv().onError(CopyIntoRequest.OnError.BAD_RECORDS, null).build(),
        "--on-error bad-records needs a path: --on-error bad-records=PATH");
    refused(() -> csv().onError(CopyIntoRequest.OnError.SKIP_FILE, "/bad").build(),
        "a bad-records path goes with --on-error bad-records");
  }
}
