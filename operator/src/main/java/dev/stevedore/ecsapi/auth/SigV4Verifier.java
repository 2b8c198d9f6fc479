package dev.stevedore.ecsapi.auth;

import dev.stevedore.ecsapi.EcsApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 header signature the way AWS's front door does: the same canonical request,
 * string to sign and derived key, the signature compared in constant time, the date within 15 minutes of now and
 * the signing name {@code ecs}. Pure: the access keys and the clock are given.
 */
public final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String SERVICE = "ecs";
  private static final Duration SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** The parts of an HTTP request a signature covers. Header names are compared case-insensitively. */
  public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                              byte[] body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> String.join(",", e.getValue())).findFirst();
    }
  }

  private final Function<String, Optional<AccessKey>> keys;

  public SigV4Verifier(Function<String, Optional<AccessKey>> keys) {
    this.keys = keys;
  }

  /** The key that signed the request, or the error AWS gives for it. */
  public AccessKey verify(SignedRequest request, Instant now) {
    String authorization = request.header("Authorization").orElseThrow(() -> new EcsApiException(
        "MissingAuthenticationTokenException", "Missing Authentication Token", 403));
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      throw new EcsApiException("IncompleteSignatureException", "Authorization header requires 'Credential',"
          + " 'Signature' and 'SignedHeaders' parameters with algorithm " + ALGORITHM + ".", 403);
    }
    String[] scope = m.group(1).split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
      throw new EcsApiException("IncompleteSignatureException", "Credential should be scoped to a valid region,"
          + " service and the terminator aws4_request: " + m.group(1) + ".", 403);
    }
    if (!SERVICE.equals(scope[3])) {
      throw new EcsApiException("InvalidSignatureException", "Credential should be scoped to correct service: '"
          + SERVICE + "'.", 403);
    }
    AccessKey key = keys.apply(scope[0]).orElseThrow(() -> new EcsApiException("UnrecognizedClientException",
        "The security token included in the request is invalid.", 403));
    String amzDate = request.header("X-Amz-Date").orElseThrow(() -> new EcsApiException(
        "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a"
        + " 'Date' header.", 403));
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new EcsApiException("IncompleteSignatureException", "X-Amz-Date must be in ISO8601 basic format: "
          + amzDate + ".", 403);
    }
    if (!amzDate.startsWith(scope[1])) {
      throw new EcsApiException("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD"
          + " from ISO-8601 version of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "'.", 403);
    }
    if (signedAt.isBefore(now.minus(SKEW)) || signedAt.isAfter(now.plus(SKEW))) {
      throw new EcsApiException("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier"
          + " than " + AMZ_DATE.format(now.minus(SKEW).atOffset(ZoneOffset.UTC)) + " ("
          + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " - 15 min.)", 403);
    }
    String payloadHash = hex(sha256(request.body()));
    Optional<String> declared = request.header("X-Amz-Content-Sha256");
    if (declared.isPresent() && !declared.get().equals("UNSIGNED-PAYLOAD") && !declared.get().equals(payloadHash)) {
      throw new EcsApiException("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not"
          + " match what was computed.", 403);
    }
    String signedHeaders = m.group(2);
    String canonical = canonicalRequest(request, signedHeaders, declared.orElse(payloadHash));
    String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
        + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] expected = hmac(signingKey(key.secretAccessKey(), scope[1], scope[2]), stringToSign);
    byte[] given = HexFormat.of().parseHex(m.group(3).toLowerCase(Locale.ROOT));
    if (!MessageDigest.isEqual(expected, given)) {
      throw new EcsApiException("InvalidSignatureException", "The request signature we calculated does not match"
          + " the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
          + " documentation for details.", 403);
    }
    return key;
  }

  static String canonicalRequest(SignedRequest request, String signedHeaders, String payloadHash) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = request.header(name).orElseThrow(() -> new EcsApiException("InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided: signed header " + name
              + " is missing.", 403));
      headers.append(name.toLowerCase(Locale.ROOT)).append(':').append(SPACES.matcher(value.trim()).replaceAll(" "))
          .append('\n');
    }
    return request.method() + "\n" + canonicalPath(request.rawPath()) + "\n" + canonicalQuery(request.rawQuery())
        + "\n" + headers + "\n" + signedHeaders + "\n" + payloadHash;
  }

  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(encode(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)));
    }
    return String.join("/", segments);
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = encode(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
      String value = eq < 0 ? "" : encode(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      sorted.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((name, values) -> values.stream().sorted().forEach(v -> parts.add(name + "=" + v)));
    return String.join("&", parts);
  }

  /** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static byte[] signingKey(String secret, String date, String region) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, SERVICE);
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
