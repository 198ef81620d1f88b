package dev.tagship.image;

/**
 * What a chart push did.
 *
 * @param reference {@code oci://REGISTRY/REPOSITORY/NAME}, what {@code --chart} takes
 * @param version the chart version, also its tag ({@code +} written as {@code _}, as Helm does)
 * @param digest the manifest digest
 * @param unchanged the registry already held this chart version with the same content
 */
public record ChartPushResult(String reference, String version, String digest, boolean unchanged) {}
