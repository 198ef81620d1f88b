package dev.tagship.steps;

import java.util.List;
import java.util.Map;

/**
 * The keys of {@code pushToAcr(...)}: the options of {@code tagship push}. {@code image} is a
 * source such as {@code docker-archive:build/app.tar}; {@code from} promotes a registry image
 * instead; {@code base} with {@code add} builds one without a daemon ({@code add: ['build/app.war:
 * /usr/local/tomcat/webapps/']}, with {@code entrypoint}, {@code env}, {@code expose}, {@code
 * labels}, {@code user}). {@code credentialsId} names a username/password credential (ACR admin
 * user or token).
 */
public record PushToAcrParameters(
    @Required String registry,
    String repository,
    List<String> tags,
    String image,
    String from,
    String base,
    List<String> add,
    List<String> entrypoint,
    Map<String, String> env,
    List<String> expose,
    Map<String, String> labels,
    String user,
    Boolean plainHttp,
    String caFile,
    Boolean insecureSkipTlsVerify,
    String credentialsId,
    Boolean azureSignIn,
    String azureTenant,
    Integer parallel) {}
