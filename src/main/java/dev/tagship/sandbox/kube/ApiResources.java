package dev.tagship.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The built-in resources the stand-in serves, and the discovery documents that describe them.
 * client-go maps a manifest's kind to a URL only through discovery, so a kind missing here is a
 * kind Helm cannot install ({@code no matches for kind ...}), as on a real server without it.
 */
final class ApiResources {

  /** One resource type: where it lives, what it is called, and its subresources. */
  record Resource(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> subresources) {

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** How an error message names the resource: {@code pods}, {@code deployments.apps}. */
    String qualifiedName() {
      return group.isEmpty() ? plural : plural + "." + group;
    }

    boolean hasStatus() {
      return subresources.contains("status");
    }
  }

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** What {@code kubectl get all} lists. */
  private static final Set<String> IN_CATEGORY_ALL =
      Set.of(
          "pods",
          "services",
          "replicationcontrollers",
          "deployments",
          "replicasets",
          "statefulsets",
          "daemonsets",
          "jobs",
          "cronjobs",
          "horizontalpodautoscalers");

  // custom resources come and go with their definitions while requests read the list
  private final List<Resource> resources = new CopyOnWriteArrayList<>();
  private final ObjectMapper json;

  ApiResources(ObjectMapper json) {
    this.json = json;
    core("namespaces", "Namespace", false, List.of("ns"), "status", "finalize");
    core("pods", "Pod", true, List.of("po"), "status", "log");
    core("services", "Service", true, List.of("svc"), "status");
    core("serviceaccounts", "ServiceAccount", true, List.of("sa"));
    core("secrets", "Secret", true, List.of());
    core("configmaps", "ConfigMap", true, List.of("cm"));
    core("events", "Event", true, List.of("ev"));
    core("endpoints", "Endpoints", true, List.of("ep"));
    core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), "status");
    core("persistentvolumes", "PersistentVolume", false, List.of("pv"), "status");
    core("replicationcontrollers", "ReplicationController", true, List.of("rc"), "status");
    core("nodes", "Node", false, List.of("no"), "status");
    core("limitranges", "LimitRange", true, List.of("limits"));
    core("resourcequotas", "ResourceQuota", true, List.of("quota"), "status");
    add("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), "status", "scale");
    add("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), "status", "scale");
    add("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), "status", "scale");
    add("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), "status");
    add("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of());
    add("batch", "v1", "jobs", "Job", true, List.of(), "status");
    add("coordination.k8s.io", "v1", "leases", "Lease", true, List.of());
    add("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), "status");
    add("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), "status");
    add("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, List.of());
    add("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"));
    add(
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        true,
        List.of("hpa"),
        "status");
    add(
        "policy",
        "v1",
        "poddisruptionbudgets",
        "PodDisruptionBudget",
        true,
        List.of("pdb"),
        "status");
    add(
        "apiextensions.k8s.io",
        "v1",
        "customresourcedefinitions",
        "CustomResourceDefinition",
        false,
        List.of("crd", "crds"),
        "status");
    String rbac = "rbac.authorization.k8s.io";
    add(rbac, "v1", "roles", "Role", true, List.of());
    add(rbac, "v1", "rolebindings", "RoleBinding", true, List.of());
    add(rbac, "v1", "clusterroles", "ClusterRole", false, List.of());
    add(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of());
  }

  private void core(
      String plural, String kind, boolean namespaced, List<String> shortNames, String... sub) {
    add("", "v1", plural, kind, namespaced, shortNames, sub);
  }

  private void add(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      String... subresources) {
    resources.add(
        new Resource(
            group,
            version,
            plural,
            kind.toLowerCase(Locale.ROOT),
            kind,
            namespaced,
            shortNames,
            List.of(subresources)));
  }

  /**
   * Serves the resource a CustomResourceDefinition defines, in each version it serves, as the
   * apiextensions server does once the definition is Established.
   */
  void define(JsonNode definition) {
    JsonNode spec = definition.path("spec");
    JsonNode names = spec.path("names");
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(name -> shortNames.add(name.asText()));
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      List<String> subresources = new ArrayList<>();
      version.path("subresources").properties().forEach(sub -> subresources.add(sub.getKey()));
      resources.add(
          new Resource(
              spec.path("group").asText(),
              version.path("name").asText(),
              names.path("plural").asText(),
              names.path("singular").asText(names.path("kind").asText().toLowerCase(Locale.ROOT)),
              names.path("kind").asText(),
              "Namespaced".equals(spec.path("scope").asText()),
              List.copyOf(shortNames),
              List.copyOf(subresources)));
    }
  }

  /** Stops serving what {@link #define} served for {@code definition}. */
  void undefine(JsonNode definition) {
    String group = definition.path("spec").path("group").asText();
    String plural = definition.path("spec").path("names").path("plural").asText();
    resources.removeIf(r -> r.group.equals(group) && r.plural.equals(plural));
  }

  Optional<Resource> find(String group, String version, String plural) {
    return resources.stream()
        .filter(r -> r.group.equals(group) && r.version.equals(version) && r.plural.equals(plural))
        .findFirst();
  }

  Optional<Resource> byKind(String apiVersion, String kind) {
    return resources.stream()
        .filter(r -> r.apiVersion().equals(apiVersion) && r.kind.equals(kind))
        .findFirst();
  }

  List<Resource> namespaced() {
    return resources.stream().filter(Resource::namespaced).toList();
  }

  boolean servesGroupVersion(String group, String version) {
    return resources.stream().anyMatch(r -> r.group.equals(group) && r.version.equals(version));
  }

  /** {@code GET /version}. */
  ObjectNode version() {
    ObjectNode version = json.createObjectNode();
    version.put("major", "1");
    version.put("minor", "33");
    version.put("gitVersion", "v1.33.0");
    version.put("gitCommit", "0000000000000000000000000000000000000000");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2025-04-23T00:00:00Z");
    version.put("goVersion", "go1.24.2");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }

  /** {@code GET /api}. */
  ObjectNode coreVersions(String serverAddress) {
    ObjectNode versions = json.createObjectNode();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    ObjectNode cidr = versions.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return versions;
  }

  /** {@code GET /apis}: every group but the core one, each with its one served version. */
  ObjectNode groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (Resource r : resources) {
      if (!r.group.isEmpty()) {
        List<String> versions = versionsByGroup.computeIfAbsent(r.group, g -> new ArrayList<>());
        if (!versions.contains(r.version)) {
          versions.add(r.version);
        }
      }
    }
    ObjectNode list = json.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup.forEach(
        (group, versions) -> {
          ObjectNode entry = groups.addObject();
          entry.put("name", group);
          ArrayNode served = entry.putArray("versions");
          for (String v : versions) {
            served.addObject().put("groupVersion", group + "/" + v).put("version", v);
          }
          entry
              .putObject("preferredVersion")
              .put("groupVersion", group + "/" + versions.get(0))
              .put("version", versions.get(0));
        });
    return list;
  }

  /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}. */
  ObjectNode resourceList(String group, String version) {
    ObjectNode list = json.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode entries = list.putArray("resources");
    for (Resource r : resources) {
      if (!r.group.equals(group) || !r.version.equals(version)) {
        continue;
      }
      ObjectNode entry = entries.addObject();
      entry.put("name", r.plural);
      entry.put("singularName", r.singular);
      entry.put("namespaced", r.namespaced);
      entry.put("kind", r.kind);
      VERBS.forEach(entry.putArray("verbs")::add);
      if (!r.shortNames.isEmpty()) {
        r.shortNames.forEach(entry.putArray("shortNames")::add);
      }
      if (IN_CATEGORY_ALL.contains(r.plural)) {
        entry.putArray("categories").add("all");
      }
      for (String sub : r.subresources) {
        ObjectNode subEntry = entries.addObject();
        subEntry.put("name", r.plural + "/" + sub);
        subEntry.put("singularName", "");
        subEntry.put("namespaced", r.namespaced);
        subEntry.put("kind", subresourceKind(r, sub));
        ArrayNode verbs = subEntry.putArray("verbs");
        (Set.of("log").contains(sub) ? List.of("get") : List.of("get", "patch", "update"))
            .forEach(verbs::add);
      }
    }
    return list;
  }

  private static String subresourceKind(Resource r, String sub) {
    return switch (sub) {
      case "scale" -> "Scale";
      case "log" -> "Pod";
      default -> r.kind;
    };
  }
}
