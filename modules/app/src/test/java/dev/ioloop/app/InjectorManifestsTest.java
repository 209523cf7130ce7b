package dev.ioloop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ioloop.app.load.InjectorShare;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * deploy/k8s/ checked on paper (no cluster, no registry here): every object parses into Kubernetes' own model
 * (fabric8 kubernetes-model 7.4.0) with no field the model does not know, the Indexed Job's completions and
 * parallelism are the N of its {@code --injector K/N}, each Service selects its Deployment's pods on the port its
 * server listens on, and every command is one the app's own picocli command line accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectorManifestsTest {
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "Deployment", Deployment.class, "Service", Service.class, "Job", Job.class, "Pod", Pod.class,
      "PersistentVolumeClaim", PersistentVolumeClaim.class);
  /** What the shell of a container running the app sees before the app's own arguments. */
  private static final Pattern JAVA_PREFIX =
      Pattern.compile("^(?:exec )?java -XX:\\+UseCompactObjectHeaders -jar (\\S+)\\s+");
  private static final String INDEX = "$((JOB_COMPLETION_INDEX + 1))";

  /** Equal nodes, an int and a long of the same value included (the model's Long fields read back as longs). */
  private static final java.util.Comparator<JsonNode> SAME_NUMBER = (a, b) ->
      a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final List<HasMetadata> objects = new ArrayList<>();
  private Path directory;

  @BeforeAll
  void parseEveryManifest() throws IOException {
    directory = ProjectRoot.find().resolve("deploy/k8s");
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode document : yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class).readAll()) {
          if (document == null || document.isEmpty()) {
            continue;
          }
          String kind = document.path("kind").asText();
          Class<? extends HasMetadata> type = KINDS.get(kind);
          assertNotNull(type, file + ": an object of kind '" + kind + "' this test does not know");
          HasMetadata object = yaml.convertValue(document, type);
          assertEquals(document.path("apiVersion").asText(), object.getApiVersion(), file::toString);
          // The model keeps what it does not know in additionalProperties: a misspelt field lands there.
          // The model keeps a field it does not know (a misspelling) in additionalProperties, and writes it back.
          List<String> unknown = new ArrayList<>();
          unknownFields(object, kind, unknown);
          assertEquals(List.of(), unknown, file + ": fields the model does not know");
          JsonNode back = yaml.valueToTree(object);
          assertTrue(document.equals(SAME_NUMBER, back), () -> file + ": " + kind + " "
              + object.getMetadata().getName() + " does not read back as written:\n" + document + "\n" + back);
          objects.add(object);
        }
      }
    }
  }

  /** Every non-empty additionalProperties below a model object, by path. */
  private static void unknownFields(Object node, String path, List<String> unknown) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown));
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), unknown);
      }
    }
  }

  private <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void everyObjectParsesAndEachServerAndTheBackendHasADeploymentAndAService() {
    assertFalse(objects.isEmpty());
    List<String> deployments = all(Deployment.class).stream().map(d -> d.getMetadata().getName()).toList();
    List<String> services = all(Service.class).stream().map(s -> s.getMetadata().getName()).toList();
    assertEquals(List.of("backend", "reactor", "loom", "jetty", "platform"), deployments);
    assertEquals(deployments, services);
  }

  @Test
  void eachServiceSelectsItsDeploymentsPodsOnThePortItsServerListensOn() {
    for (Service service : all(Service.class)) {
      Deployment deployment = all(Deployment.class).stream()
          .filter(d -> d.getMetadata().getName().equals(service.getMetadata().getName())).findFirst().orElseThrow();
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), service::toString);
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
      int port = service.getSpec().getPorts().getFirst().getPort();
      assertEquals(port, container.getPorts().getFirst().getContainerPort());
      List<String> args = container.getArgs();
      assertEquals(String.valueOf(port), args.get(args.indexOf("--port") + 1), service.getMetadata().getName());
      assertEquals("0.0.0.0", args.get(args.indexOf("--bind") + 1), "a pod's server listens on its pod's address");
    }
  }

  @Test
  void theServersCommandsAreTheAppsAndCallTheBackendsService() {
    for (Deployment deployment : all(Deployment.class)) {
      List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
      Object command = parse(args);
      if (command instanceof ServeCommand serve) {
        URI downstream = serve.config().downstream();
        assertEquals(servicePort(downstream.getHost()), downstream.getPort(), downstream::toString);
        assertEquals("0.0.0.0", serve.config().host());
      } else {
        assertTrue(command instanceof BackendCommand, args::toString);
        assertEquals("0.0.0.0", ((BackendCommand) command).config().host());
      }
    }
  }

  @Test
  void theInjectorsAreAnIndexedJobOfNPodsEachInjectorKOfN() {
    List<Job> jobs = all(Job.class);
    assertEquals(1, jobs.size());
    Job job = jobs.getFirst();
    assertEquals("Indexed", job.getSpec().getCompletionMode());
    String script = script(job.getSpec().getTemplate().getSpec());
    Matcher share = Pattern.compile("--injector " + Pattern.quote(INDEX) + "/(\\d+)").matcher(script);
    assertTrue(share.find(), script);
    int n = Integer.parseInt(share.group(1));
    assertEquals(n, job.getSpec().getCompletions(), "completions");
    assertEquals(n, job.getSpec().getParallelism(), "parallelism");
    for (int index = 0; index < n; index++) {
      List<String> args = appArguments(script.replace(INDEX, String.valueOf(index + 1)));
      LoadCommand load = (LoadCommand) parse(args);
      assertEquals(new InjectorShare(index + 1, n), load.injector);
      assertTrue(load.allowRemote, "a Service is another machine: --allow-remote");
      assertEquals(servicePort(load.target.getHost()), load.target.getPort(), load.target::toString);
      assertTrue(load.results.startsWith(mountPath(job.getSpec().getTemplate().getSpec())), load.results::toString);
    }
  }

  @Test
  void theMergeComparesTheInjectorsRunOnTheSameVolume() {
    Pod merge = all(Pod.class).stream().filter(p -> p.getMetadata().getName().equals("ioloop-merge")).findFirst()
        .orElseThrow();
    String script = script(merge.getSpec());
    List<String> args = appArguments(script.substring(0, script.indexOf("&&")));
    CompareCommand compare = (CompareCommand) parse(args);
    Job job = all(Job.class).getFirst();
    LoadCommand load = (LoadCommand) parse(appArguments(script(job.getSpec().getTemplate().getSpec())
        .replace(INDEX, "1")));
    assertEquals(List.of(load.results), compare.runDirectories);
    assertEquals(claim(job.getSpec().getTemplate().getSpec()), claim(merge.getSpec()));
  }

  @Test
  void theImageRecipeRunsTheJarTheCommandsName() throws IOException {
    String dockerfile = Files.readString(directory.resolve("Dockerfile"));
    Matcher jar = JAVA_PREFIX.matcher(script(all(Job.class).getFirst().getSpec().getTemplate().getSpec()));
    assertTrue(jar.find());
    assertTrue(dockerfile.contains("\"-jar\", \"" + jar.group(1) + "\""), dockerfile);
    assertEquals("ioloop-app.jar", Path.of(jar.group(1)).getFileName().toString());
    for (HasMetadata object : objects) {
      PodSpec pod = podSpec(object);
      if (pod != null) {
        assertTrue(dockerfile.contains("-t " + pod.getContainers().getFirst().getImage()), object::toString);
      }
    }
  }

  private static PodSpec podSpec(HasMetadata object) {
    return switch (object) {
      case Deployment d -> d.getSpec().getTemplate().getSpec();
      case Job j -> j.getSpec().getTemplate().getSpec();
      case Pod p -> p.getSpec();
      default -> null;
    };
  }

  private int servicePort(String name) {
    return all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Service named " + name)).getSpec().getPorts().getFirst().getPort();
  }

  /** The shell script of a container run as {@code sh -c SCRIPT}. */
  private static String script(PodSpec pod) {
    Container container = pod.getContainers().getFirst();
    assertEquals(List.of("sh", "-c"), container.getCommand());
    return container.getArgs().getFirst().strip();
  }

  private static Path mountPath(PodSpec pod) {
    return Path.of(pod.getContainers().getFirst().getVolumeMounts().getFirst().getMountPath());
  }

  private static String claim(PodSpec pod) {
    return pod.getVolumes().getFirst().getPersistentVolumeClaim().getClaimName();
  }

  /** The app's arguments in a script line {@code [exec] java ... -jar APP ARGS}: plain words, no quoting. */
  private static List<String> appArguments(String script) {
    Matcher prefix = JAVA_PREFIX.matcher(script.strip());
    assertTrue(prefix.find(), script);
    return Arrays.asList(script.strip().substring(prefix.end()).strip().split("\\s+"));
  }

  /** The command's object after the app's own picocli command line parsed the arguments (a bad one throws). */
  private static Object parse(List<String> args) {
    CommandLine commandLine = Main.commandLine();
    ParseResult result = commandLine.parseArgs(args.toArray(String[]::new));
    assertTrue(result.hasSubcommand(), args::toString);
    return result.subcommand().commandSpec().userObject();
  }
}
