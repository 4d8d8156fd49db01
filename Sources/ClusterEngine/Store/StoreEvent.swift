import KubeModel

/// One committed change: what the store's watch delivers.
///
/// Kept small (revision, type and the object): the watch log holds hundreds of thousands
/// of them and the undispatched buffer as many again after a burst, so the resource is
/// read from the object's type rather than stored beside it.
public struct StoreEvent: Sendable {
  public var revision: Int64
  public var type: WatchEventType
  /// What a MODIFIED change kept of the previous version (empty for the other types).
  public var kept: Kept
  /// The object's kind when it is one of the kinds most changes are of (set with `object`,
  /// which is why that one is not settable from outside). Fits in the padding after `kept`.
  let commonKind: CommonKind
  /// The object after the change (for DELETED, its last state).
  public private(set) var object: any KubeObject

  /// A change of `object`.
  public init(revision: Int64, type: WatchEventType, object: any KubeObject, kept: Kept = []) {
    self.revision = revision
    self.type = type
    self.kept = kept
    self.commonKind = CommonKind(Swift.type(of: object))
    self.object = object
  }

  /// The kinds most changes are of, told apart by a byte: a component asking for one kind
  /// passes over the others' changes without reading the object's type from its container
  /// (which copies the container, retaining the object's storage).
  enum CommonKind: UInt8, Sendable {
    case other, pod, event, node

    /// The tag of `type`; constant for a known type once specialised.
    @inline(__always)
    init(_ type: any KubeObject.Type) {
      if type == Pod.self {
        self = .pod
      } else if type == Event.self {
        self = .event
      } else if type == Node.self {
        self = .node
      } else {
        self = .other
      }
    }
  }

  /// Parts of an object a change left in the previous version's storage, so unchanged.
  ///
  /// Most changes are status writes, which keep the stored metadata and spec: a component
  /// that follows only those parts (owners, labels, a pod's node) passes over such a change
  /// without reading the object. Found by storage identity, so a part rewritten with equal
  /// content is not said to be kept: a flag may be missing, never wrong.
  public struct Kept: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Every metadata field but `resourceVersion`.
    public static let metadata = Kept(rawValue: 1)
    /// A pod's spec.
    public static let podSpec = Kept(rawValue: 2)
  }

  /// The resource the object is served as.
  public var resource: ResourceType { Swift.type(of: object).resource }

  /// The object as `T`, when it is one.
  ///
  /// Every component sees every change and most are not of the kind it asks for: comparing
  /// the types settles those without `as?`, whose failed casts search the conformance
  /// tables, and the object of the kind asked for is opened, not cast.
  public func object<T: KubeObject>(as type: T.Type) -> T? {
    // A change of a common kind is exactly of that kind: the tags settle it unless both are
    // `.other`, when the types are compared.
    let wanted = CommonKind(T.self)
    guard wanted == commonKind else { return nil }
    guard wanted != .other || Swift.type(of: self.object) == T.self else { return nil }
    func open<U: KubeObject>(_ object: U) -> T? { exactly(object, as: T.self) }
    return _openExistential(self.object, do: open)
  }
}

extension StoreEvent {
  /// Calls `body` with the address of the changed pod where the event holds it (valid only
  /// during the call); false when the object is of another kind.
  ///
  /// `object(as:)` returns a copy, which retains every reference the pod holds and releases
  /// them all again: a few hundred instructions per pod change for each component that
  /// reads only a field or two of it. Not generic over the kind or the result: the opened
  /// type is known only at run time, so generic code here would not be specialised. The
  /// pod is passed by address, not as a `borrowing Pod`: that one is copied to be passed.
  func readingPod(_ body: (UnsafePointer<Pod>) -> Void) -> Bool {
    guard commonKind == .pod else { return false }
    func open<U: KubeObject>(_ object: U) -> Bool {
      // The metatypes compare as in `object(as:)`; equal, the storage is a `Pod`.
      guard U.self == Pod.self else { return false }
      withUnsafePointer(to: object) { UnsafeRawPointer($0).withMemoryRebound(to: Pod.self, capacity: 1, body) }
      return true
    }
    return _openExistential(object, do: open)
  }
}
