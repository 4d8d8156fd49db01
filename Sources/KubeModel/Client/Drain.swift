/// The options of `kubectl drain`.
public struct DrainOptions: Hashable, Sendable {
  public var ignoreDaemonSets: Bool
  /// Also delete pods that no controller manages (they will not come back).
  public var force: Bool
  public var deleteEmptyDirData: Bool
  /// Seconds each pod gets to terminate; nil uses the pod's own grace period.
  public var gracePeriodSeconds: Int64?
  /// Delete instead of evicting, bypassing disruption budgets.
  public var disableEviction: Bool

  public init(
    ignoreDaemonSets: Bool = false, force: Bool = false, deleteEmptyDirData: Bool = false,
    gracePeriodSeconds: Int64? = nil, disableEviction: Bool = false
  ) {
    self.ignoreDaemonSets = ignoreDaemonSets
    self.force = force
    self.deleteEmptyDirData = deleteEmptyDirData
    self.gracePeriodSeconds = gracePeriodSeconds
    self.disableEviction = disableEviction
  }
}

/// What a drain did, pod by pod, in kubectl's words.
public struct DrainReport: Hashable, Sendable {
  /// The outcome for one pod.
  public enum Outcome: Hashable, Sendable {
    /// Evicted (or deleted); it will terminate gracefully.
    case evicted
    /// Left alone with a warning (DaemonSet-managed with --ignore-daemonsets).
    case ignored
    /// Left alone silently (mirror pods, already terminating).
    case skipped
    /// Eviction refused (a disruption budget); kubectl retries every 5 s.
    case refused(String)
  }

  /// One pod and what happened to it.
  public struct Entry: Hashable, Sendable {
    public var namespace: String
    public var name: String
    public var outcome: Outcome

    public init(namespace: String, name: String, outcome: Outcome) {
      self.namespace = namespace
      self.name = name
      self.outcome = outcome
    }
  }

  public var node: String
  /// Whether the node was cordoned before the drain (kubectl then says `already cordoned`).
  public var wasCordoned: Bool
  public var entries: [Entry]
  /// kubectl's warning lines (`Warning: ignoring DaemonSet-managed Pods: …`).
  public var warnings: [String]
  /// True when every pod that had to go was evicted.
  public var isComplete: Bool {
    !entries.contains { if case .refused = $0.outcome { return true } else { return false } }
  }

  public init(node: String, wasCordoned: Bool = false, entries: [Entry] = [], warnings: [String] = []) {
    self.node = node
    self.wasCordoned = wasCordoned
    self.entries = entries
    self.warnings = warnings
  }

  /// The report of a drain that followed `plan`: `evictions` are the outcomes of
  /// `plan.toEvict`, in its order; the ignored and skipped pods follow, with the plan's warnings.
  public init(node: String, wasCordoned: Bool, plan: DrainFilter.Plan, evictions: [Outcome]) {
    var entries = zip(plan.toEvict, evictions).map { Entry(namespace: $0.namespace, name: $0.name, outcome: $1) }
    entries += plan.ignored.map { Entry(namespace: $0.namespace, name: $0.name, outcome: .ignored) }
    entries += plan.skipped.map { Entry(namespace: $0.namespace, name: $0.name, outcome: .skipped) }
    self.init(node: node, wasCordoned: wasCordoned, entries: entries, warnings: plan.warnings)
  }

  /// The lines kubectl prints for this drain.
  public var lines: [String] {
    var lines = [cordonLine(node, already: wasCordoned)]
    lines += warnings.map { "Warning: \($0)" }
    for entry in entries {
      switch entry.outcome {
      case .evicted: lines.append("evicting pod \(entry.namespace)/\(entry.name)")
      case .refused(let message):
        lines.append("error when evicting pods/\"\(entry.name)\" -n \"\(entry.namespace)\" (will retry after 5s): \(message)")
      case .ignored, .skipped: break
      }
    }
    for entry in entries where entry.outcome == .evicted { lines.append("pod/\(entry.name) evicted") }
    if isComplete { lines.append("node/\(node) drained") }
    return lines
  }
}

/// kubectl's line for a cordon or uncordon (also a drain's first line):
/// `node/worker-2 cordoned`, `node/worker-2 already uncordoned`.
public func cordonLine(_ node: String, cordon: Bool = true, already: Bool) -> String {
  "node/\(node) \(already ? "already " : "")\(cordon ? "cordoned" : "uncordoned")"
}

