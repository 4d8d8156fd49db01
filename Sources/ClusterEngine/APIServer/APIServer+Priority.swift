import KubeModel

/// The Priority admission plugin: a new pod's `priorityClassName` becomes its `priority`
/// and `preemptionPolicy`, taken from the class (or from the global default class when the
/// pod names none); a pod that gives a priority of its own must give the class's.
extension APIServer {
  /// Resolves `pod`'s priority from its class. Throws Forbidden, as upstream, for a class
  /// that does not exist and for a priority or preemption policy that disagrees with it.
  func admitPriority(_ pod: inout Pod) throws(Status) {
    let spec = pod.spec ?? PodSpec()
    var className = spec.priorityClassName ?? ""
    var value: Int32 = 0
    var policy = "PreemptLowerPriority"
    if className.isEmpty {
      if let fallback = globalDefaultPriorityClass() {
        className = fallback.name
        value = fallback.value
        policy = fallback.preemptionPolicy ?? policy
      }
    } else {
      guard let priorityClass = priorityClass(named: className) else {
        throw Status.forbidden(.pods, name: pod.name, "no PriorityClass with name \(className) was found")
      }
      value = priorityClass.value
      policy = priorityClass.preemptionPolicy ?? policy
    }
    if let given = spec.priority, given != value {
      throw Status.forbidden(
        .pods, name: pod.name,
        "the integer value of priority (\(given)) must not be provided in pod spec; priority admission controller computed \(value) from the given PriorityClass name")
    }
    if let given = spec.preemptionPolicy, given != policy {
      throw Status.forbidden(
        .pods, name: pod.name,
        "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; priority admission controller computed \(policy) from the given PriorityClass name")
    }
    // Written only where something changes: a burst's pods share one defaulted spec.
    if spec.priority != value || spec.preemptionPolicy != policy || (!className.isEmpty && spec.priorityClassName != className) {
      var changed = spec
      changed.priority = value
      changed.preemptionPolicy = policy
      if !className.isEmpty { changed.priorityClassName = className }
      pod.spec = changed
    }
  }

  /// On a pod's update the priority admission set on create stays (upstream keeps the
  /// stored priority and policy when the new spec leaves them out).
  static func keepPriority(of old: Pod, in pod: inout Pod) {
    guard let spec = pod.spec, spec.priority == nil || spec.preemptionPolicy == nil else { return }
    var kept = spec
    if kept.priority == nil { kept.priority = old.spec?.priority }
    if kept.preemptionPolicy == nil { kept.preemptionPolicy = old.spec?.preemptionPolicy }
    pod.spec = kept
  }

  /// The class called `name`: a stored one, or one of the system classes (the API server
  /// creates those at start-up and refuses to delete them).
  func priorityClass(named name: String) -> PriorityClass? {
    store.get(PriorityClass.self, name: name) ?? PriorityClass.system.first { $0.name == name }
  }

  /// The class pods without one get: the global default with the lowest value, as upstream
  /// picks when two were marked at once.
  func globalDefaultPriorityClass() -> PriorityClass? {
    var found: PriorityClass?
    for candidate in store.all(PriorityClass.self) where candidate.globalDefault == true {
      if found.map({ candidate.value < $0.value }) ?? true { found = candidate }
    }
    return found
  }

  /// The Priority plugin's check of classes: one global default at most.
  func checkGlobalDefault<T: KubeObject>(_ object: T, old: T?) throws(Status) {
    guard T.self == PriorityClass.self, let priorityClass = exactly(object, as: PriorityClass.self),
      priorityClass.globalDefault == true
    else { return }
    for other in store.all(PriorityClass.self) where other.globalDefault == true && other.name != priorityClass.name {
      throw Status.forbidden(
        .priorityclasses, name: priorityClass.name,
        "PriorityClass \(other.name) is already marked as default. Only one default can exist")
    }
  }
}
