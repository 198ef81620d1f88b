package dev.tagship.web;

import dev.tagship.deploy.ClusterAccess;

/**
 * A cluster whose releases the dashboard shows, under the name the page, the API ({@code cluster})
 * and the metrics ({@code cluster} label) give it.
 */
public record DashboardCluster(String name, ClusterAccess access) {

  public DashboardCluster {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a cluster needs a name");
    }
    if (access == null) {
      throw new IllegalArgumentException("cluster " + name + " needs a kubeconfig");
    }
  }
}
