/// An arbitrary-precision signed integer that stays an inline `Int64` while it fits.
///
/// Quantities are almost always small, so the fast path does plain checked `Int64`
/// arithmetic; only a result that overflows moves to base-2³² limbs. Every value has
/// exactly one representation (small whenever it fits), so synthesized equality and
/// hashing are by value.
struct WideInt: Hashable, Sendable {
  private enum Storage: Hashable, Sendable {
    case small(Int64)
    /// Magnitude limbs, least significant first, never with a zero top limb; never fits `Int64`.
    case large(negative: Bool, limbs: [UInt32])
  }

  private var storage: Storage

  static let zero = WideInt(0)

  init(_ value: Int64) {
    storage = .small(value)
  }

  private init(negative: Bool, limbs: [UInt32]) {
    var limbs = limbs
    while let last = limbs.last, last == 0 { limbs.removeLast() }
    if limbs.count <= 2 {
      let magnitude = limbs.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (32 * UInt64($1.offset)) }
      if !negative, magnitude <= UInt64(Int64.max) {
        storage = .small(Int64(magnitude))
        return
      }
      if negative, magnitude <= UInt64(Int64.max) + 1 {
        storage = .small(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        return
      }
    }
    storage = .large(negative: negative, limbs: limbs)
  }

  /// The value of ASCII decimal digits (no sign), or nil if they hold anything else.
  init?<Digits: Sequence>(digits: Digits) where Digits.Element == UInt8 {
    var limbs: [UInt32] = []
    var chunk: UInt32 = 0
    var chunkDigits = 0
    var small: Int64 = 0
    var smallFits = true
    for byte in digits {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      let digit = UInt32(byte - 0x30)
      if smallFits {
        let (times, o1) = small.multipliedReportingOverflow(by: 10)
        let (plus, o2) = times.addingReportingOverflow(Int64(digit))
        if o1 || o2 { smallFits = false } else { small = plus }
      }
      chunk = chunk * 10 + digit
      chunkDigits += 1
      if chunkDigits == 9 {
        limbs = Self.multiplyAdd(limbs, by: 1_000_000_000, adding: chunk)
        chunk = 0
        chunkDigits = 0
      }
    }
    if smallFits {
      self.init(small)
      return
    }
    if chunkDigits > 0 {
      limbs = Self.multiplyAdd(limbs, by: Self.powersOfTen[chunkDigits], adding: chunk)
    }
    self.init(negative: false, limbs: limbs)
  }

  // MARK: Properties

  /// -1, 0 or 1.
  var signum: Int {
    switch storage {
    case .small(let value): return value.signum() == 0 ? 0 : (value < 0 ? -1 : 1)
    case .large(let negative, _): return negative ? -1 : 1
    }
  }

  var isZero: Bool { storage == .small(0) }

  /// The value as an `Int64`, or nil if it does not fit.
  var int64: Int64? {
    if case .small(let value) = storage { return value }
    return nil
  }

  var magnitude: WideInt { signum < 0 ? -self : self }

  /// The nearest `Double` (correctly rounded).
  var double: Double {
    switch storage {
    case .small(let value): return Double(value)
    case .large: return Double(description) ?? .nan
    }
  }

  private var parts: (negative: Bool, limbs: [UInt32]) {
    switch storage {
    case .small(let value):
      let magnitude = value.magnitude
      return (value < 0, [UInt32(truncatingIfNeeded: magnitude), UInt32(truncatingIfNeeded: magnitude >> 32)])
    case .large(let negative, let limbs):
      return (negative, limbs)
    }
  }

  // MARK: Arithmetic

  static prefix func - (value: WideInt) -> WideInt {
    if case .small(let small) = value.storage, small != .min { return WideInt(-small) }
    let (negative, limbs) = value.parts
    return WideInt(negative: !negative && !limbs.allSatisfy { $0 == 0 }, limbs: limbs)
  }

