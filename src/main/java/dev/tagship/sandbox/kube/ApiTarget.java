package dev.tagship.sandbox.kube;

import dev.tagship.sandbox.kube.ApiResources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * What a resource URL names: {@code /apis/apps/v1/namespaces/shop/deployments/web/status} is the
 * status subresource of Deployment {@code web} in namespace {@code shop}. A null name is the
 * collection, a null namespace all namespaces (or a cluster-scoped kind).
 */
record ApiTarget(Resource resource, String namespace, String name, String subresource) {

  /** The target of {@code path}, or null when no served resource has that URL. */
  static ApiTarget parse(ApiResources resources, String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    String group;
    String version;
    int rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = 2;
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = 3;
    } else {
      return null;
    }
    List<String> tail = segments.subList(rest, segments.size());
    String namespace = null;
    // "namespaces/x/pods" is a namespaced collection; "namespaces/x/status" is not.
    if (tail.size() >= 3
        && tail.get(0).equals("namespaces")
        && resources.find(group, version, tail.get(2)).filter(Resource::namespaced).isPresent()) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    if (tail.isEmpty() || tail.size() > 3) {
      return null;
    }
    Resource resource = resources.find(group, version, tail.get(0)).orElse(null);
    if (resource == null) {
      return null;
    }
    String name = tail.size() > 1 ? tail.get(1) : null;
    String subresource = tail.size() > 2 ? tail.get(2) : null;
    if (subresource != null && !resource.subresources().contains(subresource)) {
      return null;
    }
    if (resource.namespaced() && namespace == null && name != null) {
      return null;
    }
    return new ApiTarget(resource, namespace, name, subresource);
  }

  static ApiTarget collection(Resource resource, String namespace) {
    return new ApiTarget(resource, namespace, null, null);
  }

  ApiTarget named(String objectName) {
    return new ApiTarget(resource, namespace, objectName, null);
  }

  String collectionPath() {
    String prefix =
        resource.group().isEmpty()
            ? "/api/" + resource.version()
            : "/apis/" + resource.group() + "/" + resource.version();
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource.plural();
  }

  String objectPath() {
    return collectionPath() + "/" + name;
  }

  String path() {
    return name == null
        ? collectionPath()
        : objectPath() + (subresource == null ? "" : "/" + subresource);
  }
}
