/// Services as `kubectl get services` prints them.
public enum ServicePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Type", description: "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
    .init("Cluster-IP", description: "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
    .init("External-IP", description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
    .init("Port(s)", description: "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
    ageColumn,
    .init("Selector", description: "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", priority: 1),
  ]

  public static func cells(_ service: Service, now: Time) -> [JSONValue] {
    let spec = service.spec
    let type = spec?.type ?? "ClusterIP"
    var external = "<none>"
    switch type {
    case "ExternalName":
      external = spec?.externalName ?? "<none>"
    case "LoadBalancer":
      let ingress = (service.status?.loadBalancer?.ingress ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
      let addresses = ingress + (spec?.externalIPs ?? [])
      external = addresses.isEmpty ? "<pending>" : addresses.joined(separator: ",")
    default:
      if let ips = spec?.externalIPs, !ips.isEmpty { external = ips.joined(separator: ",") }
    }
    let ports = (spec?.ports ?? []).map { port -> String in
      let proto = port.protocol ?? "TCP"
      if let nodePort = port.nodePort, nodePort != 0 { return "\(port.port ?? 0):\(nodePort)/\(proto)" }
      return "\(port.port ?? 0)/\(proto)"
    }
    let clusterIP = spec?.clusterIP.flatMap { $0.isEmpty ? nil : $0 } ?? (type == "ExternalName" ? "<none>" : "<none>")
    return [
      .string(service.name), .string(type), .string(clusterIP), .string(external),
      .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")),
      .string(HumanDuration.since(service.metadata.creationTimestamp, now: now)), .string(labelsText(spec?.selector)),
    ]
  }
}

/// Endpoints as `kubectl get endpoints` prints them (three addresses, then `+ N more...`).
public enum EndpointsPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Endpoints", description: "Endpoints of the service"),
    ageColumn,
  ]

  /// `10.244.1.2:80,10.244.1.3:80,10.244.1.2:443 + 1 more...`: for each subset, each port
  /// with each ready address, the first three shown; `<none>` when there are no subsets.
  public static func addresses(_ endpoints: Endpoints) -> String {
    let subsets = endpoints.subsets ?? []
    guard !subsets.isEmpty else { return "<none>" }
    var list: [String] = []
    var count = 0
    func add(_ text: @autoclosure () -> String) {
      if list.count < 3 { list.append(text()) }
      count += 1
    }
    for subset in subsets {
      let addresses = subset.addresses ?? []
      guard let ports = subset.ports, !ports.isEmpty else {
        for address in addresses { add(address.ip ?? "") }
        continue
      }
      for port in ports {
        for address in addresses {
          let ip = address.ip ?? ""
          add("\(ip.contains(":") ? "[\(ip)]" : ip):\(port.port ?? 0)")
        }
      }
    }
    let text = list.joined(separator: ",")
    return count > list.count ? "\(text) + \(count - list.count) more..." : text
  }

  public static func cells(_ endpoints: Endpoints, now: Time) -> [JSONValue] {
    let text = addresses(endpoints)
    return [.string(endpoints.name), .string(text), .string(HumanDuration.since(endpoints.metadata.creationTimestamp, now: now))]
  }
}

