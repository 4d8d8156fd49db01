import Foundation
import KubeModel

/// Keys of objects a controller has to sync, handed out in key order so runs are
/// deterministic (the role of a controller's rate-limited work queue).
struct WorkQueue {
  private(set) var keys: Set<ObjectKey> = []

  var isEmpty: Bool { keys.isEmpty }

  mutating func add(_ key: ObjectKey) { keys.insert(key) }

  /// Removes and returns every queued key, sorted.
  mutating func drain() -> [ObjectKey] {
    let sorted = keys.sorted()
    keys.removeAll(keepingCapacity: true)
    return sorted
  }
}

extension ObjectMeta {
  /// The UID of the controller owner (`controllerRef`) when it is a `kind`, read in place:
  /// `controllerRef` copies the whole reference out, and controllers ask on every pod change.
  func controllerUID(ofKind kind: String) -> String? {
    guard let references = ownerReferences, let index = references.firstIndex(where: { $0.controller == true })
    else { return nil }
    return references[index].kind == kind ? references[index].uid : nil
  }
}

extension KubeObject {
  /// The object's key in the store.
  var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }

  /// A controller reference to this object (`metav1.NewControllerRef`): controller and
  /// blockOwnerDeletion set.
  var controllerReference: OwnerReference {
    OwnerReference(
      apiVersion: Self.resource.apiVersion, kind: Self.resource.kind, name: name, uid: metadata.uid ?? "",
      controller: true, blockOwnerDeletion: true)
  }
}

extension UnsafePointer where Pointee == Pod {
  /// The pod's key in the store, read where the pod is: `pointee.key` copied the pod first.
  var podKey: ObjectKey { ObjectKey(namespace: pointee.metadata.namespace ?? "", name: pointee.metadata.name ?? "") }
}

extension Pod {
  /// Neither finished nor being deleted (`controller.IsPodActive`).
  var isActive: Bool {
    let phase = status?.phase
    return phase != "Succeeded" && phase != "Failed" && metadata.deletionTimestamp == nil
  }

  /// The Ready condition is True (`podutil.IsPodReady`).
  var isReady: Bool { status?.condition("Ready")?.status == "True" }

  /// When the pod became ready, in absolute microseconds since the Unix epoch.
  /// The first Ready condition is read in place, without copying the status or the condition.
  var readySinceMicros: Int64? {
    guard let conditions = statusConditions else { return nil }
    for index in conditions.indices where conditions[index].type == "Ready" {
      guard conditions[index].status == "True" else { return nil }
      return (conditions[index].lastTransitionTime?.seconds ?? 0) * 1_000_000
    }
    return nil
  }

  /// Ready for longer than `minReadySeconds` at `nowMicros` (`podutil.IsPodAvailable`).
  func isAvailable(minReadySeconds: Int32, nowMicros: Int64) -> Bool {
    guard let since = readySinceMicros else { return false }
    return Pod.available(readySince: since, minReadySeconds: minReadySeconds, nowMicros: nowMicros)
  }

  /// Whether a pod ready since `readySince` counts as available at `nowMicros`.
  static func available(readySince: Int64, minReadySeconds: Int32, nowMicros: Int64) -> Bool {
    minReadySeconds == 0 || (readySince > 0 && readySince + Int64(minReadySeconds) * 1_000_000 < nowMicros)
  }

  /// The highest restart count of the pod's containers.
  var maxRestarts: Int32 {
    (status?.containerStatuses ?? []).map { $0.restartCount ?? 0 }.max() ?? 0
  }

  /// A new pod from a controller's template (`controller.GetPodFromTemplate`): template
  /// labels, annotations and finalizers, `generateName: <owner>-`, and the controller reference.
  static func from(template: PodTemplateSpec, namespace: String, generateName: String, owner: OwnerReference) -> Pod {
    var pod = Pod()
    pod.metadata.namespace = namespace
    pod.metadata.generateName = generateName
    pod.metadata.labels = template.metadata?.labels
    pod.metadata.annotations = template.metadata?.annotations
    pod.metadata.finalizers = template.metadata?.finalizers
    pod.metadata.ownerReferences = [owner]
    pod.spec = template.spec
    return pod
  }
}

