import KubeModel
import Testing

@testable import ClusterEngine

/// A container whose ConfigMap or Secret is missing waits as the kubelet makes it wait
/// (CreateContainerConfigError for env, FailedMount for volumes), and starts once the
/// object appears, on the kubelet's next sync.
@Suite struct ContainerConfigErrorTests {
  func cluster() throws -> Cluster {
    let cluster = try ClusterFactory.make()
    cluster.advance(by: 30)
    return cluster
  }

  func create(_ yaml: String, in cluster: Cluster) throws {
    for document in try Manifest.decode(yaml, file: "test.yaml") {
      switch document.object {
      case let pod as Pod: try cluster.api.create(pod)
      case let map as ConfigMap: try cluster.api.create(map)
      case let secret as Secret: try cluster.api.create(secret)
      default: Issue.record("unexpected \(document.object)")
      }
    }
  }

  func waiting(_ cluster: Cluster, _ name: String) -> ContainerStateWaiting? {
    cluster.store.get(Pod.self, namespace: "default", name: name)?.status?.containerStatuses?.first?.state?.waiting
  }

  func phase(_ cluster: Cluster, _ name: String) -> String? {
    cluster.store.get(Pod.self, namespace: "default", name: name)?.status?.phase
  }

  func messages(_ cluster: Cluster, _ reason: String, about name: String) -> [String] {
    cluster.store.all(Event.self).filter { $0.reason == reason && $0.involvedObject.name == name }.compactMap(\.message)
  }

  static let envPod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
      - name: app
        image: nginx:1.14
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: LOG_LEVEL
    """

  /// A running process keeps the environment it started with: editing the ConfigMap
  /// changes nothing in `printenv` until the container starts again.
  @Test func environmentIsFixedWhenTheContainerStarts() throws {
    let cluster = try cluster()
    try create(
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-config
      data:
        LOG_LEVEL: info
      """, in: cluster)
    try create(Self.envPod, in: cluster)
    cluster.advance(by: 30)
    func printenv() throws -> String {
      var shell = try SimulatedShell(cluster: cluster, namespace: "default", pod: "app", container: "app")
      return shell.run(["printenv", "LOG_LEVEL"]).stdout
    }
    #expect(try printenv() == "info\n")
    try cluster.api.modify(ConfigMap.self, namespace: "default", name: "app-config") { $0.data?["LOG_LEVEL"] = "debug" }
    cluster.advance(by: 30)
    #expect(try printenv() == "info\n")
    try cluster.api.delete(Pod.self, namespace: "default", name: "app", options: DeleteOptions(gracePeriodSeconds: 0))
    cluster.advance(by: 1)
    try create(Self.envPod, in: cluster)
    cluster.advance(by: 30)
    #expect(try printenv() == "debug\n")
  }

  @Test func missingConfigMapThenMissingKeyThenStarts() throws {
    let cluster = try cluster()
    try create(Self.envPod, in: cluster)
    cluster.advance(by: 20)
    #expect(phase(cluster, "app") == "Pending")
    #expect(waiting(cluster, "app")?.reason == "CreateContainerConfigError")
    #expect(waiting(cluster, "app")?.message == "configmap \"app-config\" not found")
    #expect(messages(cluster, "Failed", about: "app").contains("Error: configmap \"app-config\" not found"))
    try create(
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-config
      data:
        COLOR: blue
      """, in: cluster)
    cluster.advance(by: 11)
    #expect(waiting(cluster, "app")?.message == "couldn't find key LOG_LEVEL in ConfigMap default/app-config")
    try cluster.api.modify(ConfigMap.self, namespace: "default", name: "app-config") { $0.data?["LOG_LEVEL"] = "debug" }
    cluster.advance(by: 11)
    #expect(phase(cluster, "app") == "Running")
    #expect(waiting(cluster, "app") == nil)
    #expect(try cluster.api.get(Pod.self, namespace: "default", name: "app").status?.containerStatuses?.first?.state?.running != nil)
  }

  @Test func missingSecretForEnvFrom() throws {
    let cluster = try cluster()
    try create(
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: db-client
      spec:
        containers:
        - name: client
          image: nginx:1.14
          envFrom:
          - secretRef:
              name: db-credentials
      """, in: cluster)
    cluster.advance(by: 20)
    #expect(waiting(cluster, "db-client")?.reason == "CreateContainerConfigError")
    #expect(waiting(cluster, "db-client")?.message == "secret \"db-credentials\" not found")
    var secret = Secret()
    secret.metadata = ObjectMeta(name: "db-credentials", namespace: "default")
    secret.data = ["password": "czNjcjN0"]
    try cluster.api.create(secret)
    cluster.advance(by: 11)
    #expect(phase(cluster, "db-client") == "Running")
  }

  @Test func missingConfigMapVolumeFailsToMount() throws {
    let cluster = try cluster()
    try create(
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx:1.14
          volumeMounts:
          - name: config
            mountPath: /etc/web
        volumes:
        - name: config
          configMap:
            name: web-config
      """, in: cluster)
    cluster.advance(by: 20)
    #expect(phase(cluster, "web") == "Pending")
    #expect(waiting(cluster, "web")?.reason == "ContainerCreating")
    #expect(
      messages(cluster, "FailedMount", about: "web")
        == ["MountVolume.SetUp failed for volume \"config\" : configmap \"web-config\" not found"])
    // The volume manager backs off 0.5, 1, 2, 4, 8, 16 s: six failures in the first 20 s
    // after the sandbox (one event, counted), and the next attempt 16 s after the sixth.
    let failed = cluster.store.all(Event.self).first { $0.reason == "FailedMount" && $0.involvedObject.name == "web" }
    #expect(failed?.count == 6)
    var map = ConfigMap()
    map.metadata = ObjectMeta(name: "web-config", namespace: "default")
    map.data = ["index.html": "hello"]
    try cluster.api.create(map)
    // Still waiting out the back-off: the image is not even being pulled yet (volumes are
    // set up before any image is pulled).
    cluster.advance(by: 11)
    #expect(phase(cluster, "web") == "Pending")
    #expect(messages(cluster, "Pulling", about: "web").isEmpty)
    cluster.advance(by: 30)
    #expect(phase(cluster, "web") == "Running")
  }
}
