import KubeModel

/// Which of a Deployment's ReplicaSets its last sync found to be the new one, with what
/// that search read, for searches that wrote nothing (`getNewReplicaSet` found the set with
/// its annotations, minReadySeconds, the Deployment's revision and Progressing condition
/// already as they should be: most syncs).
///
/// The search reads the Deployment's metadata (annotations, revision), template,
/// minReadySeconds, whether it has a progress deadline and a Progressing condition, and of
/// each ReplicaSet its metadata (annotations, creation time, uid), template and
/// minReadySeconds. Metadata and templates are shared boxes that a status write keeps, so
/// "the same as last time" is mostly pointer comparisons; anything else that differs makes
/// the sync search again. With the same inputs the search finds the same set and again
/// writes nothing, so the answer is exact.
struct NewReplicaSetMemo {
  fileprivate struct SetInputs {
    var metadata: ObjectMeta
    var template: PodTemplateSpec?
    var minReadySeconds: Int32?

    init(_ set: ReplicaSet) {
      metadata = set.metadata
      template = set.spec?.template
      minReadySeconds = set.spec?.minReadySeconds
    }

    func same(as set: ReplicaSet) -> Bool {
      metadata.sharesFields(with: set.metadata) && minReadySeconds == set.spec?.minReadySeconds
        && template == set.spec?.template
    }
  }

  fileprivate struct Entry {
    var metadata: ObjectMeta
    var template: PodTemplateSpec?
    var minReadySeconds: Int32?
    var hasDeadline: Bool
    var hasProgressing: Bool
    var sets: [SetInputs]
    /// The new ReplicaSet's position in `sets`.
    var newIndex: Int
  }

  private var entries: [ObjectKey: Entry] = [:]

  /// The position of the new ReplicaSet in `sets`, when the last search for `deployment`
  /// read exactly these inputs and wrote nothing.
  func newSetIndex(_ deployment: Deployment, _ sets: [ReplicaSet]) -> Int? {
    // Read in place: a copy of the entry would retain each of its parts.
    guard let position = entries.index(forKey: deployment.key) else { return nil }
    return entries.values[position].newSetIndex(deployment, sets)
  }

  /// Records a search of `deployment` over `sets` that found `sets[newIndex]` and wrote nothing.
  mutating func record(_ deployment: Deployment, _ sets: [ReplicaSet], newIndex: Int) {
    entries[deployment.key] = Entry(
      metadata: deployment.metadata, template: deployment.spec?.template, minReadySeconds: deployment.spec?.minReadySeconds,
      hasDeadline: deployment.spec?.progressDeadlineSeconds != nil,
      hasProgressing: DeploymentUtil.hasCondition(deployment.status, "Progressing"), sets: sets.map(SetInputs.init),
      newIndex: newIndex)
  }

  /// Forgets `key` (its Deployment was deleted, or its last search wrote).
  mutating func remove(_ key: ObjectKey) { entries[key] = nil }

  /// How many Deployments are remembered.
  var count: Int { entries.count }
}

extension NewReplicaSetMemo.Entry {
  /// `newIndex` when this entry was recorded for exactly these inputs.
  fileprivate func newSetIndex(_ deployment: Deployment, _ sets: [ReplicaSet]) -> Int? {
    let entry = self
    guard entry.sets.count == sets.count,
      entry.metadata.sharesFields(with: deployment.metadata), entry.minReadySeconds == deployment.spec?.minReadySeconds,
      entry.hasDeadline == (deployment.spec?.progressDeadlineSeconds != nil),
      entry.hasProgressing == DeploymentUtil.hasCondition(deployment.status, "Progressing"),
      entry.template == deployment.spec?.template
    else { return nil }
    for index in sets.indices where !entry.sets[index].same(as: sets[index]) { return nil }
    return entry.newIndex
  }
}
