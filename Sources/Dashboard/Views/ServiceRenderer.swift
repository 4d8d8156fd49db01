import KubeModel
import TerminalUI

/// The Services view: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, and SELECTOR when wide.
public enum ServiceRenderer: ResourceRenderer {
  public static let resource = ResourceType.services
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn,
    ViewColumn("TYPE", priority: 8),
    ViewColumn("CLUSTER-IP", priority: 7),
    ViewColumn("EXTERNAL-IP", priority: 4),
    ViewColumn("PORT(S)", priority: 6),
    ageColumn,
    ViewColumn("SELECTOR", priority: 1, wideOnly: true),
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<Service> { cache.services }

  /// `80/TCP`, `80:30080/TCP`, comma-separated.
  public static func ports(_ service: Service) -> String {
    let ports = service.spec?.ports ?? []
    guard !ports.isEmpty else { return Format.none }
    return ports.map { port in
      let node = port.nodePort.map { ":\($0)" } ?? ""
      return "\(port.port ?? 0)\(node)/\(port.protocol ?? "TCP")"
    }.joined(separator: ",")
  }

  public static func cells(_ service: Service, context: RenderContext) -> [String] {
    let spec = service.spec
    let external = spec?.externalIPs.flatMap { $0.isEmpty ? nil : $0.joined(separator: ",") }
      ?? (spec?.type == "LoadBalancer" ? "<pending>" : Format.none)
    return [
      service.namespace, service.name, spec?.type ?? "ClusterIP", spec?.clusterIP ?? Format.none, external,
      ports(service), age(service, context), Format.labels(spec?.selector ?? [:]),
    ]
  }
}

/// The Endpoints view, as `kubectl get endpoints`: the ready addresses behind each service.
public enum EndpointsRenderer: ResourceRenderer {
  public static let resource = ResourceType.endpoints
  public static let columns: [ViewColumn] = [namespaceColumn, nameColumn, ViewColumn("ENDPOINTS", priority: 7), ageColumn]
  public static func store(in cache: InformerCache) -> ObjectStore<Endpoints> { cache.endpoints }

  public static func cells(_ endpoints: Endpoints, context: RenderContext) -> [String] {
    [endpoints.namespace, endpoints.name, EndpointsPrinter.addresses(endpoints), age(endpoints, context)]
  }
}
