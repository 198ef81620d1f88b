package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the Kubernetes protobuf encoding of Secrets and ConfigMaps into JSON. client-go's typed
 * clients (Helm's release storage among them) send built-in objects as {@code
 * application/vnd.kubernetes.protobuf}, and unlike CBOR there is no fallback to JSON on a 415, so
 * the stand-in decodes them before fabric8's JSON-only store sees them. Field numbers are those of
 * {@code k8s.io/api/core/v1/generated.proto} and {@code apimachinery/.../meta/v1/generated.proto}.
 */
final class KubeProtobuf {

  static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private KubeProtobuf() {}

  /** Thrown for an object this decoder does not know; the server answers 415 with the message. */
  static final class UnsupportedKindException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedKindException(String message) {
      super(message);
    }
  }

  static ObjectNode decode(byte[] body) throws UnsupportedKindException {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, 4, MAGIC, 0, 4)) {
      throw new UnsupportedKindException("protobuf body without the k8s envelope");
    }
    Reader unknown = new Reader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    while (unknown.more()) {
      int tag = unknown.tag();
      switch (tag >>> 3) {
        case 1 -> {
          Reader typeMeta = unknown.message();
          while (typeMeta.more()) {
            int t = typeMeta.tag();
            switch (t >>> 3) {
              case 1 -> apiVersion = typeMeta.string();
              case 2 -> kind = typeMeta.string();
              default -> typeMeta.skip(t);
            }
          }
        }
        case 2 -> raw = unknown.bytes();
        default -> unknown.skip(tag);
      }
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    Reader reader = new Reader(raw, 0, raw.length);
    if (apiVersion.equals("v1") && kind.equals("Secret")) {
      secret(reader, object);
    } else if (apiVersion.equals("v1") && kind.equals("ConfigMap")) {
      configMap(reader, object);
    } else {
      throw new UnsupportedKindException(
          "the stand-in decodes protobuf only for v1 Secret and ConfigMap, not "
              + apiVersion
              + " "
              + kind);
    }
    return object;
  }

  private static void secret(Reader reader, ObjectNode object) {
    while (reader.more()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> object.set("metadata", objectMeta(reader.message()));
        case 2 -> mapEntry(reader.message(), object.withObjectProperty("data"), true);
        case 3 -> putText(object, "type", reader.string());
        case 4 -> mapEntry(reader.message(), object.withObjectProperty("stringData"), false);
        case 5 -> object.put("immutable", reader.varint() != 0);
        default -> reader.skip(tag);
      }
    }
  }

  private static void configMap(Reader reader, ObjectNode object) {
    while (reader.more()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> object.set("metadata", objectMeta(reader.message()));
        case 2 -> mapEntry(reader.message(), object.withObjectProperty("data"), false);
        case 3 -> mapEntry(reader.message(), object.withObjectProperty("binaryData"), true);
        case 4 -> object.put("immutable", reader.varint() != 0);
        default -> reader.skip(tag);
      }
    }
  }

  private static ObjectNode objectMeta(Reader reader) {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    while (reader.more()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> putText(meta, "name", reader.string());
        case 2 -> putText(meta, "generateName", reader.string());
        case 3 -> putText(meta, "namespace", reader.string());
        case 5 -> putText(meta, "uid", reader.string());
        case 6 -> putText(meta, "resourceVersion", reader.string());
        case 7 -> putNumber(meta, "generation", reader.varint());
        case 8 -> putText(meta, "creationTimestamp", time(reader.message()));
        case 9 -> putText(meta, "deletionTimestamp", time(reader.message()));
        case 10 -> putNumber(meta, "deletionGracePeriodSeconds", reader.varint());
        case 11 -> mapEntry(reader.message(), meta.withObjectProperty("labels"), false);
        case 12 -> mapEntry(reader.message(), meta.withObjectProperty("annotations"), false);
        case 13 -> meta.withArrayProperty("ownerReferences").add(ownerReference(reader.message()));
        case 14 -> meta.withArrayProperty("finalizers").add(reader.string());
        default -> reader.skip(tag);
      }
    }
    return meta;
  }

  private static ObjectNode ownerReference(Reader reader) {
    ObjectNode owner = JsonNodeFactory.instance.objectNode();
    while (reader.more()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> putText(owner, "kind", reader.string());
        case 3 -> putText(owner, "name", reader.string());
        case 4 -> putText(owner, "uid", reader.string());
        case 5 -> putText(owner, "apiVersion", reader.string());
        case 6 -> owner.put("controller", reader.varint() != 0);
        case 7 -> owner.put("blockOwnerDeletion", reader.varint() != 0);
        default -> reader.skip(tag);
      }
    }
    return owner;
  }

  private static String time(Reader reader) {
    long seconds = 0;
    while (reader.more()) {
      int tag = reader.tag();
      if (tag >>> 3 == 1) {
        seconds = reader.varint();
      } else {
        reader.skip(tag);
      }
    }
    return seconds == 0 ? "" : Instant.ofEpochSecond(seconds).toString();
  }

  /** gogo-protobuf writes every field; JSON leaves out the empty ones, and so does this. */
  private static void putText(ObjectNode object, String field, String value) {
    if (!value.isEmpty()) {
      object.put(field, value);
    }
  }

  private static void putNumber(ObjectNode object, String field, long value) {
    if (value != 0) {
      object.put(field, value);
    }
  }

  /** A protobuf map entry: key 1, value 2; bytes values become base64 as in JSON. */
  private static void mapEntry(Reader reader, ObjectNode target, boolean bytesValue) {
    String key = "";
    String value = "";
    while (reader.more()) {
      int tag = reader.tag();
      switch (tag >>> 3) {
        case 1 -> key = reader.string();
        case 2 ->
            value =
                bytesValue ? Base64.getEncoder().encodeToString(reader.bytes()) : reader.string();
        default -> reader.skip(tag);
      }
    }
    target.put(key, value);
  }

  /**
   * A gnostic {@code openapi_v2.Document} with only {@code swagger} (field 1) and {@code info}
   * (field 2: title 1, version 2) set.
   */
  static byte[] emptyOpenApiV2Document(String title, String version) {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    writeString(info, 1, title);
    writeString(info, 2, version);
    ByteArrayOutputStream document = new ByteArrayOutputStream();
    writeString(document, 1, "2.0");
    writeBytes(document, 2, info.toByteArray());
    return document.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, int field, String value) {
    writeBytes(out, field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
    writeVarint(out, (field << 3) | 2);
    writeVarint(out, value.length);
    out.writeBytes(value);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    long rest = value;
    while ((rest & ~0x7fL) != 0) {
      out.write((int) ((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  /** The protobuf wire format, just enough of it: varints and length-delimited fields. */
  private static final class Reader {
    private final byte[] data;
    private int position;
    private final int end;

    Reader(byte[] data, int start, int end) {
      this.data = data;
      this.position = start;
      this.end = end;
    }

    boolean more() {
      return position < end;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[position++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    byte[] bytes() {
      int length = (int) varint();
      byte[] result = Arrays.copyOfRange(data, position, position + length);
      position += length;
      return result;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() {
      int length = (int) varint();
      Reader nested = new Reader(data, position, position + length);
      position += length;
      return nested;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> {
          // Not "position += varint()": that adds to the position from before the length.
          int length = (int) varint();
          position += length;
        }
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
      }
    }
  }
}
