package io.saoma.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.saoma.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deployment at the repository root ({@code docker-compose.yml},
 * {@code deploy/create-topics.sh}, and the profile {@code monitoring} with
 * {@code deploy/prometheus} and {@code deploy/grafana}): valid for Compose, and
 * consistent with the project's contract and with each other. Validation needs only the
 * {@code docker-compose} client, no Docker engine; the other tests read the files.
 */
@SuppressWarnings("unchecked")
class DockerComposeFileTests {

	private static final Path ROOT = repositoryRoot();

	private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

	private static final String TOPICS_SCRIPT = "deploy/create-topics.sh";

	private static final List<String> APPLICATIONS = List.of("receiver", "login-processor", "forwarder");

	/** The services of the profile "monitoring" (deploy/prometheus, deploy/grafana). */
	private static final List<String> MONITORING = List.of("prometheus", "grafana");

	/** The required variables, with placeholders. */
	private static final Map<String, String> REQUIRED = Map.of("WECHAT_ACCOUNTS_MAIN_APPID", "wx0000000000000000",
			"WECHAT_ACCOUNTS_MAIN_TOKEN", "placeholderToken", "WECHAT_ACCOUNTS_MAIN_ENCODINGAESKEY",
			"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "WECHAT_ACCOUNTS_MAIN_APPSECRET", "placeholder-secret",
			"LOGIN_REDEEMAPIKEY", "placeholder-redeem-api-key", "FORWARDER_ACCOUNTS_MAIN_EVENTSURL",
			"https://authing.example/connections/social/x/y/events");

	/** {@code create <topic> <partitions> [config ...]} lines of the topic script. */
	private static final Pattern CREATE = Pattern.compile("^\\s*create\\s+(\\S+)\\s+(.*)$", Pattern.MULTILINE);

	@Test
	void shouldBeValidForDockerComposeWithTheRequiredVariablesSet(@TempDir Path temp) throws Exception {
		Path compose = dockerCompose();
		Result result = config(compose, REQUIRED, temp);
		assertThat(result.stderr()).as("docker-compose config -q: stderr").isEmpty();
		assertThat(result.exitCode()).as("docker-compose config -q: exit code").isZero();
	}

	@Test
	void shouldBeValidForDockerComposeWithTheMonitoringProfile(@TempDir Path temp) throws Exception {
		Path compose = dockerCompose();
		Result result = config(compose, REQUIRED, temp, "--profile", "monitoring");
		assertThat(result.stderr()).as("docker-compose --profile monitoring config -q: stderr").isEmpty();
		assertThat(result.exitCode()).as("docker-compose --profile monitoring config -q: exit code").isZero();
	}

	@Test
	void shouldRefuseToStartWithoutTheRequiredVariables(@TempDir Path temp) throws Exception {
		Path compose = dockerCompose();
		Result result = config(compose, Map.of(), temp);
		assertThat(result.exitCode()).as("docker-compose config -q without .env").isNotZero();
		assertThat(result.stderr()).contains("deploy/example.env");
	}

	@Test
	void shouldCreateEveryTopicOfTheContractBeforeTheApplicationsStart() throws IOException {
		Map<String, Object> services = services();
		String init = topicInitService(services);
		Map<String, String> created = createdTopics();
		List<String> contract = new ArrayList<>(List.of(Topics.Names.WECHAT_EVENTS, Topics.Names.QR_TICKETS,
				Topics.Names.LOGINS, Topics.Names.LOGIN_STATUS, Topics.Names.LOGIN_REDEMPTIONS,
				Topics.Names.LOGIN_PROCESSOR_DLT, Topics.Names.RELAY_DLT, Topics.Names.FORWARDER_DLT));
		contract.addAll(Topics.fanoutTopics());
		assertThat(created).as("topics created by " + TOPICS_SCRIPT).containsKeys(contract.toArray(String[]::new));
		for (String application : APPLICATIONS) {
			Map<String, Object> dependsOn = map(map(services, application), "depends_on");
			assertThat(map(dependsOn, init)).as(application + " waits for " + init)
				.containsEntry("condition", "service_completed_successfully");
			assertThat(map(dependsOn, "kafka")).as(application + " waits for kafka")
				.containsEntry("condition", "service_healthy");
		}
	}

