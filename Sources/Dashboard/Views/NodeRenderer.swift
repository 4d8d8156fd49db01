import KubeModel
import TerminalUI

/// The Nodes view: status as kubectl prints it, roles, taints, pod count against capacity,
/// requested CPU and memory against allocatable with bars, actual usage.
public enum NodeRenderer: ResourceRenderer {
  public static let resource = ResourceType.nodes

  public static let columns: [ViewColumn] = [
    nameColumn,
    ViewColumn("STATUS", priority: 9, minWidth: 24),
    ViewColumn("ROLES", priority: 5),
    ViewColumn("TAINTS", alignment: .right, priority: 2, sort: .number),
    ViewColumn("PODS", alignment: .right, priority: 8, sort: .number, sortsByObject: false),
    // What the node's pods request of it (what the scheduler counts), then what they use.
    ViewColumn("REQ-CPU", alignment: .right, priority: 7, sort: .number, sortsByObject: false),
    ViewColumn("REQ-CPU%", priority: 6, minWidth: 15, sort: .number, sortsByObject: false),
    ViewColumn("%CPU", alignment: .right, priority: 7, sort: .number, sortsByObject: false),
    ViewColumn("REQ-MEM", alignment: .right, priority: 7, sort: .number, sortsByObject: false),
    ViewColumn("REQ-MEM%", priority: 6, minWidth: 15, sort: .number, sortsByObject: false),
    ViewColumn("%MEM", alignment: .right, priority: 7, sort: .number, sortsByObject: false),
    ageColumn,
    ViewColumn("VERSION", priority: 3),
    ViewColumn("INTERNAL-IP", priority: 1, wideOnly: true),
    ViewColumn("OS-IMAGE", priority: 1, wideOnly: true),
    ViewColumn("KERNEL", priority: 1, wideOnly: true),
    ViewColumn("RUNTIME", priority: 1, wideOnly: true),
    ViewColumn("LABELS", priority: 0, wideOnly: true),
  ]

  public static func store(in cache: InformerCache) -> ObjectStore<Node> { cache.nodes }

  /// `Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` when cordoned.
  public static func status(_ node: Node) -> String { NodePrinter.statusText(node) }

  /// Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels.
  public static func roles(_ node: Node) -> String { NodePrinter.rolesText(node) }

  public static func cells(_ node: Node, context: RenderContext) -> [String] {
    let allocatable = ResourceTotals.allocatable(of: node)
    let requested = context.cache.podIndex.requestedByNode[node.name] ?? ResourceTotals()
    let used = context.cache.nodeUsage[node.name]
    let podCount = context.cache.podIndex.byNode[node.name]?.count ?? 0
    let info = node.status?.nodeInfo
    let address = node.status?.addresses?.first { $0.type == "InternalIP" }?.address
    return [
      node.name,
      status(node),
      roles(node),
      "\(node.spec?.taints?.count ?? 0)",
      "\(podCount)/\(allocatable.pods)",
      "\(Format.cpu(milli: requested.cpuMilli))/\(Format.cpu(milli: allocatable.cpuMilli))",
      bar(requested.cpuMilli, allocatable.cpuMilli, context),
      used.map { Format.percent($0.cpuMilli, of: allocatable.cpuMilli) } ?? "n/a",
      "\(Format.memory(bytes: requested.memoryBytes))/\(Format.memory(bytes: allocatable.memoryBytes))",
      bar(requested.memoryBytes, allocatable.memoryBytes, context),
      used.map { Format.percent($0.memoryBytes, of: allocatable.memoryBytes) } ?? "n/a",
      age(node, context),
      info?.kubeletVersion ?? "",
      address ?? Format.none,
      info?.osImage ?? "<unknown>",
      info?.kernelVersion ?? "<unknown>",
      info?.containerRuntimeVersion ?? "<unknown>",
      Format.labels(node.labels),
    ]
  }

  private static func bar(_ part: Int64, _ whole: Int64, _ context: RenderContext) -> String {
    let fraction = whole > 0 ? Double(part) / Double(whole) : 0
    return Format.bar(fraction, width: 10, unicode: context.unicode) + " " + Format.percent(part, of: whole).padded(to: 4, alignment: .right)
  }

  public static func role(_ node: Node, context: RenderContext) -> ColorRole {
    let text = status(node)
    if !text.hasPrefix("Ready") { return .statusError }
    if node.spec?.unschedulable == true { return .statusWarning }
    if let cached = context.cache.nodes.objects[node.name], context.tick - cached.changedTick < 2,
      cached.addedTick == cached.changedTick
    {
      return .statusAdded
    }
    return .rowNormal
  }

  public static func sortNumber(_ node: Node, column: Int, context: RenderContext) -> Double {
    let allocatable = ResourceTotals.allocatable(of: node)
    let requested = context.cache.podIndex.requestedByNode[node.name] ?? ResourceTotals()
    let used = context.cache.nodeUsage[node.name] ?? ResourceTotals()
    func ratio(_ a: Int64, _ b: Int64) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
    switch columns[column].title {
    case "TAINTS": return Double(node.spec?.taints?.count ?? 0)
    case "PODS": return Double(context.cache.podIndex.byNode[node.name]?.count ?? 0)
    case "REQ-CPU": return Double(requested.cpuMilli)
    case "REQ-CPU%": return ratio(requested.cpuMilli, allocatable.cpuMilli)
    case "%CPU": return ratio(used.cpuMilli, allocatable.cpuMilli)
    case "REQ-MEM": return Double(requested.memoryBytes)
    case "REQ-MEM%": return ratio(requested.memoryBytes, allocatable.memoryBytes)
    case "%MEM": return ratio(used.memoryBytes, allocatable.memoryBytes)
    default: return ageSortValue(node)
    }
  }
}
