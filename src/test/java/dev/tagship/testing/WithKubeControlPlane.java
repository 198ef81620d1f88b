package dev.tagship.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on the real Kubernetes control plane that the whole test JVM shares: its test
 * methods, {@code @BeforeEach} and {@code @BeforeAll} methods take a {@link KubeNamespace}
 * parameter. See {@link KubeControlPlaneExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubeControlPlaneExtension.class)
public @interface WithKubeControlPlane {}
