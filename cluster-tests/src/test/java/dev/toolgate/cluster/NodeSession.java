package dev.toolgate.cluster;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the node after the last test of the run (registered in META-INF/services), so one node
 * serves every test class and none outlives the build.
 */
public final class NodeSession implements LauncherSessionListener {

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    KubeNode.stopIfStarted();
  }
}
