import KubeModel

/// kube-controller-manager's garbage collector: deletes dependents whose owners are gone
/// (Background), strips owner references for owners deleted with the `orphan` finalizer,
/// and deletes the blocking dependents of owners deleted with `foregroundDeletion` before
/// letting them go.
///
/// Its graph (dependents by owner UID) is built from watch events, like upstream's
/// GraphBuilder, so it never scans the store.
public final class GarbageCollector: ClusterComponent {
  /// One object in the graph.
  struct Identity: Hashable, Comparable {
    var resource: ResourceType
    var key: ObjectKey
    /// The UID as the graph's tables key it, hashed once.
    var node: UIDKey
    var uid: String { node.value }

    init(resource: ResourceType, key: ObjectKey, node: UIDKey) {
      self.resource = resource
      self.key = key
      self.node = node
    }

    init(resource: ResourceType, key: ObjectKey, uid: String) {
      self.init(resource: resource, key: key, node: UIDKey(uid))
    }

    /// The UID first, compared by its digest: a probe past another object's entry then
    /// settles at the first word, not after comparing the resource types' names.
    static func == (a: Identity, b: Identity) -> Bool {
      a.node == b.node && a.key == b.key && a.resource == b.resource
    }

    static func < (a: Identity, b: Identity) -> Bool {
      (a.resource.plural, a.key, a.uid) < (b.resource.plural, b.key, b.uid)
    }

    /// UIDs are unique, so hashing the UID alone is enough (and far cheaper than hashing
    /// the resource type's names); its kept digest spares hashing its 36 bytes again on
    /// every insert and resize of the dependents' sets.
    func hash(into hasher: inout Hasher) {
      hasher.combine(node)
    }

    func _rawHashValue(seed: Int) -> Int { node._rawHashValue(seed: seed) }
  }

  /// A UID as a key of the graph's tables: hashed once, and compared by that hash before
  /// its 36 bytes (every change of every object looks itself up in two or three tables).
  typealias UIDKey = Prehashed<String>

  unowned var cluster: Cluster?
  /// An object with owner references: who it is, and whom it names.
  struct Owned {
    var identity: Identity
    var references: [OwnerReference]
  }

