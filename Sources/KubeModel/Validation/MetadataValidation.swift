/// The most bytes all annotations of one object may hold together, keys and values: 256 KiB.
public let totalAnnotationSizeLimit = 256 * 1024

/// Errors for invalid label keys and values (`metav1validation.ValidateLabels`), keys in sorted order.
public func validateLabels(_ labels: [String: String]?, path: FieldPath) -> [ValidationError] {
  guard let labels else { return [] }
  // Most label sets are valid: checked in one pass, in any order, without sorting the keys.
  if labels.allSatisfy({ isValidQualifiedName($0.key) && isValidLabelValueText($0.value) }) { return [] }
  var errors: [ValidationError] = []
  for key in labels.keys.sorted() {
    for message in isQualifiedName(key) {
      errors.append(.invalid(path, .string(key), message))
    }
    let value = labels[key] ?? ""
    for message in isValidLabelValue(value) {
      errors.append(.invalid(path, .string(value), message))
    }
  }
  return errors
}

/// Errors for invalid annotation keys and for a total size over 256 KiB (`ValidateAnnotations`).
///
/// Keys follow the label-key rule except that case does not matter.
public func validateAnnotations(_ annotations: [String: String]?, path: FieldPath) -> [ValidationError] {
  guard let annotations else { return [] }
  // Most annotations are valid and small: checked in one pass, in any order, with no key
  // lowercased or sorted.
  var size = 0
  var valid = true
  for (key, value) in annotations {
    size += key.utf8.count + value.utf8.count
    if valid, !isValidQualifiedName(key, ignoringCase: true) { valid = false }
  }
  if valid, size <= totalAnnotationSizeLimit { return [] }
  var errors: [ValidationError] = []
  var totalSize = 0
  for key in annotations.keys.sorted() {
    for message in isQualifiedName(key.lowercased()) {
      errors.append(.invalid(path, .string(key), message))
    }
    totalSize += key.utf8.count + (annotations[key]?.utf8.count ?? 0)
  }
  if totalSize > totalAnnotationSizeLimit {
    errors.append(.tooLong(path, maxLength: totalAnnotationSizeLimit))
  }
  return errors
}
