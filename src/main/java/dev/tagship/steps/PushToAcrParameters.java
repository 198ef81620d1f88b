package dev.tagship.steps;

import java.util.List;

/**
 * The keys of {@code pushToAcr(...)}: the options of {@code tagship push}. {@code image} is a
 * source such as {@code docker-archive:build/app.tar}; {@code from} promotes a registry image
 * instead. {@code credentialsId} names a username/password credential (ACR admin user or token).
 */
public record PushToAcrParameters(
    @Required String registry,
    String repository,
    List<String> tags,
    String image,
    String from,
    Boolean plainHttp,
    String caFile,
    Boolean insecureSkipTlsVerify,
    String credentialsId,
    Boolean azureSignIn,
    String azureTenant,
    Integer parallel) {}
