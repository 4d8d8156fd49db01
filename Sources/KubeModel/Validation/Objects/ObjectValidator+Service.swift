/// Service types, sorted as upstream lists them.
private let serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]

extension ObjectValidator {
  /// A service (`ValidateService`, plus `ValidateServiceUpdate`'s cluster IP rule when `old`
  /// is given). Node port ranges are the allocator's business, not validation's.
  public static func validateService(_ service: Service, old: Service? = nil) -> [ValidationError] {
    var errors = validateMetadata(service.metadata, old: old?.metadata, namespaced: true, name: isDNS1035Label)
    if let old { errors += validateClusterIPsUpdate(service, old: old) }
    let spec = service.spec ?? ServiceSpec()
    let path = FieldPath("spec")
    let type = spec.type ?? "ClusterIP"
    let headless = isHeadless(spec)
    let ports = spec.ports ?? []
    if ports.isEmpty, !headless, type != "ExternalName" {
      errors.append(.required(path.child("ports")))
    }
    switch type {
    case "LoadBalancer", "NodePort":
      if headless {
        errors.append(
          .invalid(path.child("clusterIPs").index(0), .string("None"), "may not be set to 'None' for \(type) services"))
      }
    case "ExternalName":
      if !clusterIPs(spec).isEmpty {
        errors.append(.forbidden(path.child("clusterIPs"), "may not be set for ExternalName services"))
      }
      let name = spec.externalName ?? ""
      let cname = name.hasSuffix(".") ? String(name.dropLast()) : name
      if cname.isEmpty {
        errors.append(.required(path.child("externalName")))
      } else {
        errors += invalid(path.child("externalName"), cname, isDNS1123Subdomain(cname))
      }
    default: break
    }
    var portNames = Set<String>()
    for (index, port) in ports.enumerated() {
      errors += validateServicePort(port, requireName: ports.count > 1, names: &portNames, path.child("ports").index(index))
    }
    errors += validateLabels(spec.selector, path: path.child("selector"))
    if let affinity = spec.sessionAffinity {
      if affinity.isEmpty {
        errors.append(.required(path.child("sessionAffinity")))
      } else if affinity != "ClientIP", affinity != "None" {
        errors.append(.notSupported(path.child("sessionAffinity"), .string(affinity), supported: ["ClientIP", "None"]))
      }
    }
    if type.isEmpty {
      errors.append(.required(path.child("type")))
    } else if !serviceTypes.contains(type) {
      errors.append(.notSupported(path.child("type"), .string(type), supported: serviceTypes))
    }
    if type == "ClusterIP" {
      for (index, port) in ports.enumerated() where (port.nodePort ?? 0) != 0 {
        errors.append(.forbidden(path.child("ports").index(index).child("nodePort"), "may not be used when `type` is 'ClusterIP'"))
      }
    }
    var nodePorts = Set<String>()
    for (index, port) in ports.enumerated() {
      guard let nodePort = port.nodePort, nodePort != 0 else { continue }
      if !nodePorts.insert("\(port.protocol ?? "TCP")/\(nodePort)").inserted {
        errors.append(.duplicate(path.child("ports").index(index).child("nodePort"), .integer(Int64(nodePort))))
      }
    }
    var seen = Set<String>()
    for (index, port) in ports.enumerated() {
      let proto = port.protocol ?? "TCP"
      let number = port.port ?? 0
      if !seen.insert("\(proto)/\(number)").inserted {
        // Upstream shows the internal struct, which has no JSON tags.
        let shown =
          "{\"Name\":\"\",\"Protocol\":\(GoQuote.quoted(proto)),\"AppProtocol\":null,\"Port\":\(number),\"TargetPort\":0,\"NodePort\":0}"
        errors.append(.duplicate(path.child("ports").index(index), .json(shown)))
      }
    }
    if !(spec.loadBalancerSourceRanges ?? []).isEmpty, type != "LoadBalancer" {
      errors.append(.forbidden(path.child("LoadBalancerSourceRanges"), "may only be used when `type` is 'LoadBalancer'"))
    }
    if spec.allocateLoadBalancerNodePorts != nil, type != "LoadBalancer" {
      errors.append(.forbidden(path.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
    }
    if let policy = spec.externalTrafficPolicy, !policy.isEmpty {
      if type != "NodePort", type != "LoadBalancer", (spec.externalIPs ?? []).isEmpty {
        errors.append(
          .invalid(path.child("externalTrafficPolicy"), .string(policy), "may only be set for externally-accessible services"))
      } else if policy != "Cluster", policy != "Local" {
        errors.append(.notSupported(path.child("externalTrafficPolicy"), .string(policy), supported: ["Cluster", "Local"]))
      }
    }
    if let policy = spec.internalTrafficPolicy, policy != "Cluster", policy != "Local" {
      errors.append(.notSupported(path.child("internalTrafficPolicy"), .string(policy), supported: ["Cluster", "Local"]))
    }
    return errors
  }

  /// `validateServicePort`: a name when there are several ports, a port number, a protocol and
  /// a target port.
  private static func validateServicePort(
    _ port: ServicePort, requireName: Bool, names: inout Set<String>, _ path: FieldPath
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    let name = port.name ?? ""
    if requireName, name.isEmpty {
      errors.append(.required(path.child("name")))
    } else if !name.isEmpty {
      errors += invalid(path.child("name"), name, isDNS1123Label(name))
      if !names.insert(name).inserted { errors.append(.duplicate(path.child("name"), .string(name))) }
    }
    let number = port.port ?? 0
    if !(1...65535).contains(number) {
      errors.append(.invalid(path.child("port"), .integer(Int64(number)), inclusiveRangeMessage(1, 65535)))
    }
    errors += validateProtocol(port.protocol, path.child("protocol"))
    if let target = port.targetPort { errors += validatePortNumberOrName(target, path.child("targetPort")) }
    if let appProtocol = port.appProtocol {
      errors += invalid(path.child("appProtocol"), appProtocol, isQualifiedName(appProtocol))
    }
    return errors
  }

  /// `validateUpgradeDowngradeClusterIPs`: an allocated cluster IP stays, except to or from
  /// `ExternalName` or between headless services.
  private static func validateClusterIPsUpdate(_ service: Service, old: Service) -> [ValidationError] {
    let spec = service.spec ?? ServiceSpec()
    let oldSpec = old.spec ?? ServiceSpec()
    if spec.type == "ExternalName" || oldSpec.type == "ExternalName" { return [] }
    if isHeadless(spec), isHeadless(oldSpec) { return [] }
    var new = clusterIPs(spec)
    // A change written to `clusterIP` alone (a merge patch) reaches `clusterIPs[0]`, as the
    // API server's normalisation carries it over before validating.
    if let single = spec.clusterIP, !single.isEmpty, new.first != single {
      if new.isEmpty { new = [single] } else { new[0] = single }
    }
    let previous = clusterIPs(oldSpec)
    var errors: [ValidationError] = []
    for (index, address) in previous.enumerated() where index < new.count && new[index] != address {
      if index == 0 || new.count == previous.count {
        errors.append(.invalid(FieldPath("spec", "clusterIPs").index(index), .strings(new), "may not change once set"))
      }
    }
    return errors
  }

  private static func clusterIPs(_ spec: ServiceSpec) -> [String] {
    if let addresses = spec.clusterIPs, !addresses.isEmpty { return addresses }
    if let address = spec.clusterIP, !address.isEmpty { return [address] }
    return []
  }

  private static func isHeadless(_ spec: ServiceSpec) -> Bool {
    clusterIPs(spec).first == "None"
  }
}
