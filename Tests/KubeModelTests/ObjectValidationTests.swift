import Testing

@testable import KubeModel

// Messages follow kubernetes/kubernetes pkg/apis/core/validation/validation.go and
// pkg/apis/apps/validation/validation.go; cases are modelled on validation_test.go's.

/// The rendered errors for `object`, as the API server lists them.
private func messages(_ object: any KubeObject, old: (any KubeObject)? = nil) -> [String] {
  ObjectValidator.validate(object, old: old).map(\.description)
}

/// A pod manifest decoded and placed in `default`, as the API layer does before validating.
private func decodedPod(_ text: String) throws -> Pod {
  var pod = try #require(try Manifest.decode(text).first?.object as? Pod)
  pod.metadata.namespace = "default"
  return pod
}

private func pod(_ containers: [Container], name: String = "web") -> Pod {
  Pod(metadata: ObjectMeta(name: name, namespace: "default"), spec: PodSpec(containers: containers))
}

private func deployment(selector: [String: String]?, labels: [String: String]?) -> Deployment {
  var deployment = Deployment()
  deployment.metadata = ObjectMeta(name: "web", namespace: "default")
  var spec = DeploymentSpec()
  spec.selector = selector.map { LabelSelector(matchLabels: $0) }
  spec.template = PodTemplateSpec(
    metadata: ObjectMeta(labels: labels), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx")]))
  deployment.spec = spec
  return deployment
}

private let nginx = Container(name: "nginx", image: "nginx:1.14")

/// Object validation, one suite per group of kinds.
enum ObjectValidationTests {}

extension ObjectValidationTests {
  @Suite struct Pods {
    @Test func studyGuideNginxPodIsValid() throws {
      let pod = try decodedPod(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: nginx
        spec:
          containers:
          - image: nginx:1.14
            name: nginx
            ports:
            - containerPort: 80
        """)
      #expect(messages(pod) == [])
    }

    @Test func studyGuideResourcesPodIsValid() throws {
      let pod = try decodedPod(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: pod
        spec:
          containers:
          - name: nginx-container
            image: nginx:1.14
            resources:
              requests: {cpu: 100m, memory: 250Mi}
              limits: {cpu: 500m, memory: 500Mi}
        """)
      #expect(messages(pod) == [])
    }

    @Test func podWithoutContainers() {
      #expect(messages(pod([])) == ["spec.containers: Required value"])
    }

    @Test func nameAndNamespaceRequired() {
      let pod = Pod(metadata: ObjectMeta(), spec: PodSpec(containers: [nginx]))
      #expect(
        messages(pod) == [
          "metadata.name: Required value: name or generateName is required", "metadata.namespace: Required value",
        ])
    }

    @Test func invalidName() {
      let expected = "metadata.name: Invalid value: \"Web_1\": " + isDNS1123Subdomain("Web_1")[0]
      #expect(messages(pod([nginx], name: "Web_1")) == [expected])
      #expect(expected.contains("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"))
    }

    @Test func duplicateContainerNames() {
      let errors = messages(pod([nginx, Container(name: "nginx", image: "busybox")]))
      #expect(errors == ["spec.containers[1].name: Duplicate value: \"nginx\""])
    }

    @Test func initContainerNamesMustDifferFromContainers() {
      var pod = pod([nginx])
      pod.spec?.initContainers = [Container(name: "nginx", image: "busybox")]
      #expect(messages(pod) == ["spec.initContainers[0].name: Duplicate value: \"nginx\""])
    }

    @Test func containerNameAndImage() {
      #expect(messages(pod([Container()])) == ["spec.containers[0].name: Required value", "spec.containers[0].image: Required value"])
      let badName = messages(pod([Container(name: "Nginx", image: "nginx")]))
      #expect(badName == ["spec.containers[0].name: Invalid value: \"Nginx\": " + isDNS1123Label("Nginx")[0]])
      #expect(
        messages(pod([Container(name: "nginx", image: " nginx")]))
          == ["spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"])
    }

    @Test func requestsAboveLimits() {
      let resources = ResourceRequirements(requests: ["cpu": Quantity.milli(600)], limits: ["cpu": Quantity.milli(500)])
      let errors = messages(pod([Container(name: "nginx", image: "nginx", resources: resources)]))
      #expect(errors == ["spec.containers[0].resources.requests: Invalid value: \"600m\": must be less than or equal to cpu limit of 500m"])
    }

    @Test func resourceNamesAndQuantities() {
      let resources = ResourceRequirements(requests: ["gpu": Quantity(1), "memory": Quantity(-1)])
      #expect(
        messages(pod([Container(name: "nginx", image: "nginx", resources: resources)])) == [
          "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
          "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
          "spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0",
        ])
      let extended = ResourceRequirements(requests: ["example.com/gpu": Quantity(1)])
      #expect(
        messages(pod([Container(name: "nginx", image: "nginx", resources: extended)]))
          == ["spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"])
    }

    @Test func ports() {
      let ports = [
        ContainerPort(containerPort: 0), ContainerPort(containerPort: 70000), ContainerPort(containerPort: 80, protocol: "HTTP"),
        ContainerPort(containerPort: 81, name: "web"), ContainerPort(containerPort: 82, name: "web"),
      ]
      #expect(
        messages(pod([Container(name: "nginx", image: "nginx", ports: ports)])) == [
          "spec.containers[0].ports[0].containerPort: Required value",
          "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
          "spec.containers[0].ports[2].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
          "spec.containers[0].ports[4].name: Duplicate value: \"web\"",
        ])
    }

    @Test func policies() {
      var pod = pod([nginx])
      pod.spec?.restartPolicy = "Sometimes"
      pod.spec?.dnsPolicy = ""
      pod.spec?.terminationGracePeriodSeconds = -1
      #expect(
        messages(pod) == [
          "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
          "spec.dnsPolicy: Required value",
          "spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0",
        ])
    }

    @Test func envVariableNames() {
      var container = nginx
      container.env = [EnvVar(name: "A=B", value: "x"), EnvVar()]
      #expect(
        messages(pod([container])) == [
          "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
          "spec.containers[0].env[1].name: Required value",
        ])
    }

    @Test func volumesAndMounts() {
      var twoSources = Volume()
      twoSources.name = "config"
      twoSources.emptyDir = EmptyDirVolumeSource()
      twoSources.configMap = ConfigMapVolumeSource()
      var noSource = Volume()
      noSource.name = "scratch"
      var duplicate = Volume()
      duplicate.name = "cache"
      duplicate.emptyDir = EmptyDirVolumeSource()
      var container = nginx
      var mount = VolumeMount()
      mount.name = "data"
      mount.mountPath = "/data"
      container.volumeMounts = [mount]
      var pod = pod([container])
      pod.spec?.volumes = [twoSources, noSource, duplicate, duplicate]
      #expect(
        messages(pod) == [
          "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type",
          "spec.volumes[1]: Required value: must specify a volume type",
          "spec.volumes[3].name: Duplicate value: \"cache\"",
          "spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
        ])
    }

    @Test func probesNeedExactlyOneHandler() {
      var container = nginx
      container.livenessProbe = Probe()
      var twoHandlers = Probe()
      twoHandlers.exec = ExecAction()
      twoHandlers.exec?.command = ["true"]
      twoHandlers.tcpSocket = TCPSocketAction()
      twoHandlers.tcpSocket?.port = .int(80)
      container.readinessProbe = twoHandlers
      #expect(
        messages(pod([container])) == [
          "spec.containers[0].livenessProbe: Required value: must specify a handler type",
          "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
        ])
    }

    @Test func tolerations() {
      var pod = pod([nginx])
      pod.spec?.tolerations = [
        Toleration(key: "gpu", operator: "Exists", value: "yes"),
        Toleration(key: "gpu", operator: "Equal", value: "yes", effect: "NoSchedule", tolerationSeconds: 30),
        Toleration(key: "gpu", value: "yes", effect: "Sometimes"),
        Toleration(operator: "Exists"),
        Toleration(value: "x"),
      ]
      #expect(
        messages(pod) == [
          "spec.tolerations[0].operator: Invalid value: \"yes\": value must be empty when `operator` is 'Exists'",
          "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
          "spec.tolerations[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
          "spec.tolerations[4].operator: Invalid value: \"\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ])
    }

    @Test func nodeSelectorLabels() {
      var pod = pod([nginx])
      pod.spec?.nodeSelector = ["disk": "fast ssd"]
      #expect(messages(pod) == ["spec.nodeSelector: Invalid value: \"fast ssd\": " + isValidLabelValue("fast ssd")[0]])
    }

    @Test func updateMayChangeImages() {
      var old = pod([nginx])
      old.metadata.resourceVersion = "5"
      var new = old
      new.spec?.containers?[0].image = "nginx:1.16"
      #expect(messages(new, old: old) == [])
    }

    @Test func updateMayNotChangeOtherFields() throws {
      var old = pod([nginx])
      old.metadata.resourceVersion = "5"
      var new = old
      new.spec?.containers?[0].ports = [ContainerPort(containerPort: 8080)]
      let errors = messages(new, old: old)
      #expect(errors.count == 1)
      let first = try #require(errors.first)
      #expect(first.hasPrefix("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"))
    }

    @Test func updateMetadataRules() {
      var old = pod([nginx])
      old.metadata.resourceVersion = "5"
      old.spec?.tolerations = [Toleration(key: "a", operator: "Exists")]
      var new = old
      new.metadata.resourceVersion = nil
      new.metadata.name = "other"
      new.spec?.tolerations = [Toleration(key: "b", operator: "Exists")]
      #expect(
        messages(new, old: old) == [
          "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
          "metadata.name: Invalid value: \"other\": field is immutable",
          "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
        ])
      var added = old
      added.spec?.tolerations?.append(Toleration(key: "b", operator: "Exists"))
      #expect(messages(added, old: old) == [])
    }

    @Test func containerCountIsFixedOnUpdate() {
      var old = pod([nginx])
      old.metadata.resourceVersion = "1"
      var new = old
      new.spec?.containers?.append(Container(name: "sidecar", image: "busybox"))
      #expect(messages(new, old: old) == ["spec.containers: Forbidden: pod updates may not add or remove containers"])
    }
  }
}

