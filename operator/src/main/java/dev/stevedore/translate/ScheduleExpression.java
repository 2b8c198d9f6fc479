package dev.stevedore.translate;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Application Auto Scaling schedule: {@code at(yyyy-mm-ddThh:mm:ss)}, {@code rate(value unit)} or
 * {@code cron(minutes hours day-of-month month day-of-week [year])} with ECS's field syntax (*, ?, lists, ranges,
 * steps, JAN-DEC, 1-7 = SUN-SAT), in a time zone. Pure; answers when it last fired and when it fires next.
 */
public final class ScheduleExpression {
  /** How far back and ahead a cron schedule is searched: a schedule firing less than once a year is not one. */
  private static final int HORIZON_DAYS = 366;
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
      "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final ZoneId zone;
  private final LocalDateTime at;
  private final Duration rate;
  private final Cron cron;

  private record Cron(BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean anyDayOfMonth, BitSet months,
                      BitSet daysOfWeek, boolean anyDayOfWeek, BitSet years, boolean anyYear) {
    boolean day(LocalDate d) {
      int dow = d.getDayOfWeek().getValue() % 7 + 1; // SUN = 1 ... SAT = 7, as AWS counts
      return months.get(d.getMonthValue()) && (anyYear || years.get(d.getYear() - 1970))
          && (anyDayOfMonth || daysOfMonth.get(d.getDayOfMonth())) && (anyDayOfWeek || daysOfWeek.get(dow));
    }
  }

  private ScheduleExpression(ZoneId zone, LocalDateTime at, Duration rate, Cron cron) {
    this.zone = zone;
    this.at = at;
    this.rate = rate;
    this.cron = cron;
  }

  /** @throws IllegalArgumentException with a message in Application Auto Scaling's terms */
  public static ScheduleExpression parse(String schedule, String timezone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timezone == null || timezone.isEmpty() ? "UTC" : timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Unknown time zone " + timezone);
    }
    String s = schedule == null ? "" : schedule.trim();
    try {
      if (s.startsWith("at(") && s.endsWith(")")) {
        return new ScheduleExpression(zone, LocalDateTime.parse(s.substring(3, s.length() - 1)), null, null);
      }
      if (s.startsWith("rate(") && s.endsWith(")")) {
        String[] parts = s.substring(5, s.length() - 1).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        ChronoUnit unit = switch (parts[1].toLowerCase(Locale.ROOT).replaceAll("s$", "")) {
          case "minute" -> ChronoUnit.MINUTES;
          case "hour" -> ChronoUnit.HOURS;
          case "day" -> ChronoUnit.DAYS;
          default -> throw new IllegalArgumentException("unit");
        };
        if (value < 1 || parts.length != 2) {
          throw new IllegalArgumentException("value");
        }
        return new ScheduleExpression(zone, null, Duration.of(value, unit), null);
      }
      if (s.startsWith("cron(") && s.endsWith(")")) {
        return new ScheduleExpression(zone, null, null, cron(s.substring(5, s.length() - 1).trim().split("\\s+")));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid schedule expression: " + schedule);
    }
    throw new IllegalArgumentException("Invalid schedule expression: " + schedule
        + " (use at(...), rate(...) or cron(...))");
  }

  /**
   * The last time the schedule fired at or before {@code now}, if any within the search horizon.
   *
   * @param anchor where a rate schedule counts from (its start time, else when the service was made)
   */
  public Optional<Instant> lastFiring(Instant now, Instant anchor) {
    if (at != null) {
      Instant when = at.atZone(zone).toInstant();
      return when.isAfter(now) ? Optional.empty() : Optional.of(when);
    }
    if (rate != null) {
      if (now.isBefore(anchor)) {
        return Optional.empty();
      }
      long periods = Duration.between(anchor, now).toSeconds() / rate.toSeconds();
      return Optional.of(anchor.plus(rate.multipliedBy(periods)));
    }
    ZonedDateTime t = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    for (int offset = 0; offset <= HORIZON_DAYS; offset++) {
      LocalDate date = t.toLocalDate().minusDays(offset);
      if (!cron.day(date)) {
        continue;
      }
      for (int hour = offset == 0 ? t.getHour() : 23; hour >= 0; hour--) {
        if (!cron.hours().get(hour)) {
          continue;
        }
        for (int minute = offset == 0 && hour == t.getHour() ? t.getMinute() : 59; minute >= 0; minute--) {
          if (cron.minutes().get(minute)) {
            return Optional.of(date.atTime(hour, minute).atZone(zone).toInstant());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The next time the schedule fires after {@code now}, if any within the search horizon. */
  public Optional<Instant> nextFiring(Instant now, Instant anchor) {
    if (at != null) {
      Instant when = at.atZone(zone).toInstant();
      return when.isAfter(now) ? Optional.of(when) : Optional.empty();
    }
    if (rate != null) {
      return Optional.of(lastFiring(now, anchor).map(last -> last.plus(rate)).orElse(anchor));
    }
    ZonedDateTime t = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int offset = 0; offset <= HORIZON_DAYS; offset++) {
      LocalDate date = t.toLocalDate().plusDays(offset);
      if (!cron.day(date)) {
        continue;
      }
      for (int hour = offset == 0 ? t.getHour() : 0; hour < 24; hour++) {
        if (!cron.hours().get(hour)) {
          continue;
        }
        for (int minute = offset == 0 && hour == t.getHour() ? t.getMinute() : 0; minute < 60; minute++) {
          if (cron.minutes().get(minute)) {
            return Optional.of(date.atTime(hour, minute).atZone(zone).toInstant());
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Cron cron(String[] f) {
    if (f.length != 5 && f.length != 6) {
      throw new IllegalArgumentException("fields");
    }
    boolean anyDom = f[2].equals("?") || f[2].equals("*");
    boolean anyDow = f[4].equals("?") || f[4].equals("*");
    boolean anyYear = f.length == 5 || f[5].equals("*") || f[5].equals("?");
    return new Cron(field(f[0], 0, 59, List.of(), 0), field(f[1], 0, 23, List.of(), 0),
        anyDom ? null : field(f[2], 1, 31, List.of(), 0), anyDom, field(f[3], 1, 12, MONTHS, 1),
        anyDow ? null : field(f[4], 1, 7, DAYS, 1), anyDow,
        anyYear ? null : shifted(field(f[5], 1970, 2199, List.of(), 0), 1970), anyYear);
  }

  /** The values a field allows; names (JAN, SUN) count from {@code nameBase}. */
  private static BitSet field(String text, int low, int high, List<String> names, int nameBase) {
    BitSet set = new BitSet(high + 1);
    for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(part.substring(slash + 1));
        range = part.substring(0, slash);
        if (step < 1) {
          throw new IllegalArgumentException("step");
        }
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = low;
        to = high;
      } else if (range.contains("-")) {
        from = value(range.substring(0, range.indexOf('-')), names, nameBase);
        to = value(range.substring(range.indexOf('-') + 1), names, nameBase);
      } else {
        from = value(range, names, nameBase);
        to = slash >= 0 ? high : from;
      }
      if (from < low || to > high || from > to) {
        throw new IllegalArgumentException("range");
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int value(String text, List<String> names, int nameBase) {
    int named = names.indexOf(text);
    return named >= 0 ? named + nameBase : Integer.parseInt(text);
  }

  private static BitSet shifted(BitSet years, int base) {
    BitSet out = new BitSet();
    years.stream().forEach(y -> out.set(y - base));
    return out;
  }
}
