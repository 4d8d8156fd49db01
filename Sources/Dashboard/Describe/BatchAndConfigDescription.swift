import Foundation
import KubeModel

/// `kubectl describe` of stateful sets, jobs and cron jobs, line for line.
enum BatchDescription {
  static func write(_ set: StatefulSet, cache: InformerCache, into text: inout TabbedText) {
    let spec = set.spec
    text.identity(set)
    text.write(0, "CreationTimestamp:\t\(set.metadata.creationTimestamp?.describeText ?? "")\n")
    text.write(0, "Selector:\t\(TabbedText.selector(spec?.selector))\n")
    text.labels("Labels", set.metadata.labels)
    text.annotations("Annotations", set.metadata.annotations)
    text.write(0, "Replicas:\t\(spec?.replicas ?? 1) desired | \(set.status?.replicas ?? 0) total\n")
    text.write(0, "Update Strategy:\t\(spec?.updateStrategy?.type ?? "")\n")
    if let rolling = spec?.updateStrategy?.rollingUpdate {
      if let partition = rolling.partition { text.write(1, "Partition:\t\(partition)\n") }
      if let unavailable = rolling.maxUnavailable { text.write(1, "MaxUnavailable:\t\(unavailable.description)\n") }
    }
    text.write(0, "Pods Status:\t\(ControllerDescription.podsStatus(of: set, cache: cache))\n")
    DeploymentDescription.template(spec?.template, into: &text)
    let claims = spec?.volumeClaimTemplates ?? []
    guard !claims.isEmpty else { return text.write(0, "Volume Claims:\t<none>\n") }
    text.write(0, "Volume Claims:\n")
    for claim in claims {
      text.write(1, "Name:\t\(claim.name)\n")
      text.write(1, "StorageClass:\t\(StorageDescription.storageClass(claim.metadata, claim.spec?.storageClassName))\n")
      text.labels("Labels", claim.metadata.labels, indent: "  ")
      text.labels("Annotations", claim.metadata.annotations, indent: "  ")
      text.write(1, "Capacity:\t\(claim.spec?.resources?.requests?["storage"]?.description ?? "<default>")\n")
      text.write(1, "Access Modes:\t[\((claim.spec?.accessModes ?? []).joined(separator: " "))]\n")
    }
  }

  static func write(_ job: Job, into text: inout TabbedText) {
    let spec = job.spec
    let status = job.status
    text.identity(job)
    text.write(0, "Selector:\t\(TabbedText.selector(spec?.selector))\n")
    text.labels("Labels", job.metadata.labels)
    text.annotations("Annotations", job.metadata.annotations)
    text.controller(of: job)
    if let parallelism = spec?.parallelism { text.write(0, "Parallelism:\t\(parallelism)\n") }
    text.write(0, "Completions:\t\(spec?.completions.map(String.init) ?? "<unset>")\n")
    if let mode = spec?.completionMode { text.write(0, "Completion Mode:\t\(mode)\n") }
    if let suspend = spec?.suspend { text.write(0, "Suspend:\t\(suspend)\n") }
    if let limit = spec?.backoffLimit { text.write(0, "Backoff Limit:\t\(limit)\n") }
    if let ttl = spec?.ttlSecondsAfterFinished { text.write(0, "TTL Seconds After Finished:\t\(ttl)\n") }
    if let start = status?.startTime { text.write(0, "Start Time:\t\(start.describeText)\n") }
    if let end = status?.completionTime { text.write(0, "Completed At:\t\(end.describeText)\n") }
    if let start = status?.startTime, let end = status?.completionTime {
      text.write(0, "Duration:\t\(Format.age(seconds: end.seconds - start.seconds))\n")
    }
    if let deadline = spec?.activeDeadlineSeconds { text.write(0, "Active Deadline Seconds:\t\(deadline)s\n") }
    let (active, succeeded, failed) = (status?.active ?? 0, status?.succeeded ?? 0, status?.failed ?? 0)
    if let ready = status?.ready {
      text.write(0, "Pods Statuses:\t\(active) Active (\(ready) Ready) / \(succeeded) Succeeded / \(failed) Failed\n")
    } else {
      text.write(0, "Pods Statuses:\t\(active) Active / \(succeeded) Succeeded / \(failed) Failed\n")
    }
    if spec?.completionMode == "Indexed" {
      text.write(0, "Completed Indexes:\t\(indexes(status?.completedIndexes))\n")
      if spec?.backoffLimitPerIndex != nil { text.write(0, "Failed Indexes:\t\(indexes(status?.failedIndexes))\n") }
    }
    DeploymentDescription.template(spec?.template, into: &text)
  }

