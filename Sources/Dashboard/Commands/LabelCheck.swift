import KubeModel

/// Label key and value checks with the API's own messages, so a bad label is refused
/// before anything is sent.
public enum LabelCheck {
  /// The first problem with a label, or nil when it is valid.
  public static func problem(key: String, value: String?) -> String? {
    if let problem = isQualifiedName(key).first { return "key \"\(key)\": \(problem)" }
    if let value, let problem = isValidLabelValue(value).first { return "value \"\(value)\": \(problem)" }
    return nil
  }
}
