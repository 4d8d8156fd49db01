import KubeModel
import TerminalUI

/// The Pods view: kubectl's READY, STATUS and RESTARTS, usage against request and limit,
/// IP, node and age; rows coloured by health and recent change.
public enum PodRenderer: ResourceRenderer {
  public static let resource = ResourceType.pods

  public static let columns: [ViewColumn] = [
    namespaceColumn,
    ViewColumn("NAME", priority: 10, minWidth: 28),
    ViewColumn("READY", alignment: .right, priority: 8),
    ViewColumn("STATUS", priority: 9, minWidth: 17),
    ViewColumn("RESTARTS", alignment: .right, priority: 7, sort: .number),
    ViewColumn("CPU", alignment: .right, priority: 5, sort: .number, sortsByObject: false),
    ViewColumn("%CPU/R", alignment: .right, priority: 4, sort: .number, sortsByObject: false),
    ViewColumn("%CPU/L", alignment: .right, priority: 1, sort: .number, sortsByObject: false),
    ViewColumn("MEM", alignment: .right, priority: 5, sort: .number, sortsByObject: false),
    ViewColumn("%MEM/R", alignment: .right, priority: 4, sort: .number, sortsByObject: false),
    ViewColumn("%MEM/L", alignment: .right, priority: 1, sort: .number, sortsByObject: false),
    ViewColumn("IP", priority: 3),
    ViewColumn("NODE", priority: 6),
    ageColumn,
    ViewColumn("QOS", priority: 1, wideOnly: true),
    ViewColumn("LABELS", priority: 0, wideOnly: true),
  ]

  public static func store(in cache: InformerCache) -> ObjectStore<Pod> { cache.pods }

  public static func slots(withLabel key: String, value: String, in cache: InformerCache) -> Set<Int>? {
    cache.podIndex.pods(withLabel: key, value: value)
  }

  public static func cells(_ pod: Pod, context: RenderContext) -> [String] {
    let summary = PodSummary(pod)
    let usage = context.cache.podUsage[pod.qualifiedName]
    let requests = ResourceTotals.requests(of: pod)
    let limits = ResourceTotals.limits(of: pod)
    func pct(_ used: Int64?, _ whole: Int64) -> String {
      guard let used else { return "n/a" }
      return Format.percent(used, of: whole)
    }
    return [
      pod.namespace,
      pod.name,
      summary.readyText,
      summary.status,
      summary.restartsText(now: context.now),
      usage.map { Format.cpu(milli: $0.cpuMilli) } ?? "n/a",
      pct(usage?.cpuMilli, requests.cpuMilli),
      pct(usage?.cpuMilli, limits.cpuMilli),
      usage.map { Format.memory(bytes: $0.memoryBytes) } ?? "n/a",
      pct(usage?.memoryBytes, requests.memoryBytes),
      pct(usage?.memoryBytes, limits.memoryBytes),
      pod.status?.podIP ?? Format.none,
      pod.spec?.nodeName.flatMap { $0.isEmpty ? nil : $0 } ?? Format.none,
      age(pod, context),
      pod.status?.qosClass ?? "",
      Format.labels(pod.labels),
    ]
  }

  /// READY, STATUS, RESTARTS, IP, NODE and QOS: not the usage figures nor the age.
  public static func filterCells(_ pod: Pod, context: RenderContext) -> [String] {
    let summary = PodSummary(pod)
    return [
      summary.readyText, summary.status, String(summary.restarts), pod.status?.podIP ?? "",
      pod.spec?.nodeName ?? "", pod.status?.qosClass ?? "",
    ]
  }

  public static func role(_ pod: Pod, context: RenderContext) -> ColorRole {
    let summary = PodSummary(pod)
    switch summary.health {
    case .error: return .statusError
    case .pending: return .statusPending
    case .completed: return .statusCompleted
    case .terminating: return .statusTerminating
    case .ok:
      if let cached = context.cache.pods.objects[pod.qualifiedName], context.tick - cached.changedTick < 2 {
        return cached.addedTick == cached.changedTick ? .statusAdded : .statusModified
      }
      return .rowNormal
    }
  }

  public static func sortNumber(_ pod: Pod, column: Int, context: RenderContext) -> Double {
    let usage = context.cache.podUsage[pod.qualifiedName] ?? ResourceTotals()
    switch columns[column].title {
    case "RESTARTS": return Double(PodSummary(pod).restarts)
    case "CPU", "%CPU/R", "%CPU/L": return Double(usage.cpuMilli)
    case "MEM", "%MEM/R", "%MEM/L": return Double(usage.memoryBytes)
    default: return ageSortValue(pod)
    }
  }
}
