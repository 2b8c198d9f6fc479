package dev.stevedore.reconcile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * Reads short JSON strings as one shared instance per distinct value. Most strings in the operator's caches repeat:
 * a namespace, a service name in every label of its pods, ReplicaSets and Deployment, "True", "Ready", an image, a
 * timestamp shared by a pod's conditions. Read one by one they were about 40% of the heap at 300 services
 * (docs/benchmarks.md). Long strings (messages, embedded documents) are rarely equal and are left alone.
 */
public final class SharedStrings extends StdScalarDeserializer<String> {
  /** Longer strings are kept as read. */
  static final int LONGEST_SHARED = 64;

  private SharedStrings() {
    super(String.class);
  }

  /** The Kubernetes client's serialization, reading strings through this. */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new SimpleModule("stevedore-shared-strings").addDeserializer(String.class,
        new SharedStrings()));
    return new KubernetesSerialization(mapper, true);
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.hasToken(JsonToken.VALUE_STRING)) {
      String value = parser.getText();
      // The JVM's string table holds its entries weakly: a value no object uses any more is collected.
      return value.length() <= LONGEST_SHARED ? value.intern() : value;
    }
    return StringDeserializer.instance.deserialize(parser, context);
  }
}
