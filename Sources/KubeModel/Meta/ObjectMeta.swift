/// The metadata every persisted object carries (`metav1.ObjectMeta`).
///
/// Every field but `resourceVersion` lives in one copy-on-write box (`ObjectMeta+Storage`):
/// an object is copied into every version the watch log keeps, every cache and every list,
/// while most writes (status writes above all) change none of its metadata, and the store's
/// own stamp of `resourceVersion` on each write is kept outside the box, so the versions of
/// an object share one metadata allocation and a copy of a pod is a few words. Equality,
/// hashing and coding are those of the plain struct it was: every field, in declaration order.
public struct ObjectMeta: Hashable, Sendable {
  @usableFromInline var fields: CopyOnWriteBox<Fields>
  /// Set by the store on every write; kept beside the box so that stamping it copies nothing.
  public var resourceVersion: String?

  public init(
    name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
    annotations: [String: String]? = nil
  ) {
    if name == nil, namespace == nil, labels == nil, annotations == nil {
      fields = Fields.emptyBox
    } else {
      fields = CopyOnWriteBox(Fields(name: name, namespace: namespace, labels: labels, annotations: annotations))
    }
  }

  /// The metadata of a new object that has a name, namespace, UID and creation time and
  /// nothing else (an Event), boxed once.
  public init(name: String, namespace: String, uid: String, creationTimestamp: Time) {
    fields = CopyOnWriteBox(Fields(name: name, namespace: namespace, uid: uid, creationTimestamp: creationTimestamp))
  }

  /// The owner reference marked `controller: true`, if any.
  public var controllerRef: OwnerReference? {
    ownerReferences?.first { $0.controller == true }
  }

  /// True once deletion has begun (`deletionTimestamp` is set).
  public var isTerminating: Bool { deletionTimestamp != nil }

  /// Whether `self` and `other` hold one box of fields (every field but `resourceVersion`
  /// is then equal without comparing them).
  @inlinable
  public func sharesFields(with other: ObjectMeta) -> Bool { fields.sharesStorage(with: other.fields) }

  public static func == (lhs: ObjectMeta, rhs: ObjectMeta) -> Bool {
    lhs.resourceVersion == rhs.resourceVersion && lhs.fields == rhs.fields
  }

  public func hash(into hasher: inout Hasher) {
    let fields = self.fields.value
    hasher.combine(fields.name)
    hasher.combine(fields.generateName)
    hasher.combine(fields.namespace)
    hasher.combine(fields.uid)
    hasher.combine(resourceVersion)
    hasher.combine(fields.generation)
    hasher.combine(fields.creationTimestamp)
    hasher.combine(fields.deletionTimestamp)
    hasher.combine(fields.deletionGracePeriodSeconds)
    hasher.combine(fields.labels)
    hasher.combine(fields.annotations)
    hasher.combine(fields.ownerReferences)
    hasher.combine(fields.finalizers)
    hasher.combine(fields.managedFields)
  }
}

/// A reference from a dependent to its owner, used by garbage collection.
public struct OwnerReference: Codable, Hashable, Sendable {
  public var apiVersion: String
  public var kind: String
  public var name: String
  public var uid: String
  public var controller: Bool?
  public var blockOwnerDeletion: Bool?

  public init(
    apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
    blockOwnerDeletion: Bool? = nil
  ) {
    self.apiVersion = apiVersion
    self.kind = kind
    self.name = name
    self.uid = uid
    self.controller = controller
    self.blockOwnerDeletion = blockOwnerDeletion
  }
}

/// A reference to another object (`corev1.ObjectReference`): events' involved objects,
/// bindings' targets, endpoints' target pods.
public struct ObjectReference: Codable, Hashable, Sendable {
  public var kind: String?
  public var namespace: String?
  public var name: String?
  public var uid: String?
  public var apiVersion: String?
  public var resourceVersion: String?
  public var fieldPath: String?

  public init(
    kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil,
    apiVersion: String? = nil, resourceVersion: String? = nil, fieldPath: String? = nil
  ) {
    self.kind = kind
    self.namespace = namespace
    self.name = name
    self.uid = uid
    self.apiVersion = apiVersion
    self.resourceVersion = resourceVersion
    self.fieldPath = fieldPath
  }
}

/// A reference to an object in the same namespace by name only.
public struct LocalObjectReference: Codable, Hashable, Sendable {
  public var name: String?
  public init(name: String? = nil) { self.name = name }
}

/// The metadata of a list (`metav1.ListMeta`).
public struct ListMeta: Codable, Hashable, Sendable {
  public var resourceVersion: String?
  public var `continue`: String?
  public var remainingItemCount: Int64?

  public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
    self.resourceVersion = resourceVersion
    self.continue = `continue`
    self.remainingItemCount = remainingItemCount
  }
}

/// A condition in the shape of `metav1.Condition` (used by PodDisruptionBudget and newer types).
public struct Condition: Codable, Hashable, Sendable {
  public var type: String
  public var status: String
  public var observedGeneration: Int64?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?

  public init(
    type: String, status: String, observedGeneration: Int64? = nil, lastTransitionTime: Time? = nil,
    reason: String? = nil, message: String? = nil
  ) {
    self.type = type
    self.status = status
    self.observedGeneration = observedGeneration
    self.lastTransitionTime = lastTransitionTime
    self.reason = reason
    self.message = message
  }
}

/// Options of a delete (`metav1.DeleteOptions`).
public struct DeleteOptions: Codable, Hashable, Sendable {
  public var kind: String?
  public var apiVersion: String?
  public var gracePeriodSeconds: Int64?
  public var preconditions: Preconditions?
  public var orphanDependents: Bool?
  /// `Orphan`, `Background` or `Foreground`.
  public var propagationPolicy: String?
  public var dryRun: [String]?

  public init(gracePeriodSeconds: Int64? = nil, propagationPolicy: String? = nil) {
    self.gracePeriodSeconds = gracePeriodSeconds
    self.propagationPolicy = propagationPolicy
  }

  /// Conditions that must hold for the delete to proceed.
  public struct Preconditions: Codable, Hashable, Sendable {
    public var uid: String?
    public var resourceVersion: String?
  }
}
