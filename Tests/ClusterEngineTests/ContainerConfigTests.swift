import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ContainerConfigTests {
  func fixture() throws -> StudyGuideFixture {
    let fixture = try StudyGuideFixture()
    var map = ConfigMap()
    map.metadata = ObjectMeta(name: "game", namespace: "default")
    map.data = ["lives": "3", "level": "easy"]
    try fixture.api.create(map)
    var secret = Secret()
    secret.metadata = ObjectMeta(name: "db", namespace: "default")
    secret.stringData = ["password": "s3cret"]
    try fixture.api.create(secret)
    return fixture
  }

  func container(env: [EnvVar] = [], envFrom: [EnvFromSource] = []) -> Container {
    var container = Container(name: "app", image: "busybox")
    container.env = env
    container.envFrom = envFrom
    container.resources = ResourceRequirements(
      requests: ["cpu": StudyGuideFixture.quantity("250m")], limits: ["memory": StudyGuideFixture.quantity("64Mi")])
    return container
  }

  static func from(configMap name: String? = nil, secret: String? = nil, key: String, optional: Bool? = nil) -> EnvVarSource {
    var selector = KeySelector()
    selector.name = name ?? secret
    selector.key = key
    selector.optional = optional
    var source = EnvVarSource()
    if name != nil { source.configMapKeyRef = selector } else { source.secretKeyRef = selector }
    return source
  }

  static func variable(_ name: String, _ source: EnvVarSource) -> EnvVar {
    var variable = EnvVar()
    variable.name = name
    variable.valueFrom = source
    return variable
  }

  @Test func environmentFromEverySource() throws {
    let fixture = try fixture()
    #expect(try fixture.api.get(Secret.self, namespace: "default", name: "db").data == ["password": "czNjcmV0"])
    var prefixed = EnvFromSource()
    prefixed.prefix = "GAME_"
    prefixed.configMapRef = OptionalNameReference(name: "game")
    var field = EnvVarSource()
    field.fieldRef = ObjectFieldSelector()
    field.fieldRef?.fieldPath = "metadata.name"
    var ipField = EnvVarSource()
    ipField.fieldRef = ObjectFieldSelector()
    ipField.fieldRef?.fieldPath = "status.podIP"
    var cpu = EnvVarSource()
    cpu.resourceFieldRef = ResourceFieldSelector()
    cpu.resourceFieldRef?.resource = "requests.cpu"
    cpu.resourceFieldRef?.divisor = StudyGuideFixture.quantity("1m")
    var memory = EnvVarSource()
    memory.resourceFieldRef = ResourceFieldSelector()
    memory.resourceFieldRef?.resource = "limits.memory"
    memory.resourceFieldRef?.divisor = StudyGuideFixture.quantity("1Mi")
    let app = container(
      env: [
        Self.variable("LIVES", Self.from(configMap: "game", key: "lives")),
        Self.variable("PASSWORD", Self.from(secret: "db", key: "password")),
        Self.variable("POD", field), Self.variable("IP", ipField), Self.variable("CPU", cpu), Self.variable("MEM", memory),
        EnvVar(name: "GREETING", value: "hello $(POD) $$(POD)"),
        Self.variable("MAYBE", Self.from(configMap: "game", key: "missing", optional: true)),
      ],
      envFrom: [prefixed])
    var pod = fixture.makePod("web", labels: [:])
    pod.spec?.containers = [app]
    try fixture.api.create(pod)
    try fixture.start("web", ip: "10.244.1.5")
    let stored = try fixture.api.get(Pod.self, namespace: "default", name: "web")
    let env = try ContainerConfig.environment(pod: stored, container: app, store: fixture.cluster.store)
    #expect(env.map(\.name) == ["GAME_level", "GAME_lives", "LIVES", "PASSWORD", "POD", "IP", "CPU", "MEM", "GREETING"])
    #expect(env.map(\.value) == ["easy", "3", "3", "s3cret", "web", "10.244.1.5", "250", "64", "hello web $(POD)"])
  }

  @Test func missingConfigurationGivesTheKubeletsMessages() throws {
    let fixture = try fixture()
    let pod = fixture.makePod("web", labels: [:])
    let store = fixture.cluster.store
    func error(_ container: Container) -> String? {
      do {
        _ = try ContainerConfig.environment(pod: pod, container: container, store: store)
        return nil
      } catch {
        return error.description
      }
    }
    #expect(error(container(env: [Self.variable("A", Self.from(configMap: "nope", key: "a"))])) == "configmap \"nope\" not found")
    #expect(
      error(container(env: [Self.variable("A", Self.from(configMap: "game", key: "speed"))]))
        == "couldn't find key speed in ConfigMap default/game")
    #expect(
      error(container(env: [Self.variable("A", Self.from(secret: "db", key: "user"))])) == "couldn't find key user in Secret default/db")
    var missingSecret = EnvFromSource()
    missingSecret.secretRef = OptionalNameReference(name: "gone")
    #expect(error(container(envFrom: [missingSecret])) == "secret \"gone\" not found")
    missingSecret.secretRef?.optional = true
    #expect(error(container(envFrom: [missingSecret])) == nil)
  }

  @Test func configMapAndSecretVolumesBecomeFiles() throws {
    let fixture = try fixture()
    var pod = fixture.makePod("web", labels: [:])
    var config = Volume()
    config.name = "config"
    config.configMap = ConfigMapVolumeSource()
    config.configMap?.name = "game"
    var secret = Volume()
    secret.name = "creds"
    secret.secret = SecretVolumeSource()
    secret.secret?.secretName = "db"
    var item = KeyToPath()
    item.key = "password"
    item.path = "db/pass.txt"
    secret.secret?.items = [item]
    pod.spec?.volumes = [config, secret]
    var app = container()
    var first = VolumeMount()
    first.name = "config"
    first.mountPath = "/etc/game/"
    var second = VolumeMount()
    second.name = "creds"
    second.mountPath = "/secrets"
    app.volumeMounts = [first, second]
    let files = try VolumeFiles.files(pod: pod, container: app, store: fixture.cluster.store)
    #expect(files.map(\.path) == ["/etc/game/level", "/etc/game/lives", "/secrets/db/pass.txt"])
    #expect(files.map(\.content) == ["easy", "3", "s3cret"])
    pod.spec?.volumes?[0].configMap?.name = "absent"
    #expect(throws: ConfigError.configMapNotFound(name: "absent")) {
      try VolumeFiles.files(pod: pod, container: app, store: fixture.cluster.store)
    }
  }
}
