// Texts the kubelet makes per pod (Event messages, container IDs), written straight into
// a string's buffer instead of joined from pieces, each of which would be a string.

/// A duration as Go's `time.Duration` prints it, to the millisecond: `830ms`, `1.661s`,
/// `1m5.2s`.
func goDuration(milliseconds: Int64) -> String {
  // Two 19-digit parts, `m`, `.`, three fraction digits and `s` at most.
  String(unsafeUninitializedCapacity: 48) { buffer in
    var text = TextWriter(buffer)
    text.writeGoDuration(milliseconds: milliseconds)
    return text.index
  }
}

/// The Pulled Event's message: `prefix` (`Successfully pulled image "…" in `), then
/// `1.661s (2.1s including waiting). Image size: 123 bytes.`.
///
/// Written into one buffer: every pull makes one, and joining its seven pieces with `+`
/// made a string per piece.
func pulledMessage(prefix: String, pull: Int64, total: Int64, size: Int64) -> String {
  let prefixBytes = prefix.utf8.count
  // Two durations of 48 bytes, the size's 20 and 42 of literal text at most.
  return String(unsafeUninitializedCapacity: prefixBytes + 160) { buffer in
    var text = TextWriter(buffer)
    text.write(prefix)
    text.writeGoDuration(milliseconds: pull)
    text.write(" (")
    text.writeGoDuration(milliseconds: total)
    text.write(" including waiting). Image size: ")
    text.writeDecimal(size)
    text.write(" bytes.")
    return text.index
  }
}

extension TextWriter {
  /// `goDuration(milliseconds:)`'s text.
  mutating func writeGoDuration(milliseconds: Int64) {
    if milliseconds < 1000 {
      writeDecimal(milliseconds)
      write("ms")
      return
    }
    let minutes = milliseconds / 60_000
    let rest = milliseconds % 60_000
    if minutes > 0 {
      writeDecimal(minutes)
      write("m")
    }
    writeDecimal(rest / 1000)
    var fraction = rest % 1000
    if fraction > 0 {
      // Three digits without their trailing zeros: 250 is `.25`, 5 is `.005`.
      var digits = 3
      while fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
      }
      write(".")
      writeDecimal(fraction, width: digits)
    }
    write("s")
  }
}

extension Kubelet {
  /// `containerd://` and the 32 hex digits of `hash` and a second hash of it, written into
  /// one buffer (every container start makes one).
  static func containerID(_ hash: UInt64) -> String {
    let scheme: StaticString = "containerd://"
    let length = scheme.utf8CodeUnitCount
    return String(unsafeUninitializedCapacity: length + 32) { buffer in
      var text = TextWriter(buffer)
      text.write(scheme)
      text.writeHex(hash, count: 16)
      text.writeHex(hash &* 0x9E37_79B9_7F4A_7C15, count: 16)
      return text.index
    }
  }
}

/// 16 lowercase hex digits.
func hex64(_ value: UInt64) -> String {
  String(unsafeUninitializedCapacity: 16) { HexDigits.write(value, count: 16, into: $0, at: 0) }
}
