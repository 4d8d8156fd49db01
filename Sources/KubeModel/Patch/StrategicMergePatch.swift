import OrderedCollections

/// Strategic merge patch, as `application/strategic-merge-patch+json` requests carry it
/// (`kubectl apply`, `edit`, `set image`, `cordon`): a merge patch whose lists merge by the
/// keys a `PatchSchema` declares, with Kubernetes' directives.
///
/// Directives: `$patch: replace | delete | merge` in a map or as a list element,
/// `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
public enum StrategicMergePatch {
  /// `original` with `patch` applied under `schema` (usually `PatchSchema.for(resource)`).
  public static func apply(_ patch: JSONValue, to original: JSONValue, schema: PatchSchema) throws(PatchError) -> JSONValue {
    guard case .object(let members) = patch else {
      throw PatchError("a strategic merge patch must be a map, not \(patch.shapeDescription)")
    }
    return .object(try mergeMap(original.objectValue ?? [:], members, schema: schema) ?? [:])
  }

  private typealias Members = OrderedDictionary<String, JSONValue>

  /// The merged map, or nil when the patch deletes it (`$patch: delete`).
  private static func mergeMap(_ original: Members, _ patch: Members, schema: PatchSchema) throws(PatchError) -> Members? {
    var result = original
    switch patch["$patch"]?.stringValue {
    case nil, "merge": break
    case "replace": return try mergeMap([:], patch.filter { $0.key != "$patch" }, schema: schema)
    case "delete": return nil
    case let other?: throw PatchError("unknown patch type: \(other) in map: \(JSONWriter.write(.object(patch)))")
    }
    if let retained = patch["$retainKeys"] {
      guard case .array(let keys) = retained else { throw PatchError("$retainKeys must be a list of field names") }
      let kept = Set(keys.compactMap(\.stringValue))
      result = result.filter { kept.contains($0.key) }
    }
    var orders: [(field: String, order: [JSONValue])] = []
    for (key, value) in patch where key != "$patch" && key != "$retainKeys" {
      if let field = key.directiveField("$setElementOrder/") {
        guard case .array(let order) = value else { throw PatchError("\(key) must be a list") }
        orders.append((field, order))
      } else if let field = key.directiveField("$deleteFromPrimitiveList/") {
        guard case .array(let doomed) = value else { throw PatchError("\(key) must be a list") }
        if case .array(let elements) = result[field] {
          result[field] = .array(elements.filter { element in !doomed.contains { JSONPatch.jsonEqual($0, element) } })
        }
      } else {
        switch value {
        case .null:
          result.removeValue(forKey: key)
        case .object(let members):
          let merged = try mergeMap(result[key]?.objectValue ?? [:], members, schema: schema.field(key))
          result[key] = merged.map(JSONValue.object)
        case .array(let elements):
          result[key] = .array(try mergeList(result[key]?.arrayValue ?? [], elements, schema: schema.field(key)))
        default:
          result[key] = value
        }
      }
    }
    for (field, order) in orders {
      let fieldSchema = schema.field(field)
      guard case .array(let merged) = result[field], fieldSchema.list != .replace else { continue }
      let key: String? = if case .merge(let key) = fieldSchema.list { key } else { nil }
      result[field] = .array(reorder(merged, order: order, original: original[field]?.arrayValue ?? [], key: key))
    }
    return result
  }

  private static func mergeList(_ original: [JSONValue], _ patch: [JSONValue], schema: PatchSchema) throws(PatchError)
    -> [JSONValue]
  {
    let replaceDirective = patch.contains { $0.objectValue?["$patch"]?.stringValue == "replace" }
    switch schema.list {
    case .replace:
      return patch
    case .mergeValues:
      if replaceDirective { return patch.filter { $0.objectValue == nil } }
      var result = original
      for element in patch where !result.contains(where: { JSONPatch.jsonEqual($0, element) }) {
        result.append(element)
      }
      return result
    case .merge(let key):
      var result = replaceDirective ? [] : original
      for element in patch {
        guard case .object(let members) = element else {
          throw PatchError("list merged by \(key) holds \(element.shapeDescription), not a map")
        }
        let directive = members["$patch"]?.stringValue
        if directive == "replace" { continue }
        guard let id = members[key] else {
          throw PatchError("map: \(JSONWriter.write(element)) does not contain declared merge key: \(key)")
        }
        let index = result.firstIndex { $0.objectValue?[key].map { JSONPatch.jsonEqual($0, id) } ?? false }
        if directive == "delete" {
          result.removeAll { $0.objectValue?[key].map { JSONPatch.jsonEqual($0, id) } ?? false }
        } else if let index {
          let merged = try mergeMap(result[index].objectValue ?? [:], members, schema: schema)
          if let merged { result[index] = .object(merged) } else { result.remove(at: index) }
        } else if let added = try mergeMap([:], members, schema: schema) {
          result.append(.object(added))
        }
      }
      return result
    }
  }

  /// `$setElementOrder`: elements the order names come in that order; the others keep their
  /// place relative to the stored list (upstream's `normalizeElementOrder`).
  private static func reorder(_ merged: [JSONValue], order: [JSONValue], original: [JSONValue], key: String?) -> [JSONValue] {
    let identity = { (value: JSONValue) -> JSONValue? in key.map { value.objectValue?[$0] } ?? value }
    let wanted = order.compactMap(identity)
    let stored = original.compactMap(identity)
    func rank(_ list: [JSONValue], _ value: JSONValue) -> Int? {
      guard let id = identity(value) else { return nil }
      return list.firstIndex { JSONPatch.jsonEqual($0, id) }
    }
    let ordered = merged.filter { rank(wanted, $0) != nil }.sorted { (rank(wanted, $0) ?? 0) < (rank(wanted, $1) ?? 0) }
    let serverOnly = merged.filter { rank(wanted, $0) == nil }
    var result: [JSONValue] = []
    var left = serverOnly[...]
    var right = ordered[...]
    while let l = left.first, let r = right.first {
      if let leftRank = rank(stored, l), let rightRank = rank(stored, r), leftRank < rightRank {
        result.append(l)
        left = left.dropFirst()
      } else {
        result.append(r)
        right = right.dropFirst()
      }
    }
    return result + left + right
  }
}

extension String {
  /// The field a `prefix`-ed directive key names (`$setElementOrder/containers` → `containers`).
  fileprivate func directiveField(_ prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }
}