extension Cluster {
  /// Virtual now in absolute microseconds since the Unix epoch (pod timestamps' scale).
  var nowMicros: Int64 { clock.epochSeconds * 1_000_000 + clock.micros }

  /// Runs `action` at absolute epoch microseconds `micros`.
  func schedule(atEpochMicros micros: Int64, _ action: @escaping (Cluster) -> Void) {
    schedule(atMicros: micros - clock.epochSeconds * 1_000_000, action)
  }
}

/// The parsed form of an API label selector; a malformed one selects nothing (as
/// controllers treat a selector they cannot convert).
func parsedSelector(_ selector: LabelSelector?) -> Selector {
  guard let selector else { return .nothing }
  return (try? Selector(selector)) ?? .nothing
}

/// Parsed label selectors by object, each kept with the selector it was parsed from: a
/// lookup whose selector differs from the kept one parses it again, so the answer is
/// always `parsedSelector` of the selector given (controllers sync an object far more often
/// than its selector changes).
struct ParsedSelectorCache {
  private var entries: [ObjectKey: (source: LabelSelector?, parsed: Selector)] = [:]

  /// `parsedSelector(selector)`, parsed at most once while `key`'s selector stays the same.
  mutating func selector(for key: ObjectKey, _ selector: LabelSelector?) -> Selector {
    if let entry = entries[key], entry.source == selector { return entry.parsed }
    let parsed = parsedSelector(selector)
    entries[key] = (selector, parsed)
    return parsed
  }

  /// Forgets `key` (its object was deleted).
  mutating func remove(_ key: ObjectKey) { entries[key] = nil }

  /// How many selectors are kept.
  var count: Int { entries.count }
}

/// Upstream's template hash (`controller.ComputeHash`): FNV-32a over the template and the
/// collision count, its decimal value rendered with the safe-encoding alphabet.
enum PodTemplateHash {
  static func compute(_ template: PodTemplateSpec, collisionCount: Int32?) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var bytes = [UInt8]((try? encoder.encode(template)) ?? Data())
    if let collisionCount {
      withUnsafeBytes(of: UInt32(bitPattern: collisionCount).littleEndian) { bytes.append(contentsOf: $0) }
    }
    var hash: UInt32 = 2_166_136_261
    for byte in bytes {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    return safeEncode(String(hash))
  }

  /// `rand.SafeEncodeString`: each character mapped into an alphabet without vowels.
  static func safeEncode(_ text: String) -> String {
    let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    return String(text.unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] })
  }
}

/// The label a Deployment adds to its ReplicaSets and their pods.
let podTemplateHashLabel = "pod-template-hash"

/// Sorts by creation time, then name (`controller.ReplicaSetsByCreationTimestamp`).
func createdBefore<T: KubeObject>(_ a: T, _ b: T) -> Bool {
  let ta = a.metadata.creationTimestamp?.seconds ?? 0
  let tb = b.metadata.creationTimestamp?.seconds ?? 0
  return ta != tb ? ta < tb : a.name < b.name
}

/// The pod index by controller UID that controllers share.
let podControllerIndex = PodLabelIndex.ownerIndex

extension ObjectStore {
  /// Declares the pod index by controller UID (pods without a controller are not in it).
  func addPodControllerIndex() {
    PodLabelIndex.installOwnerIndex(on: self)
  }

  /// Declares the pod index by node name ("" for pods not bound yet).
  func addPodNodeIndex() {
    addIndex(Pod.self, "node", readsOnly: .podSpec, sameValues: { $0.sharesSpec(with: $1) || $0.spec?.nodeName == $1.spec?.nodeName }) {
      $0.spec?.nodeName ?? ""
    }
  }
}

extension Pod {
  /// Whether two versions of a pod have the same owner references (so the same controller).
  static func sameOwners(_ a: Pod, _ b: Pod) -> Bool { a.metadata.ownerReferences == b.metadata.ownerReferences }
}
