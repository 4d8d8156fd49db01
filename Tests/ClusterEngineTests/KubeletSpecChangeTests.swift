import KubeModel
import Testing

@testable import ClusterEngine

/// `kubectl edit pod` / `kubectl set image pod/…`: a container's image is the one field of a
/// running pod's spec that may change, and the kubelet restarts the container for it.
@Suite struct KubeletSpecChangeTests {
  typealias C = KubeletFixture

  func setImage(_ fixture: KubeletFixture, pod: String, container: String, _ image: String) throws {
    try fixture.cluster.api.modify(Pod.self, namespace: "default", name: pod) { pod in
      guard let index = pod.spec?.containers?.firstIndex(where: { $0.name == container }) else { return }
      pod.spec?.containers?[index].image = image
    }
  }

  @Test(arguments: [nil, "Never"])
  func aNewImageRestartsTheRunningContainerWhateverThePolicy(policy: String?) throws {
    let fixture = try KubeletFixture()
    try fixture.run("nginx", [C.container("nginx", "nginx:1.14")], restartPolicy: policy)
    fixture.cluster.advance(by: 15)
    #expect(fixture.status("nginx")?.state?.running != nil)
    let firstID = fixture.status("nginx")?.containerID
    try setImage(fixture, pod: "nginx", container: "nginx", "nginx:1.15")
    fixture.cluster.advance(by: 15)
    let status = try #require(fixture.status("nginx"))
    #expect(status.state?.running != nil)
    #expect(status.restartCount == 1)
    #expect(status.image == "docker.io/library/nginx:1.15")
    #expect(status.containerID != firstID)
    #expect(status.lastState?.terminated?.containerID == firstID)
    #expect(fixture.pod("nginx")?.status?.phase == "Running")
    let events = fixture.events(about: "nginx")
    #expect(events.contains("Killing: Container nginx definition changed, will be restarted"))
    let killing = try #require(events.firstIndex { $0.hasPrefix("Killing:") })
    #expect(events[killing...].contains("Pulling: Pulling image \"nginx:1.15\""))
    #expect(events.contains { $0.hasPrefix("Pulled: Successfully pulled image \"nginx:1.15\"") })
    // Created and Started are the same events as the first run's, counted twice.
    let started = fixture.cluster.store.list(Event.self).first { $0.involvedObject.name == "nginx" && $0.reason == "Started" }
    #expect(started?.count == 2)
  }

  @Test func fixingAMisspeltImageStartsTheContainerWithoutWaitingForTheBackOff() throws {
    let fixture = try KubeletFixture()
    try fixture.run("multiple-pod", [
      C.container("nginx-container", "ningx:1.14"), C.container("centos-container", "centos:7", command: ["sleep", "10000"]),
    ])
    // Several failed pulls: the next attempt is 40 s away.
    fixture.cluster.advance(by: 60)
    #expect(fixture.status("multiple-pod")?.state?.waiting?.reason == "ImagePullBackOff")
    try setImage(fixture, pod: "multiple-pod", container: "nginx-container", "nginx:1.14")
    fixture.cluster.advance(by: 10)
    let fixed = try #require(fixture.status("multiple-pod"))
    #expect(fixed.state?.running != nil)
    #expect(fixed.restartCount == 0)
    #expect(fixture.pod("multiple-pod")?.status?.phase == "Running")
    #expect(!fixture.events(about: "multiple-pod").contains { $0.hasPrefix("Killing:") })
    // The other container was left alone.
    #expect(fixture.status("multiple-pod", container: 1)?.restartCount == 0)
  }
}