/// EndpointSlices as `kubectl get endpointslices` prints them: the port numbers, and the
/// first three addresses of every endpoint, ready or not, then `+ N more...`.
public enum EndpointSlicePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("AddressType", description: "Type of address"),
    .init("Ports", description: "Ports of the endpoints"),
    .init("Endpoints", description: "Addresses of the endpoints"),
    ageColumn,
  ]

  public static func cells(_ slice: EndpointSlice, now: Time) -> [JSONValue] {
    let ports = (slice.ports ?? []).map { $0.port.map { String($0) } ?? "<unset>" }
    var addresses: [String] = []
    var count = 0
    for endpoint in slice.endpoints ?? [] {
      for address in endpoint.addresses ?? [] {
        if addresses.count < 3 { addresses.append(address) }
        count += 1
      }
    }
    var shown = addresses.joined(separator: ",")
    if count > addresses.count { shown += " + \(count - addresses.count) more..." }
    return [
      .string(slice.name), .string(slice.addressType ?? ""),
      .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ",")),
      .string(addresses.isEmpty ? "<unset>" : shown),
      .string(HumanDuration.since(slice.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// Events as `kubectl get events` prints them.
public enum EventPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    .init("Last Seen", description: "The time at which the most recent occurrence of this event was recorded."),
    .init("Type", description: "Type of this event (Normal, Warning), new types could be added in the future"),
    .init("Reason", description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    .init("Object", description: "The object that this event is about."),
    .init("Subobject", description: "The field of the object that this event is about.", priority: 1),
    .init("Source", description: "The component reporting this event. Should be a short machine understandable string.", priority: 1),
    .init("Message", description: "A human-readable description of the status of this operation."),
    .init("First Seen", description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", priority: 1),
    .init("Count", description: "The number of times this event has occurred.", priority: 1),
    .init("Name", format: "name", description: "Name must be unique within a namespace.", priority: 1),
  ]

  public static func cells(_ event: Event, now: Time) -> [JSONValue] {
    let first = event.firstTimestamp ?? event.eventTime?.time ?? event.metadata.creationTimestamp
    let last = event.lastTimestamp ?? event.eventTime?.time ?? first
    var lastSeen = HumanDuration.since(last, now: now)
    let count = event.count ?? 1
    if count > 1 { lastSeen += " (x\(count) over \(HumanDuration.since(first, now: now)))" }
    var source = event.source?.component ?? event.reportingComponent ?? ""
    if let host = event.source?.host, !host.isEmpty { source += ", " + host }
    let object = "\((event.involvedObject.kind ?? "").lowercased())/\(event.involvedObject.name ?? "")"
    return [
      .string(lastSeen), .string(event.type ?? ""), .string(event.reason ?? ""), .string(object),
      .string(event.involvedObject.fieldPath ?? ""), .string(source), .string((event.message ?? "").trimmingSpaces),
      .string(HumanDuration.since(first, now: now)), .int(Int64(count)), .string(event.name),
    ]
  }
}

/// Namespaces as `kubectl get namespaces` prints them.
public enum NamespacePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Status", description: "The status of the namespace"), ageColumn,
  ]

  public static func cells(_ namespace: Namespace, now: Time) -> [JSONValue] {
    [
      .string(namespace.name), .string(namespace.status?.phase ?? ""),
      .string(HumanDuration.since(namespace.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// ConfigMaps as `kubectl get configmaps` prints them.
public enum ConfigMapPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Data", type: "integer", description: "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."), ageColumn,
  ]

  public static func cells(_ map: ConfigMap, now: Time) -> [JSONValue] {
    [
      .string(map.name), .int(Int64((map.data?.count ?? 0) + (map.binaryData?.count ?? 0))),
      .string(HumanDuration.since(map.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// ServiceAccounts as `kubectl get serviceaccounts` prints them: the count of their
/// token secrets (none since tokens are issued on request).
public enum ServiceAccountPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Secrets", type: "string", description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
    ageColumn,
  ]

  public static func cells(_ account: ServiceAccount, now: Time) -> [JSONValue] {
    [
      .string(account.name), .int(Int64(account.secrets?.count ?? 0)),
      .string(HumanDuration.since(account.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// Secrets as `kubectl get secrets` prints them.
public enum SecretPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Type", description: "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
    .init("Data", type: "integer", description: "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    ageColumn,
  ]

  public static func cells(_ secret: Secret, now: Time) -> [JSONValue] {
    [
      .string(secret.name), .string(secret.type ?? "Opaque"), .int(Int64(secret.data?.count ?? 0)),
      .string(HumanDuration.since(secret.metadata.creationTimestamp, now: now)),
    ]
  }
}

extension String {
  var trimmingSpaces: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}