	@Test
	void shouldCreateTheJsonMirrorTopicsOnlyWhenTheForwarderWritesThem() throws IOException {
		String script = Files.readString(ROOT.resolve(TOPICS_SCRIPT), StandardCharsets.UTF_8);
		Matcher block = Pattern.compile("(?ms)^if \\[ \"\\$JSON_MIRROR\" = \"true\" \\]; then$(.*?)^fi$")
			.matcher(script);
		assertThat(block.find()).as(TOPICS_SCRIPT + " creates the JSON mirror's topics under JSON_MIRROR").isTrue();
		List<String> mirrored = new ArrayList<>();
		Matcher create = CREATE.matcher(block.group(1));
		while (create.find()) {
			mirrored.add(create.group(1));
		}
		assertThat(mirrored).containsExactlyInAnyOrderElementsOf(Topics.jsonMirrorTopics());
		assertThat(createdTopics().get("wechat.json.events.click"))
			.isEqualTo(createdTopics().get("wechat.events.click"));
		Map<String, Object> services = services();
		assertThat(map(map(services, "forwarder"), "environment")).containsEntry("FORWARDER_FANOUT_JSONMIRROR_ENABLED",
				"${JSON_MIRROR:-false}");
		assertThat(map(map(services, topicInitService(services)), "environment")).containsEntry("JSON_MIRROR",
				"${JSON_MIRROR:-false}");
	}

	@Test
	void shouldCompactTheTicketAndStatusTopics() throws IOException {
		String script = Files.readString(ROOT.resolve(TOPICS_SCRIPT), StandardCharsets.UTF_8);
		assertThat(script).containsPattern("(?m)^COMPACTED=\\(cleanup\\.policy=compact\\s");
		Map<String, String> created = createdTopics();
		assertThat(created.get(Topics.Names.QR_TICKETS)).contains("${COMPACTED[@]}");
		assertThat(created.get(Topics.Names.LOGIN_STATUS)).contains("${COMPACTED[@]}");
		assertThat(created.get(Topics.Names.WECHAT_EVENTS)).doesNotContain("COMPACTED");
	}

	@Test
	void shouldBuildEachApplicationFromThisRepositoryWithAHealthCheck() {
		Map<String, Object> services = services();
		for (String application : APPLICATIONS) {
			Map<String, Object> service = map(services, application);
			Map<String, Object> build = map(service, "build");
			assertThat(build).as(application + " build").containsEntry("context", ".");
			assertThat(map(build, "args")).as(application + " build args").containsEntry("SERVICE", application);
			assertThat(ROOT.resolve(application).resolve("pom.xml")).as("module of " + application).isRegularFile();
			assertThat(healthCheck(service)).as(application + " health check").contains("/actuator/health");
			assertThat(service).as(application).containsEntry("restart", "unless-stopped");
			assertThat(map(service, "environment")).as(application + " environment")
				.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
		}
	}

	@Test
	void shouldKeepAStandbyOfTheLoginProcessorsStateByDefault() {
		Map<String, Object> environment = map(map(services(), "login-processor"), "environment");
		assertThat(String.valueOf(environment.get("SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS")))
			.isEqualTo("${LOGIN_PROCESSOR_STANDBY_REPLICAS:-1}");
	}

	@Test
	void shouldCheckHealthOnEachApplicationsOwnManagementPortAndPublishNone() throws IOException {
		Map<String, String> defaults = Map.of("receiver", "io/saoma/receiver/receiver.yml", "login-processor",
				"io/saoma/loginprocessor/login-processor.yml", "forwarder", "io/saoma/forwarder/forwarder.yml");
		Map<String, Object> services = services();
		for (String application : APPLICATIONS) {
			Map<String, Object> management = managementDefaults(defaults.get(application));
			String port = String.valueOf(management.get("port"));
			assertThat(management).as(application + " management server").containsEntry("address", "127.0.0.1");
			Map<String, Object> service = map(services, application);
			assertThat(healthCheck(service)).as(application + " health check")
				.contains("http://localhost:" + port + "/actuator/health");
			assertThat(String.valueOf(service.get("ports"))).as(application + " published ports").doesNotContain(port);
			assertThat(String.valueOf(service.get("expose"))).as(application + " exposed ports").doesNotContain(port);
		}
	}

	/** {@code management.server} of an application's defaults. */
	private static Map<String, Object> managementDefaults(String resource) throws IOException {
		try (var in = DockerComposeFileTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			Map<String, Object> defaults = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			return map(map(defaults, "management"), "server");
		}
	}

	@Test
	void shouldRunKafkaInKraftModeWithTransactionsOnOneBroker() {
		Map<String, Object> kafka = map(services(), "kafka");
		assertThat(String.valueOf(kafka.get("image"))).startsWith("apache/kafka:");
		Map<String, Object> environment = map(kafka, "environment");
		assertThat(String.valueOf(environment.get("KAFKA_PROCESS_ROLES"))).contains("broker").contains("controller");
		assertThat(String.valueOf(environment.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))).isEqualTo("1");
		assertThat(String.valueOf(environment.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"))).isEqualTo("1");
		assertThat(String.valueOf(environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))).isEqualTo("false");
		assertThat(healthCheck(kafka)).isNotBlank();
	}