extension ObjectValidationTests {
  @Suite struct Workloads {
    @Test func studyGuideDeploymentWhoseSelectorDoesNotMatch() {
      let errors = messages(deployment(selector: ["app": "nginx"], labels: ["app": "web"]))
      #expect(errors == ["spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"])
    }

    @Test func matchingDeploymentIsValid() {
      #expect(messages(deployment(selector: ["app": "web"], labels: ["app": "web", "tier": "front"])) == [])
    }

    @Test func selectorRequiredAndNotEmpty() {
      #expect(messages(deployment(selector: nil, labels: ["app": "web"])) == ["spec.selector: Required value"])
      #expect(
        messages(deployment(selector: [:], labels: ["app": "web"]))
          == ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"])
    }

    @Test func replicasAndStrategy() {
      var deployment = deployment(selector: ["app": "web"], labels: ["app": "web"])
      deployment.spec?.replicas = -1
      var strategy = DeploymentStrategy()
      strategy.rollingUpdate = RollingUpdateDeployment(maxUnavailable: .int(0), maxSurge: .string("0%"))
      deployment.spec?.strategy = strategy
      #expect(
        messages(deployment) == [
          "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
          "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
        ])
      deployment.spec?.replicas = 1
      deployment.spec?.strategy?.rollingUpdate = RollingUpdateDeployment(maxUnavailable: .string("150%"), maxSurge: .string("x"))
      let percent = regexMessage(
        "a valid percent string must be a numeric string followed by an ending '%'", pattern: "[0-9]+%", examples: ["1%", "93%"])
      #expect(
        messages(deployment) == [
          "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": " + percent,
          "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%",
        ])
    }

    @Test func templateMustRestartAlways() {
      var deployment = deployment(selector: ["app": "web"], labels: ["app": "web"])
      deployment.spec?.template?.spec?.restartPolicy = "OnFailure"
      #expect(messages(deployment) == ["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""])
    }

    @Test func selectorIsImmutable() {
      var old = deployment(selector: ["app": "web"], labels: ["app": "web", "v": "2"])
      old.metadata.resourceVersion = "3"
      var new = old
      new.spec?.selector = LabelSelector(matchLabels: ["v": "2"])
      #expect(messages(new, old: old) == ["spec.selector: Invalid value: {\"matchLabels\":{\"v\":\"2\"}}: field is immutable"])
    }

    @Test func replicaSetDaemonSetStatefulSet() {
      var replicaSet = ReplicaSet()
      replicaSet.metadata = ObjectMeta(name: "web", namespace: "default")
      replicaSet.spec = ReplicaSetSpec()
      replicaSet.spec?.selector = LabelSelector(matchLabels: ["app": "web"])
      replicaSet.spec?.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "db"]), spec: PodSpec(containers: [nginx]))
      #expect(
        messages(replicaSet) == [
          "spec.template.metadata.labels: Invalid value: {\"app\":\"db\"}: `selector` does not match template `labels`"
        ])

      var daemonSet = DaemonSet()
      daemonSet.metadata = ObjectMeta(name: "agent", namespace: "default")
      daemonSet.spec = DaemonSetSpec()
      daemonSet.spec?.selector = LabelSelector(matchLabels: [:])
      daemonSet.spec?.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "agent"]), spec: PodSpec(containers: [nginx]))
      #expect(messages(daemonSet) == ["spec.selector: Invalid value: {}: empty selector is invalid for daemonset"])

      var statefulSet = StatefulSet()
      statefulSet.metadata = ObjectMeta(name: "db", namespace: "default")
      statefulSet.spec = StatefulSetSpec()
      statefulSet.spec?.selector = LabelSelector(matchLabels: ["app": "db"])
      statefulSet.spec?.podManagementPolicy = "Random"
      statefulSet.spec?.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "db"]), spec: PodSpec(containers: [nginx]))
      #expect(messages(statefulSet) == ["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"])
    }

    @Test func jobs() {
      var job = Job()
      job.metadata = ObjectMeta(name: "pi", namespace: "default")
      job.spec = JobSpec()
      job.spec?.backoffLimit = -1
      job.spec?.parallelism = -2
      job.spec?.template = PodTemplateSpec(spec: PodSpec(containers: [nginx]))
      #expect(
        messages(job) == [
          "spec.parallelism: Invalid value: -2: must be greater than or equal to 0",
          "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
          "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
        ])
      job.spec?.backoffLimit = 4
      job.spec?.parallelism = 1
      job.spec?.template?.spec?.restartPolicy = "Never"
      #expect(messages(job) == [])
    }

    @Test func cronJobs() {
      var cronJob = CronJob()
      cronJob.metadata = ObjectMeta(name: "backup", namespace: "default")
      cronJob.spec = CronJobSpec()
      var template = JobTemplateSpec()
      template.spec = JobSpec()
      template.spec?.template = PodTemplateSpec(spec: PodSpec(containers: [nginx]))
      template.spec?.template?.spec?.restartPolicy = "OnFailure"
      cronJob.spec?.jobTemplate = template
      #expect(messages(cronJob) == ["spec.schedule: Required value"])
      for (schedule, detail) in [
        ("* * *", "expected exactly 5 fields, found 3: [* * *]"),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("@every5", "unrecognized descriptor: @every5"),
        ("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
        ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
      ] {
        cronJob.spec?.schedule = schedule
        #expect(messages(cronJob) == ["spec.schedule: Invalid value: \(GoQuote.quoted(schedule)): \(detail)"])
      }
      for schedule in ["*/5 * * * *", "@hourly", "0 9 * JAN-MAR mon-fri", "0,30 8-18/2 1 * ?"] {
        cronJob.spec?.schedule = schedule
        #expect(messages(cronJob) == [], "\(schedule)")
      }
    }

    @Test func cronScheduleMatching() throws {
      let schedule = try CronSchedule(parsing: "*/15 9-17 * * 1-5")
      #expect(schedule.minutes == [0, 15, 30, 45])
      #expect(schedule.matches(minute: 30, hour: 10, dayOfMonth: 3, month: 6, dayOfWeek: 2))
      #expect(!schedule.matches(minute: 30, hour: 10, dayOfMonth: 3, month: 6, dayOfWeek: 0))
      let either = try CronSchedule(parsing: "0 0 1 * 1")
      #expect(either.matches(minute: 0, hour: 0, dayOfMonth: 1, month: 2, dayOfWeek: 4))
      #expect(either.matches(minute: 0, hour: 0, dayOfMonth: 9, month: 2, dayOfWeek: 1))
    }
  }
}

