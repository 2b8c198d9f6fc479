package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A scheduled action of Application Auto Scaling (PutScheduledAction): at each time its schedule names, the
 * service's minimum and/or maximum capacity become the action's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.minCapacity) || has(self.maxCapacity)",
    message = "ValidationException: a scheduled action sets minCapacity, maxCapacity or both")
@ValidationRule(value = "!has(self.minCapacity) || !has(self.maxCapacity) || self.minCapacity <= self.maxCapacity",
    message = "ValidationException: Minimum capacity cannot be greater than maximum capacity")
public class ScheduledAction {
  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("The action's name (ScheduledActionName).")
  public String scheduledActionName;

  @Required
  @Size(min = 1, max = 256)
  @Pattern("^(at\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\)|rate\\([1-9][0-9]{0,4} (minute|minutes|hour|hours|day|days)\\)|cron\\([^()]+\\))$")
  @JsonPropertyDescription("at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week [year]), as Application Auto Scaling writes them; day-of-week 1-7 is SUN-SAT.")
  public String schedule;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription("The IANA time zone of the schedule (Timezone; default UTC).")
  public String timezone;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("The minimum capacity from this action's time on.")
  public Integer minCapacity;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("The maximum capacity from this action's time on.")
  public Integer maxCapacity;
}