	@Test
	void shouldTakeTheAccountsSecretsFromTheEnvironmentAsRequiredVariables() {
		Map<String, Object> services = services();
		List<String> seen = new ArrayList<>();
		for (String application : APPLICATIONS) {
			map(map(services, application), "environment").forEach((name, value) -> {
				if (REQUIRED.containsKey(name)) {
					assertThat(String.valueOf(value)).as(application + " " + name).startsWith("${" + name + ":?");
					seen.add(name);
				}
			});
		}
		assertThat(seen).containsAll(REQUIRED.keySet());
	}

	@Test
	void shouldPublishOnlyTheReceiverAndTheLoginApi() {
		Map<String, Object> services = services();
		List<String> publishing = services.keySet()
			.stream()
			.filter((name) -> !map(services, name).containsKey("profiles"))
			.filter((name) -> map(services, name).containsKey("ports"))
			.toList();
		assertThat(publishing).containsExactlyInAnyOrder("receiver", "login-processor");
	}

	@Test
	void shouldRunPrometheusAndGrafanaOnlyInTheMonitoringProfileAndPublishThemOnLoopback() {
		Map<String, Object> services = services();
		List<String> inProfiles = services.keySet()
			.stream()
			.filter((name) -> map(services, name).containsKey("profiles"))
			.toList();
		assertThat(inProfiles).containsExactlyInAnyOrder(MONITORING.toArray(String[]::new));
		for (String name : MONITORING) {
			Map<String, Object> service = map(services, name);
			assertThat(service.get("profiles")).as(name + " profiles").isEqualTo(List.of("monitoring"));
			assertThat(service).as(name).containsEntry("restart", "unless-stopped");
			for (Object port : (List<?>) service.get("ports")) {
				assertThat(String.valueOf(port)).as(name + " published port")
					.matches("\\$\\{\\w+:-127\\.0\\.0\\.1:\\d+}:\\d+");
			}
		}
	}

