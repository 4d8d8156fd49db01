import Foundation
import Testing

@testable import KubeModel

/// The hand-written pod JSON must be byte for byte what the generic `Encodable` path writes.
struct PodJSONWritingTests {
  /// The generic path's text (synthesized `Encodable` through `DirectJSONEncoder`).
  func generic<T: Encodable>(_ value: T) throws -> String {
    let encoder = DirectJSONEncoder()
    try encoder.appendEncoded(value)
    return String(decoding: encoder.output, as: UTF8.self)
  }

  /// The hand-written text.
  func handWritten(_ value: some JSONByteWritable) throws -> String {
    var output: [UInt8] = []
    try value.writeJSON(to: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// Members of the hand-written types inside `value` that are nil in every instance, as
  /// `Type.member`: the fixture must set each member somewhere.
  func neverSetMembers(_ value: Any) -> Set<String> {
    var set: Set<String> = []
    var all: Set<String> = []
    func walk(_ value: Any) {
      let mirror = Mirror(reflecting: value)
      switch mirror.displayStyle {
      case .optional:
        if let child = mirror.children.first { walk(child.value) }
      case .collection:
        for child in mirror.children { walk(child.value) }
      case .struct where value is any JSONByteWritable:
        for child in mirror.children {
          let name = "\(type(of: value)).\(child.label ?? "?")"
          all.insert(name)
          let inner = Mirror(reflecting: child.value)
          if inner.displayStyle != .optional || !inner.children.isEmpty { set.insert(name) }
          walk(child.value)
        }
      default:
        break
      }
    }
    walk(value)
    return all.subtracting(set)
  }

  static let fullPod = #"""
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7c9 <&> \"q\"","generateName":"web-","namespace":"default",
    "uid":"u-1","resourceVersion":"42","generation":3,"creationTimestamp":"2026-01-02T03:04:05Z",
    "deletionTimestamp":"1969-12-31T23:59:59Z","deletionGracePeriodSeconds":30,
    "labels":{"z":"1","app":"web","a.b/c":"x\ny","한글":"☃"},"annotations":{"note":"tab\there é ☃ \u0001 😀"},
    "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7c9","uid":"u-0","controller":true,
    "blockOwnerDeletion":false}],"finalizers":["a/b","c"],"managedFields":[{"manager":"kubectl","fields":{"f:x":{}}}]},
    "spec":{"volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}}],
    "initContainers":[{"name":"init","image":"busybox","command":["sh","-c","echo \"hi\""]}],
    "containers":[{"name":"app","image":"nginx:1.27","command":["nginx"],"args":["-g","daemon off;"],"workingDir":"/w",
    "ports":[{"name":"http","hostPort":8080,"containerPort":80,"protocol":"TCP","hostIP":"0.0.0.0"}],
    "envFrom":[{"prefix":"P_","configMapRef":{"name":"cm","optional":true}}],
    "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
    "resources":{"limits":{"cpu":"1","memory":"1.5Gi"},"requests":{"memory":"64Mi","cpu":"250m","nvidia.com/gpu":"1e3"},
    "claims":[{"name":"gpu"}]},"resizePolicy":[{"resourceName":"cpu","restartPolicy":"NotRequired"}],
    "restartPolicy":"Always","volumeMounts":[{"name":"data","readOnly":true,"recursiveReadOnly":"Disabled",
    "mountPath":"/data","subPath":"x","mountPropagation":"None","subPathExpr":"$(POD)"}],
    "volumeDevices":[{"name":"raw","devicePath":"/dev/xvda"}],
    "livenessProbe":{"exec":{"command":["true"]},"httpGet":{"path":"/healthz","port":"http","host":"h","scheme":"HTTP",
    "httpHeaders":[{"name":"X","value":"y"}]},"tcpSocket":{"port":80,"host":"h"},"grpc":{"port":9,"service":"s"},
    "initialDelaySeconds":1,"timeoutSeconds":2,"periodSeconds":3,"successThreshold":1,"failureThreshold":5,
    "terminationGracePeriodSeconds":7},
    "readinessProbe":{"httpGet":{"path":"/ready","port":8080}},"startupProbe":{"tcpSocket":{"port":"http"}},
    "lifecycle":{"preStop":{"exec":{"command":["sleep","5"]}}},"terminationMessagePath":"/dev/termination-log",
    "terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1000},
    "stdin":true,"stdinOnce":false,"tty":true}],
    "ephemeralContainers":[{"name":"debug"}],"restartPolicy":"OnFailure","terminationGracePeriodSeconds":30,
    "activeDeadlineSeconds":600,"dnsPolicy":"ClusterFirst","nodeSelector":{"disk":"ssd","zone":"a"},
    "serviceAccountName":"default","serviceAccount":"default","automountServiceAccountToken":false,"nodeName":"node-1",
    "hostNetwork":false,"hostPID":false,"hostIPC":true,"shareProcessNamespace":true,"securityContext":{"fsGroup":2000},
    "imagePullSecrets":[{"name":"regcred"}],"hostname":"web","subdomain":"svc",
    "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
    {"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]}]}]}}},"schedulerName":"default-scheduler",
    "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","value":"v","effect":"NoExecute",
    "tolerationSeconds":300}],"hostAliases":[{"ip":"1.2.3.4","hostnames":["a"]}],"priorityClassName":"high",
    "priority":1000,"dnsConfig":{"nameservers":["1.1.1.1"]},"readinessGates":[{"conditionType":"x"}],
    "runtimeClassName":"runc","enableServiceLinks":true,"preemptionPolicy":"Never","overhead":{"cpu":"100m"},
    "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],
    "setHostnameAsFQDN":false,"os":{"name":"linux"},"hostUsers":true,"schedulingGates":[{"name":"gate"}],
    "resourceClaims":[{"name":"gpu"}]},
    "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True","observedGeneration":3,
    "lastProbeTime":"2026-01-02T03:04:07Z","lastTransitionTime":"2026-01-02T03:04:07Z","reason":"R","message":"m <b>"}],
    "message":"msg","reason":"Evicted","nominatedNodeName":"node-2","hostIP":"10.1.0.1","hostIPs":[{"ip":"10.1.0.1"}],
    "podIP":"10.0.0.1","podIPs":[{"ip":"10.0.0.1"},{"ip":"fd00::1"}],"startTime":"2026-01-02T03:04:06Z",
    "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":0,"signal":9,"reason":"Completed",
    "message":"done","startedAt":"2026-01-02T03:04:06Z","finishedAt":"2026-01-02T03:04:07Z","containerID":"c://1"}}}],
    "containerStatuses":[{"name":"app","state":{"running":{"startedAt":"2026-01-02T03:04:07Z"}},
    "lastState":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 10s"}},"ready":true,"restartCount":2,
    "image":"nginx:1.27","imageID":"","containerID":"c://2","started":true,"allocatedResources":{"cpu":"250m"},
    "resources":{"requests":{"cpu":"250m"}},"volumeMounts":[{"name":"data","mountPath":"/data"}],
    "user":{"linux":{"uid":0}},"allocatedResourcesStatus":[{"name":"x"}],"stopSignal":"SIGTERM"}],
    "qosClass":"Burstable","ephemeralContainerStatuses":[{"name":"debug","state":{"waiting":{}}}],
    "resize":"InProgress","observedGeneration":3}}
    """#

  @Test func aPodWithEveryFieldSetIsWrittenAsTheGenericPathWritesIt() throws {
    let pod = try JSONDecoder().decode(Pod.self, from: Data(Self.fullPod.utf8))
    #expect(neverSetMembers(pod) == [])
    #expect(try handWritten(pod) == generic(pod))
    #expect(try String(decoding: DirectJSONEncoder.encode(pod), as: UTF8.self) == generic(pod))
  }

  @Test func emptyAndSparsePodsAreWrittenAsTheGenericPathWritesThem() throws {
    var pod = Pod()
    #expect(try handWritten(pod) == generic(pod))
    pod.apiVersion = nil
    pod.kind = nil
    pod.spec = PodSpec(containers: [Container()])
    pod.spec?.containers?[0].resources = ResourceRequirements(requests: [:])
    pod.spec?.tolerations = []
    pod.metadata.labels = [:]
    pod.status = PodStatus()
    pod.status?.containerStatuses = [ContainerStatus()]
    pod.status?.containerStatuses?[0].state = ContainerState()
    #expect(try handWritten(pod) == generic(pod))
  }

  @Test func escapesUnicodeAndTimesMatchTheGenericPath() throws {
    var pod = Pod()
    pod.metadata.name = "\u{0}\u{1f}\u{7f}\"\\/<>&\r\n\t é ☃ 한글 😀"
    pod.metadata.labels = ["b": "2", "a": "1", "B": "0", "é": "x", "": ""]
    pod.metadata.annotations = ["k": "\u{2028}\u{2029}"]
    for seconds: Int64 in [0, -1, 59, 86_399, 951_782_400, 4_102_444_800, 253_402_300_799, 253_402_300_800, -62_135_596_801] {
      pod.metadata.creationTimestamp = Time(seconds: seconds)
      #expect(try handWritten(pod) == generic(pod), "seconds \(seconds)")
    }
  }

  @Test func quantitiesInEveryFormatMatchTheGenericPath() throws {
    var pod = Pod()
    var container = Container(name: "c", image: "i")
    let texts = ["0", "1", "100m", "1.5Gi", "1536Mi", "1e3", "1000M", "0.1", "1Ki", "123456789", "1n", "1E", "12e-12"]
    var requests: [String: Quantity] = [:]
    for (index, text) in texts.enumerated() { requests["r\(index)"] = try Quantity(parsing: text) }
    container.resources = ResourceRequirements(requests: requests, limits: ["cpu": .milli(10), "memory": Quantity(16 << 20, format: .binarySI)])
    pod.spec = PodSpec(containers: [container])
    #expect(try handWritten(pod) == generic(pod))
  }
}
