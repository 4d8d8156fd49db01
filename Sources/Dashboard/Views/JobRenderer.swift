import KubeModel
import TerminalUI

/// The Jobs view: STATUS, COMPLETIONS, DURATION, AGE.
public enum JobRenderer: ResourceRenderer {
  public static let resource = ResourceType.jobs
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("STATUS", priority: 8),
    ViewColumn("COMPLETIONS", alignment: .right, priority: 8), ViewColumn("DURATION", alignment: .right, priority: 5),
    ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<Job> { cache.jobs }

  /// `Complete`, `Failed`, `Suspended` or `Running`.
  public static func status(_ job: Job) -> String {
    let conditions = job.status?.conditions ?? []
    if conditions.contains(where: { $0.type == "Complete" && $0.status == "True" }) { return "Complete" }
    if conditions.contains(where: { $0.type == "Failed" && $0.status == "True" }) { return "Failed" }
    if job.spec?.suspend == true { return "Suspended" }
    return "Running"
  }

  public static func cells(_ job: Job, context: RenderContext) -> [String] {
    let duration: String
    if let start = job.status?.startTime {
      duration = Format.age(seconds: (job.status?.completionTime ?? context.now).seconds - start.seconds)
    } else {
      duration = ""
    }
    return [
      job.namespace, job.name, status(job), "\(job.status?.succeeded ?? 0)/\(job.spec?.completions ?? 1)", duration,
      age(job, context),
    ]
  }

  public static func role(_ job: Job, context: RenderContext) -> ColorRole {
    switch status(job) {
    case "Complete": return .statusCompleted
    case "Failed": return .statusError
    default: return .rowNormal
    }
  }
}
