package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.api.v1alpha1.ScheduledAction;
import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
  private static final Instant CREATED = Instant.parse("2026-11-30T00:00:00Z");
  // A Sunday.
  private static final Instant NOW = Instant.parse("2026-12-06T10:37:20Z");

  @Test
  void cronOnWeekdaysAtEightInATimeZone() {
    ScheduleExpression weekdays = ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)", "Europe/Berlin");
    // Last: Friday 4 December, 08:00 in Berlin (07:00 UTC); next: Monday 7 December.
    assertThat(weekdays.lastFiring(NOW, CREATED)).contains(Instant.parse("2026-12-04T07:00:00Z"));
    assertThat(weekdays.nextFiring(NOW, CREATED)).contains(Instant.parse("2026-12-07T07:00:00Z"));
  }

  @Test
  void cronStepsListsNamesAndAwsDayNumbers() {
    // Every 15 minutes from 10:00 to 11:59 on day 1 of the week (SUN in AWS's numbering), December only.
    ScheduleExpression every15 = ScheduleExpression.parse("cron(*/15 10-11 ? DEC 1 2026)", null);
    assertThat(every15.lastFiring(NOW, CREATED)).contains(Instant.parse("2026-12-06T10:30:00Z"));
    assertThat(every15.nextFiring(NOW, CREATED)).contains(Instant.parse("2026-12-06T10:45:00Z"));
    ScheduleExpression monthly = ScheduleExpression.parse("cron(0,30 6 1,15 JAN,DEC ?)", "UTC");
    assertThat(monthly.lastFiring(NOW, CREATED)).contains(Instant.parse("2026-12-01T06:30:00Z"));
    assertThat(monthly.nextFiring(NOW, CREATED)).contains(Instant.parse("2026-12-15T06:00:00Z"));
  }

  @Test
  void atFiresOnceAndRateCountsFromTheAnchor() {
    ScheduleExpression once = ScheduleExpression.parse("at(2026-12-06T10:30:00)", "UTC");
    assertThat(once.lastFiring(NOW, CREATED)).contains(Instant.parse("2026-12-06T10:30:00Z"));
    assertThat(once.nextFiring(NOW, CREATED)).isEmpty();
    ScheduleExpression sixHourly = ScheduleExpression.parse("rate(6 hours)", null);
    assertThat(sixHourly.lastFiring(NOW, CREATED)).contains(Instant.parse("2026-12-06T06:00:00Z"));
    assertThat(sixHourly.nextFiring(NOW, CREATED)).contains(Instant.parse("2026-12-06T12:00:00Z"));
    assertThat(sixHourly.lastFiring(CREATED.minusSeconds(1), CREATED)).isEmpty();
  }

  @Test
  void unreadableSchedulesAreRefusedWithTheirText() {
    for (String bad : List.of("cron(0 8 * *)", "cron(61 8 ? * * *)", "cron(0 8 ? * FUNDAY *)", "rate(0 minutes)",
        "rate(5 weeks)", "at(tomorrow)", "every day")) {
      assertThatThrownBy(() -> ScheduleExpression.parse(bad, "UTC")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 hour)", "Mars/Olympus"))
        .hasMessageContaining("Mars/Olympus");
  }

  @Test
  void theLatestFiredActionWinsAndOnlyForTheBoundsItNames() {
    ServiceAutoScaling scaling = new ServiceAutoScaling();
    scaling.minCapacity = 2;
    scaling.maxCapacity = 10;
    scaling.scheduledActions = List.of(
        action("business-hours", "cron(0 8 ? * MON-FRI *)", 6, 20),
        action("weekend", "cron(0 0 ? * SAT *)", 1, null),
        action("launch", "at(2026-12-24T18:00:00)", 30, 40));
    ScheduledCapacity.Bounds sunday = ScheduledCapacity.at(scaling, CREATED, NOW);
    // Friday's business hours (min 6, max 20), then Saturday's weekend (min 1): max stays 20.
    assertThat(sunday.min()).isEqualTo(1);
    assertThat(sunday.max()).isEqualTo(20);
    assertThat(sunday.active()).isEqualTo("weekend");
    assertThat(sunday.nextChange()).contains(Instant.parse("2026-12-07T08:00:00Z"));
    ScheduledCapacity.Bounds monday = ScheduledCapacity.at(scaling, CREATED, Instant.parse("2026-12-07T09:00:00Z"));
    assertThat(monday.min()).isEqualTo(6);
    assertThat(monday.active()).isEqualTo("business-hours");
    ScheduledCapacity.Bounds before = ScheduledCapacity.at(scaling, CREATED, Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(before.active()).isNull();
    assertThat(before.min()).isEqualTo(2);
  }

  private static ScheduledAction action(String name, String schedule, Integer min, Integer max) {
    ScheduledAction a = new ScheduledAction();
    a.scheduledActionName = name;
    a.schedule = schedule;
    a.minCapacity = min;
    a.maxCapacity = max;
    return a;
  }
}