extension ObjectValidationTests {
  @Suite struct ServicesAndNodes {
    private func service(_ ports: [ServicePort], type: String? = nil, name: String = "web") -> Service {
      var service = Service()
      service.metadata = ObjectMeta(name: name, namespace: "default")
      service.spec = ServiceSpec()
      service.spec?.ports = ports
      service.spec?.type = type
      service.spec?.selector = ["app": "web"]
      return service
    }

    @Test func portsRequiredExceptHeadlessAndExternalName() {
      #expect(messages(service([])) == ["spec.ports: Required value"])
      var headless = service([])
      headless.spec?.clusterIP = "None"
      #expect(messages(headless) == [])
      var external = service([], type: "ExternalName")
      external.spec?.externalName = "db.example.com."
      #expect(messages(external) == [])
    }

    @Test func portRules() {
      let errors = messages(service([ServicePort(port: 80, targetPort: .string("HTTP")), ServicePort(port: 0, targetPort: .int(70000))]))
      #expect(
        errors == [
          "spec.ports[0].name: Required value",
          "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
          "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
          "spec.ports[1].name: Required value",
          "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
          "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ])
      let duplicates = messages(service([ServicePort(port: 80, name: "a"), ServicePort(port: 80, name: "a")]))
      #expect(
        duplicates == [
          "spec.ports[1].name: Duplicate value: \"a\"",
          "spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\",\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}",
        ])
    }

