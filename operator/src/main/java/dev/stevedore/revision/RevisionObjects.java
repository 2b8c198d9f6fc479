package dev.stevedore.revision;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;

/**
 * How revisions are kept in the cluster. Each revision of a family is an immutable ControllerRevision owned by
 * its TaskDefinition: its {@code revision} is the ECS revision number and its {@code data} the normalised spec.
 * The highest number ever issued per family is kept in a ConfigMap that nothing owns, so numbers are never
 * reused, even when the TaskDefinition is deleted and applied again from Git.
 */
public final class RevisionObjects {
  /** ACTIVE or INACTIVE, on the ControllerRevision. */
  public static final String STATUS_LABEL = ApiGroup.GROUP + "/status";
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  /** The family as ECS spells it (label values cannot always hold it). */
  public static final String FAMILY_ANNOTATION = ApiGroup.GROUP + "/family";
  public static final String SPEC_HASH_ANNOTATION = ApiGroup.GROUP + "/spec-hash";
  public static final String REGISTERED_AT_ANNOTATION = ApiGroup.GROUP + "/registered-at";
  /** On a TaskDefinition: revisions to deregister (INACTIVE), comma separated, e.g. "1,2". */
  public static final String DEREGISTER_ANNOTATION = ApiGroup.GROUP + "/deregister";
  /** Key of the family counter ConfigMap holding the highest revision issued. */
  public static final String LAST_REVISION_KEY = "lastRevision";

  private RevisionObjects() {}

  public static String controllerRevisionName(String family, int revision) {
    return Names.dnsLabel(family, 40) + "-td-" + revision;
  }

  public static String counterName(String family) {
    return "stevedore-family-" + Names.dnsLabel(family, 40);
  }

  /** Label selector (key=value) of a family's revisions and counter. */
  public static String familySelector(String family) {
    return Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + "," + Labels.FAMILY + "=" + Names.labelValue(family);
  }
}
