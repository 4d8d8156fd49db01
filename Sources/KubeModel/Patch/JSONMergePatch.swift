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
}
