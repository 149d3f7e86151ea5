package dev.toolgate.operator.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operator flags an {@link OperatorOnApiServer} class runs its operator with, read by the
 * operator's own parser as a cluster admin would give them; without it the class gets {@link
 * RunningOperator#settings}. The namespace, no leader election and no HTTP port are always given.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OperatorFlags {

  /** The operator's identity (its pod name in a cluster). */
  String identity();

  /** More flags, such as {@code --require-image-digests}. */
  String[] value() default {};

  /** {@code TOOLGATE_*} variables as {@code NAME=value}, as the chart passes settings. */
  String[] env() default {};
}
