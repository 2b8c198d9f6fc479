package dev.stevedore.revision;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's taskDefinition names: a family (follow its latest ACTIVE revision), family:revision
 * (pinned), or an ARN arn:aws:ecs:region:account:task-definition/family:revision.
 *
 * @param family the family
 * @param revision the pinned revision, or empty to follow the latest ACTIVE one
 */
public record TaskDefinitionReference(String family, Optional<Integer> revision) {
  private static final Pattern ARN = Pattern.compile("arn:[^:]+:ecs:[^:]*:[^:]*:task-definition/([A-Za-z0-9_-]+)(?::(\\d+))?");
  private static final Pattern SHORT = Pattern.compile("([A-Za-z0-9_-]+)(?::(\\d+))?");

  /** Empty when the text is none of the three forms. */
  public static Optional<TaskDefinitionReference> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(text);
    if (!m.matches()) {
      m = SHORT.matcher(text);
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    Optional<Integer> revision = m.group(2) == null ? Optional.empty() : Optional.of(Integer.parseInt(m.group(2)));
    return Optional.of(new TaskDefinitionReference(m.group(1), revision));
  }

  public boolean pinned() {
    return revision.isPresent();
  }

  @Override
  public String toString() {
    return revision.map(r -> family + ":" + r).orElse(family);
  }
}
