package dev.ioloop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

/**
 * How does a server hold a blend, as traffic comes in practice? Each request is drawn: 40% /api/hello, 30%
 * /api/noblock, 20% /api/sleep, 10% /api/cpu. The report has a row per request kind and one for all of them.
 */
public class MixedSimulation extends LabSimulation {
  public MixedSimulation() {
    super("mixed", parameters -> randomSwitch().on(
        percent(40.0).then(exec(Requests.hello())),
        percent(30.0).then(exec(Requests.noBlock(parameters))),
        percent(20.0).then(exec(Requests.sleep(parameters))),
        percent(10.0).then(exec(Requests.cpu(parameters)))));
  }
}
