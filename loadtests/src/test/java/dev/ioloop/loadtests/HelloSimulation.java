package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** How fast is the bare request path? /api/hello: no downstream, no wait, the server's own overhead. */
public class HelloSimulation extends LabSimulation {
  public HelloSimulation() {
    super("hello", parameters -> exec(Requests.hello()));
  }
}