	@Test
	void shouldMountTheCheckedInMonitoringFilesWhereTheyAreRead() {
		Map<String, Object> services = services();
		Map<String, String> prometheus = mounts(map(services, "prometheus"));
		String config = prometheus.get("./deploy/prometheus/prometheus.yml");
		assertThat(config).as("prometheus.yml mounted").isNotNull();
		assertThat(String.valueOf(map(services, "prometheus").get("command"))).contains("--config.file=" + config);
		Path configDirectory = Path.of(config).getParent();
		for (Object ruleFile : (List<?>) yaml(ROOT.resolve("deploy/prometheus/prometheus.yml")).get("rule_files")) {
			assertThat(prometheus).as("rule file %s next to the configuration", ruleFile)
				.containsEntry("./deploy/prometheus/" + ruleFile,
						configDirectory.resolve(ruleFile.toString()).toString());
		}
		Map<String, String> grafana = mounts(map(services, "grafana"));
		assertThat(grafana).containsEntry("./deploy/grafana/provisioning", "/etc/grafana/provisioning");
		Map<String, Object> provider = map(
				(Map<String, Object>) ((List<?>) yaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/saoma.yml"))
					.get("providers")).get(0),
				"options");
		assertThat(grafana).as("the dashboards where the provider reads them")
			.containsEntry("./deploy/grafana/dashboards", String.valueOf(provider.get("path")));
		Map<String, Object> datasource = (Map<String, Object>) ((List<?>) yaml(
				ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
			.get("datasources")).get(0);
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		for (String source : List.copyOf(prometheus.keySet())) {
			if (source.startsWith("./")) {
				assertThat(ROOT.resolve(source)).as("mounted into prometheus").exists();
			}
		}
		for (String source : grafana.keySet()) {
			if (source.startsWith("./")) {
				assertThat(ROOT.resolve(source)).as("mounted into grafana").exists();
			}
		}
	}

	@Test
	void shouldScrapeEachApplicationOnItsManagementPort() throws IOException {
		Map<String, String> defaults = Map.of("receiver", "io/saoma/receiver/receiver.yml", "login-processor",
				"io/saoma/loginprocessor/login-processor.yml", "forwarder", "io/saoma/forwarder/forwarder.yml");
		Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
		for (Object job : (List<?>) yaml(ROOT.resolve("deploy/prometheus/prometheus.yml")).get("scrape_configs")) {
			Map<String, Object> scrape = (Map<String, Object>) job;
			jobs.put(String.valueOf(scrape.get("job_name")), scrape);
		}
		assertThat(jobs.keySet()).containsExactlyInAnyOrder(APPLICATIONS.toArray(String[]::new));
		for (String application : APPLICATIONS) {
			Map<String, Object> job = jobs.get(application);
			assertThat(job).as(application).containsEntry("metrics_path", "/actuator/prometheus");
			Map<String, Object> discovery = (Map<String, Object>) ((List<?>) job.get("dns_sd_configs")).get(0);
			assertThat(discovery.get("names")).as(application + ": every instance of the service")
				.isEqualTo(List.of(application));
			assertThat(String.valueOf(discovery.get("port"))).as(application + " management port")
				.isEqualTo(String.valueOf(managementDefaults(defaults.get(application)).get("port")));
		}
	}

	/** A service's bind mounts and named volumes, source to target. */
	private static Map<String, String> mounts(Map<String, Object> service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (String volume : volumes(service)) {
			String[] parts = volume.split(":");
			mounts.put(parts[0], parts[1]);
		}
		return mounts;
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	/**
	 * Runs {@code docker-compose config -q} with only these variables: an env file of its
	 * own, so that a developer's {@code .env} is not read, and no other environment than
	 * {@code PATH} and {@code HOME}.
	 */
	private static Result config(Path compose, Map<String, String> variables, Path temp, String... options)
			throws IOException, InterruptedException {
		StringBuilder lines = new StringBuilder();
		variables.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
		Path envFile = Files.writeString(temp.resolve("test.env"), lines, StandardCharsets.UTF_8);
		Path stdout = temp.resolve("stdout");
		Path stderr = temp.resolve("stderr");
		List<String> command = new ArrayList<>(
				List.of(compose.toString(), "--env-file", envFile.toString(), "-f", COMPOSE_FILE.toString()));
		command.addAll(List.of(options));
		command.addAll(List.of("config", "-q"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		builder.environment().keySet().removeIf((name) -> !name.equals("PATH") && !name.equals("HOME"));
		Process process = builder.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("docker-compose config did not finish within 60 s");
		}
		return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
	}

	private static Path dockerCompose() {
		Optional<Path> found = Stream
			.concat(Stream.of("/usr/bin"),
					Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "docker-compose"))
			.filter(Files::isExecutable)
			.findFirst();
		assumeTrue(found.isPresent(), "docker-compose is not installed (apt-get install docker-compose)");
		return found.get();
	}

	private static Map<String, Object> services() {
		try {
			Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(Files.readString(COMPOSE_FILE, StandardCharsets.UTF_8));
			return map(compose, "services");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + COMPOSE_FILE, ex);
		}
	}

	/**
	 * The one-shot service that mounts and runs the topic script.
	 */
	private static String topicInitService(Map<String, Object> services) {
		Map<String, String> mounts = new LinkedHashMap<>();
		services.forEach((serviceName, definition) -> volumes(map(services, serviceName)).stream()
			.filter((volume) -> volume.startsWith("./" + TOPICS_SCRIPT + ":"))
			.forEach((volume) -> mounts.put(serviceName, volume.split(":")[1])));
		assertThat(mounts).as("services mounting " + TOPICS_SCRIPT).hasSize(1);
		String name = mounts.keySet().iterator().next();
		Map<String, Object> service = map(services, name);
		assertThat(service.get("entrypoint") + " " + service.get("command")).as(name + " runs the script")
			.contains(mounts.get(name));
		return name;
	}

	/**
	 * The topics the script creates, each with the rest of its line (partitions and
	 * configs).
	 */
	private static Map<String, String> createdTopics() throws IOException {
		String script = Files.readString(ROOT.resolve(TOPICS_SCRIPT), StandardCharsets.UTF_8);
		Map<String, String> topics = new LinkedHashMap<>();
		Matcher matcher = CREATE.matcher(script);
		while (matcher.find()) {
			topics.put(matcher.group(1), matcher.group(2));
		}
		return topics;
	}

	private static List<String> volumes(Map<String, Object> service) {
		Object volumes = service.getOrDefault("volumes", List.of());
		return ((List<?>) volumes).stream().map(String::valueOf).toList();
	}

	private static String healthCheck(Map<String, Object> service) {
		Object test = map(service, "healthcheck").get("test");
		return (test instanceof List<?> list) ? String.join(" ", list.stream().map(String::valueOf).toList())
				: String.valueOf(test);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static Path repositoryRoot() {
		// the tests run in local-stack/; the IDE may run them at the root
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("docker-compose.yml"))) {
				return directory;
			}
		}
		throw new IllegalStateException("No docker-compose.yml in " + Path.of("").toAbsolutePath() + " or above");
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
