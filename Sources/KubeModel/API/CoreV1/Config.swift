/// Non-secret configuration as key-value pairs (`core/v1 ConfigMap`).
public struct ConfigMap: KubeObject {
  public static let resource = ResourceType.configmaps
  public var apiVersion: String? = "v1"
  public var kind: String? = "ConfigMap"
  public var metadata = ObjectMeta()
  public var immutable: Bool?
  public var data: [String: String]?
  public var binaryData: [String: String]?
  public init() {}
}

/// Secret data (`core/v1 Secret`); `data` values are base64 in the API.
public struct Secret: KubeObject {
  public static let resource = ResourceType.secrets
  public var apiVersion: String? = "v1"
  public var kind: String? = "Secret"
  public var metadata = ObjectMeta()
  public var immutable: Bool?
  public var data: [String: String]?
  public var stringData: [String: String]?
  public var type: String?
  public init() {}
}

/// A namespace (`core/v1 Namespace`).
public struct Namespace: KubeObject {
  public static let resource = ResourceType.namespaces
  public var apiVersion: String? = "v1"
  public var kind: String? = "Namespace"
  public var metadata = ObjectMeta()
  public var spec: NamespaceSpec?
  public var status: NamespaceStatus?
  public init() {}
}

/// Finalizers of a namespace.
public struct NamespaceSpec: Codable, Hashable, Sendable {
  public var finalizers: [String]?
  public init() {}
}

/// `Active` or `Terminating`.
public struct NamespaceStatus: Codable, Hashable, Sendable {
  public var phase: String?
  public var conditions: [JSONValue]?
  public init(phase: String? = nil) { self.phase = phase }
}

/// Binds a pod to a node (`core/v1 Binding`), as the scheduler posts it.
public struct Binding: KubeObject {
  public static let resource = ResourceType.bindings
  public var apiVersion: String? = "v1"
  public var kind: String? = "Binding"
  public var metadata = ObjectMeta()
  public var target = ObjectReference()
  public init() {}
}

/// Something that happened to an object (`core/v1 Event`).
///
/// Everything but the type, kind and metadata lives in one copy-on-write box
/// (`Event+Storage`): the store records an Event twice (added, then deleted once trimmed),
/// and a burst of 150,000 pods leaves hundreds of thousands of such changes waiting in the
/// undispatched buffer at once, so the deleted version shares the added one's fields and
/// costs a few words. Equality, hashing and coding are those of the plain struct it was.
public struct Event: KubeObject {
  public static let resource = ResourceType.events
  public var apiVersion: String? = "v1"
  public var kind: String? = "Event"
  // No default values: `init(metadata:involvedObject:…)` (one per recorded Event) would
  // first make and then release the empty metadata and the empty box of fields.
  public var metadata: ObjectMeta
  @usableFromInline var fields: CopyOnWriteBox<Fields>
  public init() {
    metadata = ObjectMeta()
    fields = Fields.emptyBox
  }
}

/// Which component reported an event, and on which host.
public struct EventSource: Codable, Hashable, Sendable {
  public var component: String?
  public var host: String?
  public init(component: String? = nil, host: String? = nil) {
    self.component = component
    self.host = host
  }
}

/// An identity for the processes of pods (`core/v1 ServiceAccount`). Every namespace has
/// one named `default`, which pods run as unless they name another.
public struct ServiceAccount: KubeObject {
  public static let resource = ResourceType.serviceaccounts
  public var apiVersion: String? = "v1"
  public var kind: String? = "ServiceAccount"
  public var metadata = ObjectMeta()
  public var secrets: [ObjectReference]?
  public var imagePullSecrets: [LocalObjectReference]?
  public var automountServiceAccountToken: Bool?
  public init() {}
}
