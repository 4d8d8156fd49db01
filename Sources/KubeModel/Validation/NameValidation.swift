// Name, label key and label value checks with upstream's messages
// (apimachinery `pkg/api/validate/content`). Each returns the messages for what is wrong,
// empty when the value is valid. They scan bytes by hand: they run on every write.

/// The longest DNS-1123 label (and DNS-1035 label): 63 bytes.
public let dns1123LabelMaxLength = 63
/// The longest DNS-1123 subdomain: 253 bytes.
public let dns1123SubdomainMaxLength = 253
/// The longest label value, and the longest name part of a label key: 63 bytes.
public let labelValueMaxLength = 63

/// `must be no more than N bytes` (`MaxLenError`).
public func maxLengthMessage(_ length: Int) -> String {
  "must be no more than \(length) bytes"
}

/// A pattern message with examples (`RegexError`).
///
/// Upstream joins examples as `'a',  or 'b', ` (two spaces); kept byte for byte.
public func regexMessage(_ message: String, pattern: String, examples: [String] = []) -> String {
  if examples.isEmpty { return message + " (regex used for validation is '" + pattern + "')" }
  let shown = examples.map { "'" + $0 + "', " }.joined(separator: " or ")
  return message + " (e.g. " + shown + "regex used for validation is '" + pattern + "')"
}

private enum Patterns {
  static let dns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
  static let dns1123Subdomain = dns1123Label + "(\\." + dns1123Label + ")*"
  static let dns1035Label = "[a-z]([-a-z0-9]*[a-z0-9])?"
  static let labelKey = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
  static let labelValue = "(" + labelKey + ")?"

  static let dns1123LabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
  static let dns1123SubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
  static let dns1035LabelMessage =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
  static let labelKeyMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  static let labelValueMessage =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

  // The full messages, built once: these checks run on every write.
  static let dns1123LabelError = regexMessage(dns1123LabelMessage, pattern: dns1123Label, examples: ["my-name", "123-abc"])
  static let dns1123SubdomainError = regexMessage(dns1123SubdomainMessage, pattern: dns1123Subdomain, examples: ["example.com"])
  static let dns1035LabelError = regexMessage(dns1035LabelMessage, pattern: dns1035Label, examples: ["my-name", "abc-123"])
  static let labelKeyNameError = regexMessage(labelKeyMessage, pattern: labelKey, examples: ["MyName", "my.name", "123-abc"])
  static let labelValueError = regexMessage(labelValueMessage, pattern: labelValue, examples: ["MyValue", "my_value", "12345"])
}

// MARK: Byte scanners

private func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
  (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
}

private func isAlphanumeric(_ byte: UInt8) -> Bool {
  isLowerAlphanumeric(byte) || (byte >= 0x41 && byte <= 0x5A)
}

/// Runs `scan` over `bytes` where they are stored (copied first only for a string not
/// stored as UTF-8): walking a substring's UTF-8 view index by index was a fifth of the
/// cost of checking a node's labels.
private func scanning(_ bytes: Substring.UTF8View, _ scan: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
  if let result = bytes.withContiguousStorageIfAvailable(scan) { return result }
  return Array(bytes).withUnsafeBufferPointer(scan)
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, or with `letterFirst` `[a-z]([-a-z0-9]*[a-z0-9])?`.
private func matchesLabel(_ bytes: UnsafeBufferPointer<UInt8>, letterFirst: Bool = false) -> Bool {
  guard let first = bytes.first, let last = bytes.last else { return false }
  if letterFirst ? !(first >= 0x61 && first <= 0x7A) : !isLowerAlphanumeric(first) { return false }
  guard isLowerAlphanumeric(last) else { return false }
  for byte in bytes where !isLowerAlphanumeric(byte) && byte != UInt8(ascii: "-") { return false }
  return true
}

/// `label(\.label)*`, in one pass.
private func matchesSubdomain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var labelLength = 0
  var previous: UInt8 = 0
  for byte in bytes {
    if byte == UInt8(ascii: ".") {
      guard labelLength > 0, isLowerAlphanumeric(previous) else { return false }
      labelLength = 0
    } else if labelLength == 0 {
      guard isLowerAlphanumeric(byte) else { return false }
      labelLength = 1
    } else {
      guard isLowerAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
      labelLength += 1
    }
    previous = byte
  }
  return labelLength > 0 && isLowerAlphanumeric(previous)
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
private func matchesLabelKeyName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
  for byte in bytes
  where !isAlphanumeric(byte) && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: ".") {
    return false
  }
  return true
}

// MARK: Validators

