extension ObjectValidator {
  /// `IsValidCIDR`: a parsable CIDR without leading zeros or host bits.
  static func validateCIDR(_ value: String, _ path: FieldPath) -> [ValidationError] {
    let parts = value.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let address = parseIP(parts[0]), let length = Int(parts[1]), length >= 0,
      length <= address.bytes.count * 8, parts[1].allSatisfy(\.isASCII)
    else {
      return [.invalid(path, .string(value), "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    }
    if address.hasLeadingZero || (parts[1].count > 1 && parts[1].hasPrefix("0")) {
      return [.invalid(path, .string(value), "must not have leading 0s in IP or prefix length")]
    }
    for bit in length..<(address.bytes.count * 8) where address.bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 {
      return [.invalid(path, .string(value), "must not have bits set beyond the prefix length")]
    }
    return []
  }

  /// An IPv4 or IPv6 address as bytes; `hasLeadingZero` marks IPv4 octets such as `010`.
  static func parseIP(_ text: Substring) -> (bytes: [UInt8], hasLeadingZero: Bool)? {
    if text.contains(":") { return parseIPv6(text).map { ($0, false) } }
    let octets = text.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return nil }
    var bytes: [UInt8] = []
    var leadingZero = false
    for octet in octets {
      guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(octet) else {
        return nil
      }
      leadingZero = leadingZero || (octet.count > 1 && octet.hasPrefix("0"))
      bytes.append(value)
    }
    return (bytes, leadingZero)
  }

  private static func parseIPv6(_ text: Substring) -> [UInt8]? {
    let halves = splitOnDoubleColon(String(text))
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt16]? {
      if part.isEmpty { return [] }
      var result: [UInt16] = []
      for group in part.split(separator: ":", omittingEmptySubsequences: false) {
        guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
        result.append(value)
      }
      return result
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
      all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }

  /// `text` split at each `::`.
  private static func splitOnDoubleColon(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var previousWasColon = false
    for character in text {
      if character == ":", previousWasColon {
        current.removeLast()
        parts.append(current)
        current = ""
        previousWasColon = false
        continue
      }
      current.append(character)
      previousWasColon = character == ":"
    }
    parts.append(current)
    return parts
  }
}