  static func + (lhs: WideInt, rhs: WideInt) -> WideInt {
    if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
      let (sum, overflow) = a.addingReportingOverflow(b)
      if !overflow { return WideInt(sum) }
    }
    let (an, al) = lhs.parts
    let (bn, bl) = rhs.parts
    if an == bn { return WideInt(negative: an, limbs: add(al, bl)) }
    switch compare(al, bl) {
    case 0: return .zero
    case 1: return WideInt(negative: an, limbs: subtract(al, bl))
    default: return WideInt(negative: bn, limbs: subtract(bl, al))
    }
  }

  static func - (lhs: WideInt, rhs: WideInt) -> WideInt {
    lhs + -rhs
  }

  static func * (lhs: WideInt, rhs: WideInt) -> WideInt {
    if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      if !overflow { return WideInt(product) }
    }
    let (an, al) = lhs.parts
    let (bn, bl) = rhs.parts
    var result = [UInt32](repeating: 0, count: al.count + bl.count)
    for (i, a) in al.enumerated() where a != 0 {
      var carry: UInt64 = 0
      for (j, b) in bl.enumerated() {
        let sum = UInt64(a) * UInt64(b) + UInt64(result[i + j]) + carry
        result[i + j] = UInt32(truncatingIfNeeded: sum)
        carry = sum >> 32
      }
      result[i + bl.count] = UInt32(carry)
    }
    return WideInt(negative: an != bn, limbs: result)
  }

  /// The value times 10^power (power ≥ 0).
  func timesPowerOfTen(_ power: Int) -> WideInt {
    var result = self
    var remaining = power
    while remaining > 0 {
      let step = min(remaining, 18)
      result = result * WideInt(Self.int64PowersOfTen[step])
      remaining -= step
    }
    return result
  }

  /// The quotient truncated toward zero and the remainder's magnitude, for a divisor 1 through 2³².
  func quotientAndRemainder(dividingBy divisor: UInt32) -> (quotient: WideInt, remainder: UInt32) {
    if case .small(let value) = storage {
      let magnitude = value.magnitude
      let quotient = magnitude / UInt64(divisor)
      let remainder = UInt32(magnitude % UInt64(divisor))
      let q = quotient > UInt64(Int64.max) ? WideInt(negative: value < 0, limbs: Self.limbs(of: quotient)) : WideInt(value < 0 ? -Int64(quotient) : Int64(quotient))
      return (q, remainder)
    }
    let (negative, limbs) = parts
    var quotient = [UInt32](repeating: 0, count: limbs.count)
    var remainder: UInt64 = 0
    for index in limbs.indices.reversed() {
      let current = remainder << 32 | UInt64(limbs[index])
      quotient[index] = UInt32(current / UInt64(divisor))
      remainder = current % UInt64(divisor)
    }
    return (WideInt(negative: negative, limbs: quotient), UInt32(remainder))
  }

  /// Divides by 10^power, truncating toward zero, and says whether anything non-zero was dropped.
  func dividedByPowerOfTen(_ power: Int) -> (quotient: WideInt, inexact: Bool) {
    var result = self
    var inexact = false
    var remaining = power
    while remaining > 0, !result.isZero {
      let step = min(remaining, 9)
      let (quotient, remainder) = result.quotientAndRemainder(dividingBy: Self.powersOfTen[step])
      if remainder != 0 { inexact = true }
      result = quotient
      remaining -= step
    }
    return (result, inexact)
  }

  /// Removes factors of `base` while the value divides evenly; returns the rest and how many were removed.
  func removingFactors(of base: UInt32) -> (value: WideInt, count: Int) {
    var value = self
    var count = 0
    while !value.isZero {
      let (quotient, remainder) = value.quotientAndRemainder(dividingBy: base)
      if remainder != 0 { break }
      value = quotient
      count += 1
    }
    return (value, count)
  }

  /// How many decimal digits the magnitude has (1 for zero).
  var decimalDigitCount: Int {
    switch storage {
    case .small(let value):
      var magnitude = value.magnitude
      var count = 1
      while magnitude >= 10 {
        magnitude /= 10
        count += 1
      }
      return count
    case .large:
      return description.count - (signum < 0 ? 1 : 0)
    }
  }

  // MARK: Limb helpers

  static let powersOfTen: [UInt32] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
  static let int64PowersOfTen: [Int64] = (0...18).map { power in (0..<power).reduce(Int64(1)) { result, _ in result * 10 } }

  private static func limbs(of value: UInt64) -> [UInt32] {
    [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
  }

  private static func multiplyAdd(_ limbs: [UInt32], by factor: UInt32, adding addend: UInt32) -> [UInt32] {
    var result = limbs
    var carry = UInt64(addend)
    for index in result.indices {
      let product = UInt64(result[index]) * UInt64(factor) + carry
      result[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { result.append(UInt32(carry)) }
    return result
  }

  private static func add(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(max(a.count, b.count) + 1)
    var carry: UInt64 = 0
    for index in 0..<max(a.count, b.count) {
      let sum = UInt64(index < a.count ? a[index] : 0) + UInt64(index < b.count ? b[index] : 0) + carry
      result.append(UInt32(truncatingIfNeeded: sum))
      carry = sum >> 32
    }
    if carry != 0 { result.append(UInt32(carry)) }
    return result
  }

  /// a - b for magnitudes with a ≥ b.
  private static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    var result = a
    var borrow: Int64 = 0
    for index in result.indices {
      var difference = Int64(a[index]) - Int64(index < b.count ? b[index] : 0) - borrow
      borrow = 0
      if difference < 0 {
        difference += 1 << 32
        borrow = 1
      }
      result[index] = UInt32(difference)
    }
    return result
  }

  private static func significantCount(_ limbs: [UInt32]) -> Int {
    var count = limbs.count
    while count > 0, limbs[count - 1] == 0 { count -= 1 }
    return count
  }

  private static func compare(_ a: [UInt32], _ b: [UInt32]) -> Int {
    let (ac, bc) = (significantCount(a), significantCount(b))
    if ac != bc { return ac < bc ? -1 : 1 }
    for index in (0..<ac).reversed() where a[index] != b[index] {
      return a[index] < b[index] ? -1 : 1
    }
    return 0
  }
}

extension WideInt: Comparable {
  static func < (lhs: WideInt, rhs: WideInt) -> Bool {
    if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage { return a < b }
    let (ls, rs) = (lhs.signum, rhs.signum)
    if ls != rs { return ls < rs }
    let order = compare(lhs.parts.limbs, rhs.parts.limbs)
    return ls < 0 ? order > 0 : order < 0
  }
}

extension WideInt: CustomStringConvertible {
  var description: String {
    switch storage {
    case .small(let value):
      return String(value)
    case .large(let negative, _):
      var chunks: [UInt32] = []
      var rest = magnitude
      while !rest.isZero {
        let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 1_000_000_000)
        chunks.append(remainder)
        rest = quotient
      }
      var text = negative ? "-" : ""
      for (index, chunk) in chunks.reversed().enumerated() {
        let digits = String(chunk)
        if index > 0 { text += String(repeating: "0", count: 9 - digits.count) }
        text += digits
      }
      return text
    }
  }
}