/// Problems with `value` as a DNS-1123 label (`IsDNS1123Label`): most namespace and Service names.
public func isDNS1123Label(_ value: String) -> [String] {
  var messages: [String] = []
  if value.utf8.count > dns1123LabelMaxLength { messages.append(maxLengthMessage(dns1123LabelMaxLength)) }
  if !scanning(value[...].utf8, { matchesLabel($0) }) {
    if scanning(value[...].utf8, matchesSubdomain) {
      messages.append("must not contain dots")
    } else {
      messages.append(Patterns.dns1123LabelError)
    }
  }
  return messages
}

/// Problems with `value` as a DNS-1123 subdomain (`IsDNS1123Subdomain`): most object names.
public func isDNS1123Subdomain(_ value: String) -> [String] {
  var messages: [String] = []
  if value.utf8.count > dns1123SubdomainMaxLength { messages.append(maxLengthMessage(dns1123SubdomainMaxLength)) }
  if !scanning(value[...].utf8, matchesSubdomain) {
    messages.append(Patterns.dns1123SubdomainError)
  }
  return messages
}

/// Problems with `value` as a DNS-1035 label (`IsDNS1035Label`): starts with a letter.
public func isDNS1035Label(_ value: String) -> [String] {
  var messages: [String] = []
  if value.utf8.count > dns1123LabelMaxLength { messages.append(maxLengthMessage(dns1123LabelMaxLength)) }
  if !scanning(value[...].utf8, { matchesLabel($0, letterFirst: true) }) {
    messages.append(Patterns.dns1035LabelError)
  }
  return messages
}

/// Whether `value` is a valid label or annotation key, read in one pass over its bytes
/// (`isQualifiedName` says what is wrong with one that is not). With `ignoringCase`, the
/// prefix may hold capitals, as an annotation key's may.
public func isValidQualifiedName(_ value: String, ignoringCase: Bool = false) -> Bool {
  var value = value
  return value.withUTF8 { bytes in
    var nameStart = 0
    if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
      let prefix = UnsafeBufferPointer(rebasing: bytes[..<slash])
      guard !prefix.isEmpty, prefix.count <= dns1123SubdomainMaxLength else { return false }
      guard ignoringCase ? matchesSubdomainIgnoringCase(prefix) : matchesSubdomain(prefix) else { return false }
      nameStart = slash + 1
    }
    // A second '/' is not a name character, so the name check refuses it.
    let name = UnsafeBufferPointer(rebasing: bytes[nameStart...])
    return name.count <= labelValueMaxLength && matchesLabelKeyName(name)
  }
}

/// `matchesSubdomain` of the bytes with capitals read as small letters.
private func matchesSubdomainIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return matchesSubdomain(bytes) }
  return bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }.withUnsafeBufferPointer(matchesSubdomain)
}

/// Problems with `value` as a label or annotation key (`IsQualifiedName`, `IsLabelKey`).
///
/// A key is an optional DNS-subdomain prefix and `/`, then a name of at most 63 bytes.
public func isQualifiedName(_ value: String) -> [String] {
  // Most keys are valid: one pass over the bytes says so without building substrings.
  if isValidQualifiedName(value) { return [] }
  var messages: [String] = []
  let whole = value[...]
  var name = whole
  if let slash = whole.utf8.firstIndex(of: UInt8(ascii: "/")) {
    let rest = whole[whole.utf8.index(after: slash)...]
    if rest.utf8.contains(UInt8(ascii: "/")) {
      return ["a valid label key " + Patterns.labelKeyNameError + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    }
    let prefix = whole[..<slash]
    name = rest
    if prefix.isEmpty {
      messages.append("prefix part must be non-empty")
    } else if prefix.utf8.count > dns1123SubdomainMaxLength || !scanning(prefix.utf8, matchesSubdomain) {
      messages.append(contentsOf: isDNS1123Subdomain(String(prefix)).map { "prefix part " + $0 })
    }
  }
  if name.isEmpty {
    messages.append("name part must be non-empty")
  } else if name.utf8.count > labelValueMaxLength {
    messages.append("name part " + maxLengthMessage(labelValueMaxLength))
  }
  if !scanning(name.utf8, matchesLabelKeyName) {
    messages.append("name part " + Patterns.labelKeyNameError)
  }
  return messages
}

/// Problems with `value` as a label value (`IsValidLabelValue`): empty, or a name of at most 63 bytes.
public func isValidLabelValue(_ value: String) -> [String] {
  if isValidLabelValueText(value) { return [] }
  var messages: [String] = []
  if value.utf8.count > labelValueMaxLength { messages.append(maxLengthMessage(labelValueMaxLength)) }
  if !value.isEmpty, !scanning(value[...].utf8, matchesLabelKeyName) {
    messages.append(Patterns.labelValueError)
  }
  return messages
}

/// Whether `value` is a valid label value (`isValidLabelValue` says what is wrong with one
/// that is not).
public func isValidLabelValueText(_ value: String) -> Bool {
  if value.isEmpty { return true }
  var value = value
  return value.withUTF8 { $0.count <= labelValueMaxLength && matchesLabelKeyName($0) }
}