/// A drain refused before anything was evicted, with kubectl's message:
/// `cannot delete Pods that declare no controller (use --force to override): default/bare`.
public struct DrainError: Error, Hashable, Sendable, CustomStringConvertible {
  public var node: String
  public var problems: [String]
  /// kubectl's cordon line when the node was cordoned before the refusal (nil when the
  /// cordon itself failed).
  public var cordonLine: String?

  public init(node: String, problems: [String], cordonLine: String? = nil) {
    self.node = node
    self.problems = problems
    self.cordonLine = cordonLine
  }

  /// Everything kubectl prints for the refused drain: the cordon, the refusal, the node
  /// left pending and each problem again.
  public var lines: [String] {
    (cordonLine.map { [$0] } ?? []) + ["error: " + description, "There are pending nodes to be drained:", " \(node)"]
      + problems.map { "error: " + $0 }
  }

  public var description: String {
    let body = problems.count == 1 ? problems[0] : "[" + problems.joined(separator: ", ") + "]"
    return "unable to drain node \"\(node)\" due to error: \(body), continuing command..."
  }
}

/// kubectl's drain filters (skip deleted, DaemonSet, mirror, local storage, unreplicated),
/// as a pure function over the node's pods.
public enum DrainFilter {
  /// The decision for the pods of one node.
  public struct Plan: Hashable, Sendable {
    public var toEvict: [Pod] = []
    public var ignored: [Pod] = []
    public var skipped: [Pod] = []
    /// Refusals, one per rule: `cannot delete <reason>: ns/a, ns/b`.
    public var errors: [String] = []
    public var warnings: [String] = []
  }

  /// Decides what drain does with each pod. `daemonSetExists` says whether a pod's owning
  /// DaemonSet still exists (an orphaned DaemonSet pod needs --force).
  public static func plan(pods: [Pod], options: DrainOptions, daemonSetExists: (String, String) -> Bool) -> Plan {
    var plan = Plan()
    var daemonSetErrors: [String] = []
    var localStorage: [String] = []
    var unreplicated: [String] = []
    var ignoredDaemonSet: [String] = []
    for pod in pods.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
      let id = "\(pod.namespace)/\(pod.name)"
      let phase = pod.status?.phase ?? ""
      if pod.metadata.deletionTimestamp != nil {
        plan.skipped.append(pod)
        continue
      }
      if phase == "Succeeded" || phase == "Failed" {
        plan.toEvict.append(pod)
        continue
      }
      let controller = pod.metadata.controllerRef
      if controller?.kind == "DaemonSet" {
        if !daemonSetExists(pod.namespace, controller?.name ?? "") && !options.force {
          daemonSetErrors.append(id)
          continue
        }
        if options.ignoreDaemonSets {
          plan.ignored.append(pod)
          ignoredDaemonSet.append(id)
        } else {
          daemonSetErrors.append(id)
        }
        continue
      }
      if pod.metadata.annotations?["kubernetes.io/config.mirror"] != nil {
        plan.skipped.append(pod)
        continue
      }
      let usesEmptyDir = pod.spec?.volumes?.contains { $0.emptyDir != nil } ?? false
      if usesEmptyDir && !options.deleteEmptyDirData {
        localStorage.append(id)
        continue
      }
      if controller == nil && !options.force {
        unreplicated.append(id)
        continue
      }
      plan.toEvict.append(pod)
    }
    if !daemonSetErrors.isEmpty {
      plan.errors.append(
        "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): " + daemonSetErrors.joined(separator: ", "))
    }
    if !localStorage.isEmpty {
      plan.errors.append(
        "cannot delete Pods with local storage (use --delete-emptydir-data to override): " + localStorage.joined(separator: ", "))
    }
    if !unreplicated.isEmpty {
      plan.errors.append(
        "cannot delete Pods that declare no controller (use --force to override): " + unreplicated.joined(separator: ", "))
    }
    if !ignoredDaemonSet.isEmpty {
      plan.warnings.append("ignoring DaemonSet-managed Pods: " + ignoredDaemonSet.joined(separator: ", "))
    }
    let forcedBare = plan.toEvict.filter { $0.metadata.controllerRef == nil }.map { "\($0.namespace)/\($0.name)" }
    if options.force && !forcedBare.isEmpty {
      plan.warnings.append("deleting Pods that declare no controller: " + forcedBare.joined(separator: ", "))
    }
    return plan
  }
}