  /// An index list cut at 50 characters (at a comma, with `,...`), or `<none>`.
  private static func indexes(_ list: String?) -> String {
    guard let list, !list.isEmpty else { return Format.none }
    guard list.count > 50 else { return list }
    let head = list.prefix(51)
    return (head.lastIndex(of: ",").map { String(head[..<$0]) } ?? String(list.prefix(50))) + ",..."
  }

  static func write(_ cron: CronJob, into text: inout TabbedText) {
    let spec = cron.spec
    text.header(cron)
    text.write(0, "Schedule:\t\(spec?.schedule ?? "")\n")
    text.write(0, "Concurrency Policy:\t\(spec?.concurrencyPolicy ?? "")\n")
    text.write(0, "Suspend:\t\(spec?.suspend.map { $0 ? "True" : "False" } ?? "<unset>")\n")
    text.write(0, "Successful Job History Limit:\t\(spec?.successfulJobsHistoryLimit.map(String.init) ?? "<unset>")\n")
    text.write(0, "Failed Job History Limit:\t\(spec?.failedJobsHistoryLimit.map(String.init) ?? "<unset>")\n")
    text.write(0, "Starting Deadline Seconds:\t\(spec?.startingDeadlineSeconds.map { "\($0)s" } ?? "<unset>")\n")
    let job = spec?.jobTemplate?.spec
    text.write(0, "Selector:\t\(job?.selector.map { (try? Selector($0))?.description ?? "" } ?? "<unset>")\n")
    text.write(0, "Parallelism:\t\(job?.parallelism.map(String.init) ?? "<unset>")\n")
    text.write(0, "Completions:\t\(job?.completions.map(String.init) ?? "<unset>")\n")
    if let deadline = job?.activeDeadlineSeconds { text.write(0, "Active Deadline Seconds:\t\(deadline)s\n") }
    DeploymentDescription.template(job?.template, into: &text)
    text.write(0, "Last Schedule Time:\t\(cron.status?.lastScheduleTime?.describeText ?? "<unset>")\n")
    let active = (cron.status?.active ?? []).map { $0.name ?? "" }
    text.write(0, "Active Jobs:\t\(active.isEmpty ? Format.none : active.joined(separator: ", "))\n")
  }
}

/// `kubectl describe` of config maps and secrets (a secret's sizes only, never its values).
enum ConfigDescription {
  static func write(_ map: ConfigMap, into text: inout TabbedText) {
    text.header(map)
    text.write(0, "\nData\n====\n")
    for key in (map.data ?? [:]).keys.sorted() {
      text.write(0, "\(key):\n----\n\(map.data?[key] ?? "")\n\n")
    }
    text.write(0, "\nBinaryData\n====\n")
    for key in (map.binaryData ?? [:]).keys.sorted() {
      text.write(0, "\(key): \(Data(base64Encoded: map.binaryData?[key] ?? "")?.count ?? 0) bytes\n")
    }
    text.write(0, "\n")
  }

  /// A secret: its type and each key's size.
  static func write(_ secret: Secret, into text: inout TabbedText) {
    text.header(secret)
    text.write(0, "\nType:\t\(secret.type ?? "")\n\nData\n====\n")
    var sizes: [String: Int] = [:]
    for (key, encoded) in secret.data ?? [:] { sizes[key] = Data(base64Encoded: encoded)?.count ?? 0 }
    for (key, value) in secret.stringData ?? [:] { sizes[key] = value.utf8.count }
    for key in sizes.keys.sorted() { text.write(0, "\(key):\t\(sizes[key] ?? 0) bytes\n") }
  }
}
