import OrderedCollections

/// JSON Merge Patch (RFC 7386), as `application/merge-patch+json` requests carry it.
public enum JSONMergePatch {
  /// `target` with `patch` merged in: members of a patch object merge recursively, `null`
  /// removes a member, and any other value (lists included) replaces what was there.
  public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
    guard case .object(let members) = patch else { return patch }
    var result = target.objectValue ?? [:]
    for (key, value) in members {
      if value.isNull {
        result.removeValue(forKey: key)
      } else {
        result[key] = apply(value, to: result[key] ?? .null)
      }
    }
    return .object(result)
  }

  /// The merge patch that turns `original` into `modified` (RFC 7386's inverse): changed
  /// members recursively, `null` for removed ones, lists and scalars whole; nil when equal.
  public static func diff(from original: JSONValue, to modified: JSONValue) -> JSONValue? {
    guard original != modified else { return nil }
    guard case .object(let old) = original, case .object(let new) = modified else { return modified }
    var patch = OrderedDictionary<String, JSONValue>()
    for key in old.keys where new[key] == nil { patch[key] = .null }
    for (key, value) in new {
      if let previous = old[key] {
        if let change = diff(from: previous, to: value) { patch[key] = change }
      } else {
        patch[key] = value
      }
    }
    return .object(patch)
  }
}
