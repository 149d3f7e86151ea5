package dev.toolgate.operator.reconciler;

/** Names shared by the controllers. */
public final class Controllers {

  /**
   * The server-side apply field manager of everything the operator writes, so {@code managedFields}
   * show one owner and conflicts with other managers name it.
   */
  public static final String FIELD_MANAGER = "toolgate-operator";

  private Controllers() {}
}
