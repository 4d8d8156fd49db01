import KubeModel

/// `kubectl label` and `kubectl annotate`, with their parsing, refusals and output.
extension Cluster {
  /// Changes an object's labels as `kubectl label` does: `key=value` sets, `key-` removes,
  /// and an existing key is refused without `overwrite`. Returns kubectl's lines:
  /// `label "x" not found.` for each absent removal, then `node/worker-1 labeled`,
  /// `unlabeled` or `not labeled`.
  @discardableResult
  public func label(
    _ resource: ResourceType, namespace: String? = nil, name: String, changes: [String], overwrite: Bool = false
  ) throws(ActionError) -> [String] {
    let (set, remove) = try Self.parseLabelChanges(changes)
    guard let type = KubeObjectTypes.type(for: resource) else {
      throw .refused("the server doesn't have a resource type \"\(resource.plural)\"")
    }
    return try relabel(type, namespace: namespace, name: name, set: set, remove: remove, overwrite: overwrite)
  }

  /// Changes an object's annotations as `kubectl annotate` does; an existing key with a
  /// different value is refused without `overwrite`. Returns `pod/nginx annotated`.
  @discardableResult
  public func annotate(
    _ resource: ResourceType, namespace: String? = nil, name: String, changes: [String], overwrite: Bool = false
  ) throws(ActionError) -> [String] {
    let (set, remove) = try Self.parseAnnotationChanges(changes)
    guard let type = KubeObjectTypes.type(for: resource) else {
      throw .refused("the server doesn't have a resource type \"\(resource.plural)\"")
    }
    return try reannotate(type, namespace: namespace, name: name, set: set, remove: remove, overwrite: overwrite)
  }

  private func relabel<T: KubeObject>(
    _ type: T.Type, namespace: String?, name: String, set: [String: String], remove: [String], overwrite: Bool
  ) throws(ActionError) -> [String] {
    let namespace = EmbeddedCluster.namespace(T.self, namespace)
    let object: T
    do { object = try api.get(T.self, namespace: namespace, name: name) } catch { throw .server(error) }
    let old = object.metadata.labels ?? [:]
    var lines = remove.filter { old[$0] == nil }.map { "label \"\($0)\" not found." }
    if !overwrite {
      let taken = set.keys.sorted().compactMap { key in
        old[key].map { "'\(key)' already has a value (\($0)), and --overwrite is false" }
      }
      if !taken.isEmpty { throw .refused(aggregate(taken)) }
    }
    var new = old
    for (key, value) in set { new[key] = value }
    for key in remove { new[key] = nil }
    guard new != old else {
      lines.append("\(T.resource.kubectlName(name)) not labeled")
      return lines
    }
    try write(T.self, namespace: namespace, name: name) { $0.metadata.labels = new.isEmpty ? nil : new }
    let shrank = !overwrite && Self.encodedLength(new) < Self.encodedLength(old)
    lines.append("\(T.resource.kubectlName(name)) \(shrank ? "unlabeled" : "labeled")")
    return lines
  }

  private func reannotate<T: KubeObject>(
    _ type: T.Type, namespace: String?, name: String, set: [String: String], remove: [String], overwrite: Bool
  ) throws(ActionError) -> [String] {
    let namespace = EmbeddedCluster.namespace(T.self, namespace)
    let object: T
    do { object = try api.get(T.self, namespace: namespace, name: name) } catch { throw .server(error) }
    let old = object.metadata.annotations ?? [:]
    if !overwrite {
      let taken = set.keys.sorted().compactMap { key -> String? in
        guard key != "kubernetes.io/change-cause", let current = old[key], current != set[key] else { return nil }
        return "'\(key)' already has a value (\(current))"
      }
      if !taken.isEmpty {
        throw .refused("--overwrite is false but found the following declared annotation(s): " + taken.joined(separator: "; "))
      }
    }
    var new = old
    for (key, value) in set { new[key] = value }
    for key in remove { new[key] = nil }
    if new != old {
      try write(T.self, namespace: namespace, name: name) { $0.metadata.annotations = new.isEmpty ? nil : new }
    }
    return ["\(T.resource.kubectlName(name)) annotated"]
  }

  private func write<T: KubeObject>(
    _ type: T.Type, namespace: String, name: String, _ change: (inout T) -> Void
  ) throws(ActionError) {
    do {
      try api.modify(T.self, namespace: namespace, name: name) { (object: inout T) throws(Status) in change(&object) }
    } catch {
      throw .server(error)
    }
  }

  /// kubectl's `parseLabels`: `key=value` (the value must be a valid label value) or `key-`.
  static func parseLabelChanges(_ specs: [String]) throws(ActionError) -> (set: [String: String], remove: [String]) {
    var set: [String: String] = [:]
    var remove: [String] = []
    for spec in specs {
      if spec.contains("=") {
        let parts = spec.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .refused("invalid label spec: \(spec)") }
        let problems = isValidLabelValue(String(parts[1]))
        if !problems.isEmpty {
          throw .refused("invalid label value: \"\(spec)\": \(problems.joined(separator: ";"))")
        }
        set[String(parts[0])] = String(parts[1])
      } else if spec.hasSuffix("-") {
        remove.append(String(spec.dropLast()))
      } else {
        throw .refused("unknown label spec: \(spec)")
      }
    }
    if remove.contains(where: { set[$0] != nil }) {
      throw .refused("can not both modify and remove a label in the same command")
    }
    if set.isEmpty && remove.isEmpty { throw .refused("at least one label update is required") }
    return (set, remove)
  }

  /// kubectl's `ParsePairs` for annotations: `key=value` (split at the first `=`) or `key-`.
  static func parseAnnotationChanges(_ specs: [String]) throws(ActionError) -> (set: [String: String], remove: [String]) {
    var set: [String: String] = [:]
    var remove: [String] = []
    var invalid: [String] = []
    for spec in specs {
      if let equals = spec.firstIndex(of: "="), equals != spec.startIndex {
        set[String(spec[..<equals])] = String(spec[spec.index(after: equals)...])
      } else if spec.hasSuffix("-") && spec != "-" {
        remove.append(String(spec.dropLast()))
      } else {
        invalid.append(spec)
      }
    }
    if !invalid.isEmpty { throw .refused("invalid annotation format: " + invalid.joined(separator: ", ")) }
    let both = remove.filter { set[$0] != nil }
    if !both.isEmpty {
      throw .refused(
        "can not both modify and remove the following annotation(s) in the same command: " + both.joined(separator: ", "))
    }
    if set.isEmpty && remove.isEmpty { throw .refused("at least one annotation update is required") }
    return (set, remove)
  }

  /// The length of a label map in the object's JSON (0 when empty, as `omitempty` drops it).
  private static func encodedLength(_ map: [String: String]) -> Int {
    guard !map.isEmpty else { return 0 }
    return map.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 }
  }
}