    @Test func typeAndName() {
      #expect(
        messages(service([ServicePort(port: 80)], type: "Public"))
          == ["spec.type: Unsupported value: \"Public\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""]
      )
      #expect(
        messages(service([ServicePort(port: 80)], name: "1web")) == ["metadata.name: Invalid value: \"1web\": " + isDNS1035Label("1web")[0]]
      )
    }

    @Test func clusterIPIsImmutable() {
      var old = service([ServicePort(port: 80)])
      old.metadata.resourceVersion = "9"
      old.spec?.clusterIP = "10.96.0.10"
      var new = old
      new.spec?.clusterIP = "10.96.0.11"
      #expect(messages(new, old: old) == ["spec.clusterIPs[0]: Invalid value: [\"10.96.0.11\"]: may not change once set"])
    }

    @Test func nodeTaintsAndCIDRs() {
      var node = Node(metadata: ObjectMeta(name: "node-1"))
      node.spec = NodeSpec()
      node.spec?.taints = [
        Taint(key: "gpu", effect: "Sometimes"), Taint(key: "gpu", effect: ""), Taint(key: "a", effect: "NoSchedule"),
        Taint(key: "a", effect: "NoSchedule"),
      ]
      node.spec?.podCIDRs = ["10.244.1.1/24"]
      #expect(
        messages(node) == [
          "metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
          "metadata.taints[1].effect: Required value",
          "metadata.taints[3]: Duplicate value: {\"Key\":\"a\",\"Value\":\"\",\"Effect\":\"NoSchedule\",\"TimeAdded\":null}: taints must be unique by key and effect pair",
          "spec.podCIDRs[0]: Invalid value: \"10.244.1.1/24\": must not have bits set beyond the prefix length",
        ])
      node.spec?.taints = nil
      node.spec?.podCIDRs = ["banana"]
      #expect(
        messages(node) == ["spec.podCIDRs[0]: Invalid value: \"banana\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"])
      node.spec?.podCIDRs = ["10.244.1.0/24", "fd00::/64"]
      node.metadata.namespace = "default"
      #expect(messages(node) == ["metadata.namespace: Forbidden: not allowed on this type"])
    }
  }
}