  /// Every object that has owner references, by its UID: it exists (the entry goes with its
  /// deletion), so an owner found here is known to be alive.
  var owners: [UIDKey: Owned] = [:]
  var dependents: [UIDKey: Set<Identity>] = [:]
  var attemptToDelete: Set<Identity> = []
  /// Dependents whose owners all were alive and not waiting on their own dependents when
  /// their references were noted: `attemptToDeleteItem` would find nothing to do with them
  /// until an owner changes, and an owner's deletion puts its dependents in
  /// `attemptToDelete`. They join the sorted pass only when some other candidate has
  /// something to do (so the order of its work stays upstream's); kept in an array, since
  /// most are never looked at (every new pod is one).
  var quietCandidates: [Identity] = []
  var attemptToOrphan: Set<Identity> = []
  /// Owners waiting for their dependents (foreground deletion), by UID.
  var deletingDependents: [UIDKey: Identity] = [:]
  var foreground: Set<Identity> = []
  /// The kinds that have had an object with owner references, and the kinds named as
  /// owners: an object of neither kind, with no references of its own, is nothing to the
  /// graph, and its changes (every Event's above all) are passed over without a lookup.
  var kindsWithOwners: Set<KindKey> = []
  var ownerKinds: Set<String> = []
  /// Whether each kind is still outside the graph (neither of the above), remembered
  /// until either set grows.
  var passedOver: [KindKey: Bool] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
  }

  /// Quiet candidates count as work, as they did as candidates: a reconcile drops them.
  public var hasPendingWork: Bool {
    !attemptToDelete.isEmpty || !quietCandidates.isEmpty || !attemptToOrphan.isEmpty || !foreground.isEmpty
  }

  public func observe(_ event: StoreEvent) {
    // The metadata once: each read through the existential copies all of it.
    let metadata = event.object.metadata
    // A change that kept the metadata (a status write, most often) has the owners the graph
    // noted from the version before: nothing to do, unless the object is being deleted
    // (then its finalizers are honoured as on any change).
    if event.type == .modified, event.kept.contains(.metadata), metadata.deletionTimestamp == nil { return }
    let references = metadata.ownerReferences ?? []
    if references.isEmpty {
      // (Unless it is being deleted with finalizers that are the collector's to honour.)
      if event.type == .deleted || metadata.deletionTimestamp == nil, passesOver(type(of: event.object)) { return }
    } else if passedOver[KindKey(type(of: event.object))] != false
      || references.contains(where: { !ownerKinds.contains($0.kind) })
    {
      noteOwners(of: type(of: event.object), references)
    }
    guard let uid = metadata.uid else { return }
    let node = UIDKey(uid)
    // Most objects (Events above all) have no owners and own nothing: nothing to note,
    // unless one is being deleted with finalizers to honour.
    if references.isEmpty, dependents[node] == nil, deletingDependents[node] == nil,
      event.type == .deleted || metadata.deletionTimestamp == nil, owners[node] == nil
    {
      return
    }
    // A change that neither deletes the object nor moves its owners (a status write, most
    // often) has nothing for the graph.
    if event.type != .deleted, metadata.deletionTimestamp == nil, owners[node]?.references ?? [] == references { return }
    let identity = Identity(
      resource: event.resource, key: ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? ""), node: node)
    if event.type == .deleted {
      setOwners(identity, [])
      deletingDependents[node] = nil
      for dependent in dependents[node] ?? [] { attemptToDelete.insert(dependent) }
      for reference in references {
        if let owner = deletingDependents[UIDKey(reference.uid)] { foreground.insert(owner) }
      }
      return
    }
    if owners[node]?.references ?? [] != references {
      setOwners(identity, references)
      if references.isEmpty {
        // Nothing to decide.
      } else if references.allSatisfy({ isKnownSolid($0, namespace: identity.key.namespace) }) {
        quietCandidates.append(identity)
      } else {
        attemptToDelete.insert(identity)
      }
    }
    guard metadata.deletionTimestamp != nil else { return }
    let finalizers = metadata.finalizers ?? []
    if finalizers.contains("orphan") { attemptToOrphan.insert(identity) }
    if finalizers.contains("foregroundDeletion"), deletingDependents[node] == nil {
      deletingDependents[node] = identity
      foreground.insert(identity)
      for dependent in dependents[node] ?? [] { attemptToDelete.insert(dependent) }
    }
  }

  /// True when objects of `kind` are outside the graph: none has had owner references and
  /// no reference names the kind as an owner.
  private func passesOver(_ kind: any KubeObject.Type) -> Bool {
    let id = KindKey(kind)
    if let known = passedOver[id] { return known }
    let outside = !kindsWithOwners.contains(id) && !ownerKinds.contains(kind.resource.kind)
    passedOver[id] = outside
    return outside
  }

  /// Brings `kind` and the kinds `references` name into the graph.
  private func noteOwners(of kind: any KubeObject.Type, _ references: [OwnerReference]) {
    var grew = kindsWithOwners.insert(KindKey(kind)).inserted
    for reference in references where !ownerKinds.contains(reference.kind) {
      ownerKinds.insert(reference.kind)
      grew = true
    }
    if grew { passedOver.removeAll() }
    passedOver[KindKey(kind)] = false
  }

  /// Whether the graph knows the owner `reference` names as alive under that name and kind,
  /// and not deleting in the foreground: `state(of:namespace:)` would find it solid now, and
  /// any change that could alter that reaches `observe` first. (Owners the graph does not
  /// hold, those without references of their own, are looked up at reconcile as before.)
  private func isKnownSolid(_ reference: OwnerReference, namespace: String) -> Bool {
    let node = UIDKey(reference.uid)
    guard let owner = owners[node]?.identity, deletingDependents[node] == nil,
      owner.resource.kind == reference.kind, owner.resource.apiVersion == reference.apiVersion,
      owner.key.name == reference.name, owner.key.namespace == (owner.resource.namespaced ? namespace : "")
    else { return false }
    return true
  }

  private func setOwners(_ identity: Identity, _ references: [OwnerReference]) {
    let node = identity.node
    for reference in owners[node]?.references ?? [] {
      let owner = UIDKey(reference.uid)
      dependents[owner]?.remove(identity)
      if dependents[owner]?.isEmpty == true { dependents[owner] = nil }
    }
    owners[node] = references.isEmpty ? nil : Owned(identity: identity, references: references)
    for reference in references { dependents[UIDKey(reference.uid), default: []].insert(identity) }
  }

  public func reconcile() {
    let orphaning = attemptToOrphan.sorted()
    attemptToOrphan.removeAll()
    for owner in orphaning { orphanDependents(of: owner) }
    let waiting = foreground.sorted()
    foreground.removeAll()
    for owner in waiting { processDeletingDependents(owner) }
    var candidates = attemptToDelete
    attemptToDelete.removeAll()
    let quiet = quietCandidates
    quietCandidates.removeAll(keepingCapacity: true)
    // Most candidates (every new pod, whose owner is alive) need nothing. Deciding writes
    // nothing, so when none needs anything the sorted pass would change nothing either:
    // skip sorting them. Otherwise act in sorted order, deciding each at its turn.
    guard candidates.contains(where: { deletionAction(for: $0) != nil }) else { return }
    candidates.formUnion(quiet)
    for identity in candidates.sorted() {
      if let action = deletionAction(for: identity) { perform(action, on: identity) }
    }
  }

  // MARK: Work

  private func orphanDependents(of owner: Identity) {
    guard let object = fetch(owner), object.metadata.deletionTimestamp != nil,
      object.metadata.finalizers?.contains("orphan") == true
    else { return }
    for dependent in (dependents[owner.node] ?? []).sorted() {
      modify(dependent) { metadata in
        let remaining = (metadata.ownerReferences ?? []).filter { $0.uid != owner.uid }
        metadata.ownerReferences = remaining.isEmpty ? nil : remaining
      }
    }
    removeFinalizer("orphan", from: owner)
  }

  private func processDeletingDependents(_ owner: Identity) {
    guard let object = fetch(owner), object.metadata.deletionTimestamp != nil,
      object.metadata.finalizers?.contains("foregroundDeletion") == true
    else { return }
    let blocking = (dependents[owner.node] ?? []).contains { dependent in
      owners[dependent.node]?.references.contains { $0.uid == owner.uid && $0.blockOwnerDeletion == true } == true
    }
    if !blocking { removeFinalizer("foregroundDeletion", from: owner) }
  }

  private enum OwnerState { case solid, dangling, waiting }

  private func state(of reference: OwnerReference, namespace: String) -> OwnerState {
    guard let resource = ResourceType.forKind(reference.kind, apiVersion: reference.apiVersion) else { return .solid }
    let key = ObjectKey(namespace: resource.namespaced ? namespace : "", name: reference.name)
    guard let owner = fetch(Identity(resource: resource, key: key, uid: reference.uid)) else { return .dangling }
    if owner.metadata.deletionTimestamp != nil, owner.metadata.finalizers?.contains("foregroundDeletion") == true {
      return .waiting
    }
    return .solid
  }

  /// What `attemptToDeleteItem` does to a dependent.
  private enum DeletionAction {
    /// Drop the owner references whose UIDs are given; the others are alive.
    case removeOwners(Set<String>)
    /// Delete the dependent with this propagation policy.
    case delete(policy: String)
  }

  /// What upstream's `attemptToDeleteItem` would do to `identity` now, or nil for nothing.
  /// Reads only: the caller acts.
  private func deletionAction(for identity: Identity) -> DeletionAction? {
    guard let latest = fetch(identity) else { return nil }
    let finalizers = latest.metadata.finalizers ?? []
    if latest.metadata.deletionTimestamp != nil { return nil }
    let references = latest.metadata.ownerReferences ?? []
    guard !references.isEmpty else { return nil }
    var solid = false
    var removable: Set<String> = []
    var waiting = false
    for reference in references {
      switch state(of: reference, namespace: identity.key.namespace) {
      case .solid: solid = true
      case .dangling: removable.insert(reference.uid)
      case .waiting:
        removable.insert(reference.uid)
        waiting = true
      }
    }
    if solid { return removable.isEmpty ? nil : .removeOwners(removable) }
    if waiting && !(dependents[identity.node] ?? []).isEmpty { return .delete(policy: "Foreground") }
    if finalizers.contains("orphan") { return .delete(policy: "Orphan") }
    if finalizers.contains("foregroundDeletion") { return .delete(policy: "Foreground") }
    return .delete(policy: "Background")
  }

  private func perform(_ action: DeletionAction, on identity: Identity) {
    switch action {
    case .removeOwners(let removable):
      modify(identity) { metadata in
        let remaining = (metadata.ownerReferences ?? []).filter { !removable.contains($0.uid) }
        metadata.ownerReferences = remaining.isEmpty ? nil : remaining
      }
    case .delete(let policy):
      delete(identity, policy: policy)
    }
  }

  // MARK: Typed access

  private func fetch(_ identity: Identity) -> (any KubeObject)? {
    guard let type = KubeObjectTypes.type(for: identity.resource) else { return nil }
    let object = fetch(type, identity.key)
    return object?.metadata.uid == identity.uid ? object : nil
  }

  private func fetch<T: KubeObject>(_ type: T.Type, _ key: ObjectKey) -> (any KubeObject)? {
    cluster?.store.get(T.self, key)
  }

  private func delete(_ identity: Identity, policy: String) {
    guard let type = KubeObjectTypes.type(for: identity.resource) else { return }
    delete(type, identity.key, policy: policy)
  }

  private func delete<T: KubeObject>(_ type: T.Type, _ key: ObjectKey, policy: String) {
    _ = try? cluster?.api.delete(
      T.self, namespace: key.namespace, name: key.name, options: DeleteOptions(propagationPolicy: policy))
  }

  private func modify(_ identity: Identity, _ change: (inout ObjectMeta) -> Void) {
    guard let type = KubeObjectTypes.type(for: identity.resource) else { return }
    modify(type, identity, change)
  }

  private func modify<T: KubeObject>(_ type: T.Type, _ identity: Identity, _ change: (inout ObjectMeta) -> Void) {
    guard let cluster, var object = cluster.store.get(T.self, identity.key), object.metadata.uid == identity.uid else { return }
    change(&object.metadata)
    _ = try? cluster.api.update(object)
  }

  private func removeFinalizer(_ finalizer: String, from identity: Identity) {
    modify(identity) { metadata in
      let remaining = (metadata.finalizers ?? []).filter { $0 != finalizer }
      metadata.finalizers = remaining.isEmpty ? nil : remaining
    }
  }
}
