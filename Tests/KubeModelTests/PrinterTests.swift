import Testing
@testable import KubeModel

@Suite struct PrinterTests {
  let now = Time(seconds: 1_767_229_200)  // one hour after the fixtures' creation time
  let created = Time(seconds: 1_767_225_600)

  @Test(arguments: [
    (1.0, "1s"), (70, "70s"), (119, "119s"), (120, "2m"), (190, "3m10s"), (599, "9m59s"), (600, "10m"),
    (4200, "70m"), (10_799, "179m"), (10_800, "3h"), (11_100, "3h5m"), (28_800, "8h"), (169_200, "47h"),
    (176_400, "2d1h"), (712_800, "8d"), (31_708_800, "367d"), (63_417_600, "2y4d"), (252_288_000, "8y"), (-1, "0s"),
    (-3, "<invalid>"),
  ])
  func humanDurations(seconds: Double, text: String) {
    #expect(HumanDuration.format(seconds: seconds) == text)
  }

  func pod(_ configure: (inout Pod) -> Void) -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "web-1", namespace: "default")
    pod.metadata.creationTimestamp = created
    pod.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")])
    pod.status = PodStatus()
    configure(&pod)
    return pod
  }

  func row(_ pod: Pod) -> [String] {
    PodPrinter.table([pod], now: now).text(of: PodPrinter.table([pod], now: now).rows[0])
  }

  @Test func runningPod() {
    let pod = self.pod {
      $0.spec?.nodeName = "worker-1"
      $0.status?.phase = "Running"
      $0.status?.podIP = "10.244.1.5"
      $0.status?.podIPs = [PodIP(ip: "10.244.1.5")]
      var status = ContainerStatus()
      status.name = "nginx"
      status.ready = true
      status.restartCount = 0
      status.state = ContainerState(running: ContainerStateRunning(startedAt: created))
      $0.status?.containerStatuses = [status]
    }
    #expect(row(pod) == ["web-1", "1/1", "Running", "0", "60m", "10.244.1.5", "worker-1", "<none>", "<none>"])
  }

  @Test func crashLoopShowsRestartsWithTheLastRestartAge() {
    let pod = self.pod {
      $0.status?.phase = "Running"
      var status = ContainerStatus()
      status.name = "nginx"
      status.ready = false
      status.restartCount = 3
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: "CrashLoopBackOff"))
      var last = ContainerStateTerminated()
      last.exitCode = 1
      last.reason = "Error"
      last.finishedAt = Time(seconds: now.seconds - 130)
      status.lastState = ContainerState(terminated: last)
      $0.status?.containerStatuses = [status]
    }
    #expect(Array(row(pod).prefix(5)) == ["web-1", "0/1", "CrashLoopBackOff", "3 (2m10s ago)", "60m"])
  }

  @Test func initContainersAndTermination() {
    let initializing = pod {
      $0.spec?.initContainers = [Container(name: "setup", image: "busybox")]
      $0.status?.phase = "Pending"
      var status = ContainerStatus()
      status.name = "setup"
      status.state = ContainerState(running: ContainerStateRunning(startedAt: created))
      $0.status?.initContainerStatuses = [status]
    }
    #expect(row(initializing)[2] == "Init:0/1")
    let creating = pod {
      $0.status?.phase = "Pending"
      var status = ContainerStatus()
      status.name = "nginx"
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: "ContainerCreating"))
      $0.status?.containerStatuses = [status]
    }
    #expect(row(creating)[2] == "ContainerCreating")
    let terminating = pod {
      $0.status?.phase = "Running"
      $0.metadata.deletionTimestamp = now
    }
    #expect(row(terminating)[2] == "Terminating")
    let completed = pod {
      $0.status?.phase = "Succeeded"
      var status = ContainerStatus()
      status.name = "nginx"
      var done = ContainerStateTerminated()
      done.exitCode = 0
      done.reason = "Completed"
      status.state = ContainerState(terminated: done)
      $0.status?.containerStatuses = [status]
    }
    #expect(row(completed)[2] == "Completed")
  }

  @Test func nodeStatusAndRoles() {
    var node = Node()
    node.metadata = ObjectMeta(name: "control-plane", labels: ["node-role.kubernetes.io/control-plane": ""])
    node.metadata.creationTimestamp = created
    var status = NodeStatus()
    status.conditions = [NodeCondition(type: "Ready", status: "True", reason: "KubeletReady", message: nil, lastHeartbeatTime: nil, lastTransitionTime: nil)]
    var info = NodeSystemInfo()
    info.kubeletVersion = "v1.32.4"
    status.nodeInfo = info
    node.status = status
    node.spec = NodeSpec()
    node.spec?.unschedulable = true
    let table = NodePrinter.table([node], now: now)
    #expect(Array(table.text(of: table.rows[0]).prefix(5)) == ["control-plane", "Ready,SchedulingDisabled", "control-plane", "60m", "v1.32.4"])
    node.status?.conditions?[0].status = "Unknown"
    node.spec?.unschedulable = nil
    #expect(NodePrinter.statusText(node) == "NotReady")
  }

  @Test func renderedLikeKubectl() {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "webserver", namespace: "default")
    deployment.metadata.creationTimestamp = created
    deployment.spec = DeploymentSpec()
    deployment.spec?.replicas = 2
    deployment.status = DeploymentStatus()
    deployment.status?.readyReplicas = 2
    deployment.status?.updatedReplicas = 2
    deployment.status?.availableReplicas = 2
    let text = DeploymentPrinter.table([deployment], now: now).render()
    #expect(text == "NAME        READY   UP-TO-DATE   AVAILABLE   AGE\nwebserver   2/2     2            2           60m\n")
  }

  @Test func serviceAndEventCells() {
    var service = Service()
    service.metadata = ObjectMeta(name: "webserver", namespace: "default")
    service.metadata.creationTimestamp = created
    var spec = ServiceSpec()
    spec.type = "NodePort"
    spec.clusterIP = "10.96.12.7"
    var port = ServicePort(port: 80, targetPort: .int(80))
    port.nodePort = 30080
    spec.ports = [port]
    spec.selector = ["app": "webserver"]
    service.spec = spec
    let table = ServicePrinter.table([service], now: now)
    #expect(table.text(of: table.rows[0]) == ["webserver", "NodePort", "10.96.12.7", "<none>", "80:30080/TCP", "60m", "app=webserver"])

    var event = Event()
    event.metadata = ObjectMeta(name: "web-1.abc", namespace: "default")
    event.involvedObject = ObjectReference(kind: "Pod", namespace: "default", name: "web-1")
    event.type = "Warning"
    event.reason = "BackOff"
    event.message = "Back-off restarting failed container nginx in pod web-1_default(uid)"
    event.count = 4
    event.firstTimestamp = created
    event.lastTimestamp = Time(seconds: now.seconds - 30)
    event.source = EventSource(component: "kubelet", host: "worker-1")
    let events = EventPrinter.table([event], now: now)
    let cells = events.text(of: events.rows[0])
    #expect(cells[0] == "30s (x4 over 60m)")
    #expect(cells[3] == "pod/web-1")
    #expect(cells[5] == "kubelet, worker-1")
  }

  static func subset(_ ips: [String], ports: [Int32]) -> EndpointSubset {
    var subset = EndpointSubset()
    subset.addresses = ips.map { ip in
      var address = EndpointAddress()
      address.ip = ip
      return address
    }
    subset.ports = ports.isEmpty ? nil : ports.map { number in
      var port = EndpointPort()
      port.port = number
      return port
    }
    return subset
  }

  @Test func endpointsListPortsThenAddressesAsKubectlDoes() {
    var endpoints = Endpoints()
    #expect(EndpointsPrinter.addresses(endpoints) == "<none>")
    endpoints.subsets = [Self.subset(["10.244.0.7", "10.244.0.8"], ports: [53, 9153])]
    #expect(EndpointsPrinter.addresses(endpoints) == "10.244.0.7:53,10.244.0.8:53,10.244.0.7:9153 + 1 more...")
    endpoints.subsets = [Self.subset(["10.244.1.2"], ports: []), Self.subset(["fd00::5"], ports: [80])]
    #expect(EndpointsPrinter.addresses(endpoints) == "10.244.1.2,[fd00::5]:80")
    // Only pods that are not ready: a subset, but nothing to show.
    var notReady = EndpointSubset()
    notReady.notReadyAddresses = Self.subset(["10.244.1.9"], ports: []).addresses
    endpoints.subsets = [notReady]
    #expect(EndpointsPrinter.addresses(endpoints) == "")
  }
}
