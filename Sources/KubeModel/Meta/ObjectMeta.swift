/// The metadata every persisted object carries (`metav1.ObjectMeta`).
public struct ObjectMeta: Codable, Hashable, Sendable {
  public var name: String?
  public var generateName: String?
  public var namespace: String?
  public var uid: String?
  public var resourceVersion: String?
  public var generation: Int64?
  public var creationTimestamp: Time?
  public var deletionTimestamp: Time?
  public var deletionGracePeriodSeconds: Int64?
  public var labels: [String: String]?
  public var annotations: [String: String]?
  public var ownerReferences: [OwnerReference]?
  public var finalizers: [String]?
  public var managedFields: [JSONValue]?

  public init(
    name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
    annotations: [String: String]? = nil
  ) {
    self.name = name
    self.namespace = namespace
    self.labels = labels
    self.annotations = annotations
  }

  /// The owner reference marked `controller: true`, if any.
  public var controllerRef: OwnerReference? {
    ownerReferences?.first { $0.controller == true }
  }

  /// True once deletion has begun (`deletionTimestamp` is set).
  public var isTerminating: Bool { deletionTimestamp != nil }
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