extension ObjectValidationTests {
  @Suite struct ConfigAndPolicy {
    @Test func configMapKeysAndSize() {
      var configMap = ConfigMap()
      configMap.metadata = ObjectMeta(name: "settings", namespace: "default")
      configMap.data = ["a b": "1", "..x": "2"]
      #expect(
        messages(configMap) == [
          "data[..x]: Invalid value: \"..x\": must not start with '..'",
          "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ])
      configMap.data = ["big": String(repeating: "x", count: maxConfigDataSize + 1)]
      #expect(messages(configMap) == [": Too long: may not be more than 1048576 bytes"])
    }

    @Test func secretsAndNamespaces() {
      var secret = Secret()
      secret.metadata = ObjectMeta(name: "tls", namespace: "default")
      secret.type = "kubernetes.io/tls"
      secret.data = ["tls.crt": "AAAA"]
      #expect(messages(secret) == ["data[tls.key]: Required value"])
      var namespace = Namespace()
      namespace.metadata = ObjectMeta(name: "team.a")
      #expect(messages(namespace) == ["metadata.name: Invalid value: \"team.a\": must not contain dots"])
    }

    @Test func autoscalersAndBudgets() {
      var hpa = HorizontalPodAutoscaler()
      hpa.metadata = ObjectMeta(name: "web", namespace: "default")
      hpa.spec = HorizontalPodAutoscalerSpec()
      hpa.spec?.minReplicas = 5
      hpa.spec?.maxReplicas = 2
      #expect(
        messages(hpa) == [
          "spec.scaleTargetRef.kind: Required value", "spec.scaleTargetRef.name: Required value",
          "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
        ])
      hpa.spec?.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: "web", apiVersion: "apps/v1")
      hpa.spec?.minReplicas = nil
      hpa.spec?.maxReplicas = 0
      #expect(messages(hpa) == ["spec.maxReplicas: Invalid value: 0: must be greater than 0"])

