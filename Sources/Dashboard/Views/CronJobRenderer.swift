import KubeModel
import TerminalUI

/// The CronJobs view: SCHEDULE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE.
public enum CronJobRenderer: ResourceRenderer {
  public static let resource = ResourceType.cronjobs
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("SCHEDULE", priority: 8), ViewColumn("SUSPEND", priority: 5),
    ViewColumn("ACTIVE", alignment: .right, priority: 6), ViewColumn("LAST SCHEDULE", alignment: .right, priority: 6),
    ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<CronJob> { cache.cronJobs }

  public static func cells(_ job: CronJob, context: RenderContext) -> [String] {
    [
      job.namespace, job.name, job.spec?.schedule ?? "", job.spec?.suspend == true ? "True" : "False",
      "\(job.status?.active?.count ?? 0)",
      job.status?.lastScheduleTime.map { Format.age(seconds: context.now.seconds - $0.seconds) } ?? Format.none,
      age(job, context),
    ]
  }
}
