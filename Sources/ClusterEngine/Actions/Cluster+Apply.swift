import KubeModel

/// What `kubectl apply` printed: one line per object, and the errors of objects that failed
/// (the others are still applied, as kubectl does).
public struct ApplyReport: Hashable, Sendable {
  public var lines: [String] = []
  public var errors: [ActionError] = []

  public init() {}

  /// Whether every object was applied.
  public var succeeded: Bool { errors.isEmpty }
}

extension Cluster {
  /// The annotation in which `kubectl apply` keeps the configuration it last applied.
  public static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

  /// Applies manifests as client-side `kubectl apply` does: an absent object is created, a
  /// present one is patched with a strategic merge patch computed from the configuration
  /// last applied (kept in `kubectl.kubernetes.io/last-applied-configuration`), the new
  /// configuration and the live object, so fields the manifest no longer sets are removed
  /// and fields others set are kept. Lines: `pod/nginx created|configured|unchanged`.
  ///
  /// Objects without a namespace go to `namespace` (kubectl's `-n`), else `default`.
  public func apply(documents: [ManifestDocument], namespace: String? = nil) -> ApplyReport {
    var report = ApplyReport()
    for document in documents {
      do {
        report.lines.append(try applyDocument(document.object, json: document.json, namespace: namespace))
      } catch {
        report.errors.append(error)
      }
    }
    return report
  }

  private func applyDocument<T: KubeObject>(_ object: T, json: JSONValue, namespace: String?) throws(ActionError) -> String {
    guard let name = object.metadata.name, !name.isEmpty else {
      throw .refused("resource name may not be empty")
    }
    let namespace = T.resource.namespaced ? (object.metadata.namespace ?? namespace ?? "default") : ""
    var modified = json
    var metadata = modified["metadata"]?.objectValue ?? [:]
    var annotations = metadata["annotations"]?.objectValue ?? [:]
    annotations[Self.lastAppliedAnnotation] = nil
    if T.resource.namespaced { metadata["namespace"] = .string(namespace) }
    metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
    modified["metadata"] = .object(metadata)
    let configuration = JSONWriter.write(modified, sortedKeys: true) + "\n"
    annotations[Self.lastAppliedAnnotation] = .string(configuration)
    metadata["annotations"] = .object(annotations)
    modified["metadata"] = .object(metadata)
    let display = T.resource.kubectlName(name)
    do {
      guard let live = store.get(T.self, namespace: namespace, name: name) else {
        let created: T = try APIServer.decodeRequestBody(T.self, modified, fieldValidation: .strict)
        try api.create(created)
        return "\(display) created"
      }
      let original = live.metadata.annotations?[Self.lastAppliedAnnotation].flatMap { try? JSONParser.parse($0).jsonValue }
      let patch = Self.applyPatch(original: original, modified: modified, schema: PatchSchema.for(T.resource))
      let patched = try api.patch(T.self, namespace: namespace, name: name, patch: Patch(.strategicMerge, patch))
      return "\(display) \(patched.metadata.resourceVersion == live.metadata.resourceVersion ? "unchanged" : "configured")"
    } catch {
      throw .server(error)
    }
  }

  /// The strategic merge patch `kubectl apply` sends, simplified: everything the new
  /// configuration sets (lists merged by key keep the live elements it does not name),
  /// `null` for fields the last configuration set and the new one drops, and
  /// `$patch: delete` for keyed list elements it drops.
  static func applyPatch(original: JSONValue?, modified: JSONValue, schema: PatchSchema) -> JSONValue {
    guard case .object(let new) = modified else { return modified }
    var patch = new
    let old = original?.objectValue ?? [:]
    for (key, value) in new {
      let field = schema.field(key)
      switch (old[key], value) {
      case (.object?, .object):
        patch[key] = applyPatch(original: old[key], modified: value, schema: field)
      case (.array(let before)?, .array(let after)):
        guard case .merge(let mergeKey) = field.list else { continue }
        let kept = Set(after.compactMap { $0[mergeKey] })
        let dropped = before.compactMap { element -> JSONValue? in
          guard let id = element[mergeKey], !kept.contains(id) else { return nil }
          return .object([mergeKey: id, "$patch": .string("delete")])
        }
        patch[key] = .array(after + dropped)
      default:
        continue
      }
    }
    for key in old.keys where new[key] == nil { patch[key] = .null }
    return .object(patch)
  }
}