      var budget = PodDisruptionBudget()
      budget.metadata = ObjectMeta(name: "web", namespace: "default")
      budget.spec = PodDisruptionBudgetSpec()
      budget.spec?.minAvailable = .int(1)
      budget.spec?.maxUnavailable = .string("120%")
      #expect(
        messages(budget) == [
          "spec: Invalid value: {\"minAvailable\":1,\"maxUnavailable\":\"120%\"}: minAvailable and maxUnavailable cannot be both set",
          "spec.maxUnavailable: Invalid value: \"120%\": must not be greater than 100%",
        ])
    }

    @Test func volumesAndClaims() {
      var claim = PersistentVolumeClaim()
      claim.metadata = ObjectMeta(name: "data", namespace: "default")
      claim.spec = PersistentVolumeClaimSpec()
      #expect(
        messages(claim) == [
          "spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value",
        ])
      var volume = PersistentVolume()
      volume.metadata = ObjectMeta(name: "pv-1")
      volume.spec = PersistentVolumeSpec()
      volume.spec?.accessModes = ["ReadWriteSometimes"]
      #expect(
        messages(volume) == [
          "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
          "spec.capacity: Required value",
          "spec: Required value: must specify a volume type",
        ])
    }
  }
}

extension ObjectValidationTests {
  @Suite struct InvalidStatus {
    @Test func oneErrorWithoutBrackets() {
      let status = invalidStatus(kind: .pods, name: "web", errors: [.required(FieldPath("spec", "containers"))])
      #expect(status.message == "Pod \"web\" is invalid: spec.containers: Required value")
      #expect(status.reason == .invalid)
      #expect(status.code == 422)
      #expect(status.details?.kind == "Pod")
      #expect(status.details?.group == "")
      #expect(status.details?.name == "web")
      #expect(status.details?.causes == [StatusCause(reason: "FieldValueRequired", message: "Required value", field: "spec.containers")])
    }

    @Test func severalErrorsInBracketsAndGroupQualifiedKind() {
      let errors = ObjectValidator.validate(deployment(selector: nil, labels: nil).withReplicas(-1))
      let status = invalidStatus(kind: .deployments, name: "web", errors: errors)
      #expect(
        status.message
          == "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]"
      )
      #expect(status.details?.group == "apps")
      #expect(
        status.details?.causes?.first
          == StatusCause(
            reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas"))
    }
  }
}

extension Deployment {
  fileprivate func withReplicas(_ replicas: Int32) -> Deployment {
    var copy = self
    copy.spec?.replicas = replicas
    return copy
  }
}
