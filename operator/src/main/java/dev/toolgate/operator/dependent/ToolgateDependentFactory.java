package dev.toolgate.operator.dependent;

import dev.toolgate.operator.model.WorkerSettings;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the dependents that need settings through their constructors, so their desired() stays a
 * function of the primary and immutable settings rather than of global state. The rest are made the
 * JOSDK way.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class ToolgateDependentFactory
    implements DependentResourceFactory<ControllerConfiguration<?>, DependentResourceSpec> {

  private final Map<Class<?>, Supplier<DependentResource<?, ?>>> constructors;

  public ToolgateDependentFactory(WorkerSettings settings, CiliumSupport cilium) {
    this.constructors =
        Map.of(
            DeploymentDependent.class, () -> new DeploymentDependent(settings),
            NetworkPolicyDependent.class, () -> new NetworkPolicyDependent(settings, cilium),
            FqdnPolicyDependent.class, () -> new FqdnPolicyDependent(settings, cilium));
  }

  @Override
  public DependentResource createFrom(
      DependentResourceSpec spec, ControllerConfiguration<?> controllerConfiguration) {
    Supplier<DependentResource<?, ?>> constructor =
        constructors.get(spec.getDependentResourceClass());
    if (constructor == null) {
      return DependentResourceFactory.super.createFrom(spec, controllerConfiguration);
    }
    DependentResource instance = constructor.get();
    configure(instance, spec, controllerConfiguration);
    return instance;
  }

  @Override
  public Class<?> associatedResourceType(DependentResourceSpec spec) {
    Supplier<DependentResource<?, ?>> constructor =
        constructors.get(spec.getDependentResourceClass());
    return constructor == null
        ? DependentResourceFactory.super.associatedResourceType(spec)
        : constructor.get().resourceType();
  }
}
