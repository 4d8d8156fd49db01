import KubeModel

/// A store index of pods by (namespace, label): the way the Endpoints controller, the
/// autoscaler and the StatefulSet controller find the pods a selector matches without
/// scanning every pod.
enum PodLabelIndex {
  static let name = "pods.namespace-label"

  /// The index value of one label of a pod in `namespace`.
  static func value(_ namespace: String, _ key: String, _ value: String) -> String {
    "\(namespace)\u{0}\(key)=\(value)"
  }

  /// Declares the index (declaring it again rebuilds it, which is cheap on an empty store).
  static func install(on store: ObjectStore) {
    let sameLabels: (Pod, Pod) -> Bool = {
      $0.metadata.labels == $1.metadata.labels && $0.metadata.namespace == $1.metadata.namespace
    }
    let memo = ValuesMemo()
    store.addIndex(Pod.self, name, readsOnly: .metadata, sameValues: sameLabels) { pod in
      memo.values(pod.metadata.namespace ?? "", pod.metadata.labels ?? [:])
    }
  }

  /// The index values of the last labels indexed, in their namespace: the pods of one
  /// template carry the same labels, and building their texts again for each pod was most
  /// of the cost of indexing a new pod. Equal labels and namespace give equal values (their
  /// order may differ from a fresh build's; the index does not depend on it).
  final class ValuesMemo {
    private var namespace = ""
    private var labels: [String: String] = [:]
    private var values: [String] = []

    /// The index values of `labels` in `namespace`.
    func values(_ namespace: String, _ labels: [String: String]) -> [String] {
      // Dictionaries sharing storage compare equal without reading their entries.
      if labels == self.labels, namespace == self.namespace { return values }
      values = labels.map { value(namespace, $0.key, $0.value) }
      self.labels = labels
      self.namespace = namespace
      return values
    }
  }

  /// The pods of `namespace` that `selector` matches, sorted by name. Uses the index when
  /// the selector has an equality requirement, else scans the namespace.
  static func pods(matching selector: Selector, namespace: String, store: ObjectStore) -> [Pod] {
    if selector.isNothing { return [] }
    guard let pair = selector.equalityPairs.min(by: { $0.key < $1.key }) else {
      return store.list(Pod.self, namespace: namespace).filter { selector.matches($0.metadata.labels) }
    }
    return store.objects(Pod.self, index: name, value: value(namespace, pair.key, pair.value))
      .filter { selector.matches($0.metadata.labels) }
  }

  /// The index of pods by their controller's UID.
  static let ownerIndex = "pods.controller-uid"

  /// Declares the owner index, once (the controllers that use it each ask for it).
  static func installOwnerIndex(on store: ObjectStore) {
    guard !store.hasIndex(Pod.self, ownerIndex) else { return }
    store.addIndex(Pod.self, ownerIndex, readsOnly: .metadata, sameValues: Pod.sameOwners) { pod in pod.metadata.controllerRef?.uid }
  }

  /// The pods whose controller has UID `uid`, sorted by name.
  static func pods(ownedBy uid: String, store: ObjectStore) -> [Pod] {
    store.objects(Pod.self, index: ownerIndex, value: uid)
  }
}
