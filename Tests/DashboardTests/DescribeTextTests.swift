import Foundation
import KubeModel
import Testing

@testable import Dashboard

@Suite struct ExplanationTextTests {
  @Test func longVerdictsEndWithAnEllipsisAndAreGivenWhole() {
    let long = "node(s) didn't match pod anti-affinity rules, node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
    let explanation = SchedulingExplanation(
      namespace: "default", pod: "web-1", numAllNodes: 2, message: "0/2 nodes are available",
      nodes: [
        .init(name: "worker-1", filter: .rejected(plugin: "InterPodAffinity", reasons: [long])),
        .init(name: "worker-2", filter: .rejected(plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"])),
      ])
    let lines = ExplanationText.lines(explanation)
    let row = lines.first { $0.hasPrefix("  worker-1") } ?? ""
    #expect(row.contains("node(s) didn't match pod anti-affinity rules") && row.contains("…"))
    #expect(!row.contains("control-plane"))
    // A verdict that fits is not repeated.
    #expect(lines.suffix(2) == ["Filter verdicts in full:", "  worker-1: \(long)"])
  }

  @Test func aPreemptingPodNamesItsNodeAndItsVictims() {
    var explanation = SchedulingExplanation(
      namespace: "default", pod: "urgent", numAllNodes: 1,
      message: "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.",
      nodes: [.init(name: "worker-1", filter: .rejected(plugin: "InterPodAffinity", reasons: ["node(s) didn't match pod anti-affinity rules"]))])
    explanation.nominatedNode = "worker-1"
    explanation.victims = ["default/neighbour", "team-a/batch"]
    let lines = ExplanationText.lines(explanation)
    #expect(lines[1] == "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.")
    #expect(lines[2] == "Preemption: nominated worker-1, evicting default/neighbour, team-a/batch")
  }
}

@Suite struct PodDescriptionTests {
  @Test func describeSaysThePhaseTheStatesAndAlignsConditions() {
    var pod = Pod(metadata: ObjectMeta(name: "web", namespace: "default"), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx")]))
    var status = PodStatus()
    status.phase = "Running"
    var ready = PodCondition()
    ready.type = "PodReadyToStartContainers"
    ready.status = "True"
    var scheduled = PodCondition()
    scheduled.type = "PodScheduled"
    scheduled.status = "True"
    status.conditions = [ready, scheduled]
    var container = ContainerStatus()
    container.name = "nginx"
    var waiting = ContainerStateWaiting()
    waiting.reason = "CrashLoopBackOff"
    container.state = ContainerState(waiting: waiting)
    var last = ContainerStateTerminated()
    last.reason = "Error"
    last.exitCode = 1
    last.startedAt = Time(seconds: 1_767_225_600)
    last.finishedAt = Time(seconds: 1_767_225_605)
    container.lastState = ContainerState(terminated: last)
    status.containerStatuses = [container]
    pod.status = status
    let lines = Describer.describe(pod, cache: InformerCache(), now: Time(seconds: 1_767_225_660))
    /// The value of the first line that starts with `title`, its padding removed.
    func value(_ title: String, in lines: [String]) -> String? {
      lines.first { $0.hasPrefix(title) }.map { String($0.dropFirst(title.count)).trimmingCharacters(in: .whitespaces) }
    }
    #expect(value("Status:", in: lines) == "Running")
    #expect(value("    State:", in: lines) == "Waiting")
    #expect(value("      Reason:", in: lines) == "CrashLoopBackOff")
    #expect(value("    Last State:", in: lines) == "Terminated")
    #expect(value("      Exit Code:", in: lines) == "1")
    #expect(value("      Finished:", in: lines) == "Thu, 01 Jan 2026 00:00:05 +0000")
    // Condition rows as kubectl's tab writer sets them: as wide as the longest type, a
    // space, then two of padding.
    #expect(lines.contains("  Type                        Status"))
    #expect(lines.contains("  PodReadyToStartContainers   True "))
    #expect(lines.contains("  PodScheduled                True "))
    // A pod being deleted says how long it has been terminating.
    pod.metadata.deletionTimestamp = Time(seconds: 1_767_225_650)
    pod.metadata.deletionGracePeriodSeconds = 30
    let deleting = Describer.describe(pod, cache: InformerCache(), now: Time(seconds: 1_767_225_660))
    #expect(value("Status:", in: deleting) == "Terminating (lasts 10s)")
    #expect(value("Termination Grace Period:", in: deleting) == "30s")
  }
}

@Suite struct NodeDescriptionTests {
  /// kubectl cuts a percentage to its whole part (`describe node`, `top node`): 850m of
  /// 3900m is 21%, not the 22% rounding gives, and 71m of 3900m is 1%.
  @Test func percentagesAreCutAsKubectlCutsThem() {
    var node = Fixtures.node("worker-9")
    node.status?.allocatable = ["cpu": Fixtures.quantity("3900m"), "memory": Fixtures.quantity("7992Mi"), "pods": Fixtures.quantity("110")]
    let pods = [
      Fixtures.pod("api", node: "worker-9", cpu: "250m", memory: "100Mi"),
      Fixtures.pod("etcd", node: "worker-9", cpu: "600m", memory: "140Mi"),
    ]
    let cache = InformerCache()
    cache.load(nodes: [node], pods: pods)
    let lines = Describer.describe(node, cache: cache, now: Fixtures.now)
    // Requests, then limits (the fixtures limit memory to 256Mi per pod).
    #expect(lines.contains("  cpu                850m (21%)  0 (0%)"), "\(lines.suffix(6))")
    #expect(lines.contains("  memory             240Mi (3%)  512Mi (6%)"))
    #expect(lines.contains { $0.contains(" api ") && $0.contains("250m (6%)") })
    #expect(Format.percent(71, of: 3900) == "1%")
    #expect(Format.percent(3899, of: 3900) == "99%")
    #expect(Format.percent(1, of: 0) == "n/a")
  }
}

@Suite struct TabbedTextTests {
  /// The tab writer's rules: a column is as wide as its widest cell plus two over a run of
  /// lines that have a cell in it; a line with fewer cells ends the run; the text after a
  /// line's last tab is no cell; `flush` starts afresh.
  @Test func columnsAlignOverRunsOfLinesThatHaveThem() {
    var text = TabbedText()
    text.write(0, "Name:\tweb\nLong field name:\tx\n")
    text.write(1, "Nested:\tvalue\tafter\n")
    text.write(0, "No tab here\n")
    text.write(0, "A:\tb\n")
    text.flush()
    text.write(0, "Events:\t<none>\n")
    #expect(
      text.lines == [
        "Name:             web", "Long field name:  x", "  Nested:         value  after",
        "No tab here", "A:  b", "Events:  <none>",
      ])
  }
}

@Suite struct NamespaceDescriptionTests {
  @Test func aTerminatingNamespaceListsItsConditionsInAnAlignedTable() {
    var namespace = Namespace()
    namespace.metadata = ObjectMeta(name: "doomed")
    var status = NamespaceStatus(phase: "Terminating")
    status.conditions = [
      [
        "type": "NamespaceContentRemaining", "status": "True", "lastTransitionTime": "2026-01-01T00:00:05Z",
        "reason": "SomeResourcesRemain", "message": "Some resources are remaining: pods. has 1 resource instances",
      ]
    ]
    namespace.status = status
    let lines = Describer.describe(namespace, cache: InformerCache(), now: Time(seconds: 1_767_225_660))
    func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
    // Each column is as wide as its widest cell plus two; the last is not padded; no events.
    #expect(
      lines == [
        "Name:         doomed", "Labels:       <none>", "Annotations:  <none>", "Status:       Terminating", "Conditions:",
        pad("  Type", 29) + pad("Status", 8) + pad("LastTransitionTime", 33) + pad("Reason", 21) + "Message",
        pad("  ----", 29) + pad("------", 8) + pad("------------------", 33) + pad("------", 21) + "-------",
        pad("  NamespaceContentRemaining", 29) + pad("True", 8) + pad("Thu, 01 Jan 2026 00:00:05 +0000", 33)
          + pad("SomeResourcesRemain", 21) + "Some resources are remaining: pods. has 1 resource instances",
      ])
  }
}

@Suite struct GenericDescriptionTests {
  @Test func fieldNamesAreHumanisedAsKubectlsGenericDescriberDoes() {
    #expect(GenericDescription.label(for: "apiVersion") == "API Version")
    #expect(GenericDescription.label(for: "uid") == "UID")
    #expect(GenericDescription.label(for: "involvedObject") == "Involved Object")
    #expect(GenericDescription.label(for: "hostIP") == "Host IP")
    // Its splitter moves a run's last capital to the lower-case run after it.
    #expect(GenericDescription.label(for: "podIPs") == "Pod I Ps")
    #expect(GenericDescription.label(for: "HTTPServer") == "HTTP Server")
    #expect(GenericDescription.label(for: "a-b") == "A - B")
    // Anything but letters and dashes is kept as written.
    #expect(GenericDescription.label(for: "kubernetes.io/hostname") == "kubernetes.io/hostname")
    #expect(GenericDescription.label(for: "ipv4") == "ipv4")
  }

  @Test func anObjectWithoutADescriberListsItsFieldsByKeyWithNestedMapsAndLists() {
    var lease = Lease()
    lease.metadata = ObjectMeta(name: "worker-1", namespace: "kube-node-lease")
    lease.metadata.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Node", name: "worker-1", uid: "u-1")]
    var spec = LeaseSpec()
    spec.holderIdentity = "worker-1"
    spec.leaseDurationSeconds = 40
    lease.spec = spec
    let lines = Describer.describe(lease, cache: InformerCache(), now: Time(seconds: 0))
    #expect(
      lines == [
        "Name:         worker-1",
        "Namespace:    kube-node-lease",
        "Labels:       <none>",
        "Annotations:  <none>",
        "API Version:  coordination.k8s.io/v1",
        "Kind:         Lease",
        "Metadata:",
        "  Owner References:",
        "    API Version:  v1",
        "    Kind:         Node",
        "    Name:         worker-1",
        "    UID:          u-1",
        "Spec:",
        "  Holder Identity:         worker-1",
        "  Lease Duration Seconds:  40",
        "Events:                    <none>",
      ])
    #expect(GenericDescription.scalar(.null) == "<nil>")
    #expect(GenericDescription.scalar(.double(0.5)) == "0.5")
  }
}
