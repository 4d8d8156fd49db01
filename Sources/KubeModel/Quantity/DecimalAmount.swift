/// An exact decimal number, `unscaled × 10^exponent`, kept in one normal form.
///
/// The normal form has no trailing decimal zeros in `unscaled` (and exponent 0 for zero),
/// so equal numbers are equal values and hash alike.
struct DecimalAmount: Hashable, Sendable {
  private(set) var unscaled: WideInt
  private(set) var exponent: Int

  static let zero = DecimalAmount(unscaled: .zero, exponent: 0)

  init(unscaled: WideInt, exponent: Int) {
    if unscaled.isZero {
      self.unscaled = .zero
      self.exponent = 0
      return
    }
    if let small = unscaled.int64 {
      var value = small
      var exponent = exponent
      while value % 10 == 0 {
        value /= 10
        exponent += 1
      }
      self.unscaled = WideInt(value)
      self.exponent = exponent
      return
    }
    let (value, zeros) = unscaled.removingFactors(of: 10)
    self.unscaled = value
    self.exponent = exponent + zeros
  }

  init(_ value: Int64, exponent: Int = 0) {
    self.init(unscaled: WideInt(value), exponent: exponent)
  }

  var signum: Int { unscaled.signum }
  var isZero: Bool { unscaled.isZero }

  static prefix func - (value: DecimalAmount) -> DecimalAmount {
    DecimalAmount(unscaled: -value.unscaled, exponent: value.exponent)
  }

  /// Both numbers as unscaled integers over the smaller of the two exponents.
  private static func aligned(_ a: DecimalAmount, _ b: DecimalAmount) -> (WideInt, WideInt, exponent: Int) {
    if a.exponent == b.exponent { return (a.unscaled, b.unscaled, a.exponent) }
    if a.exponent > b.exponent {
      return (a.unscaled.timesPowerOfTen(a.exponent - b.exponent), b.unscaled, b.exponent)
    }
    return (a.unscaled, b.unscaled.timesPowerOfTen(b.exponent - a.exponent), a.exponent)
  }

  static func + (lhs: DecimalAmount, rhs: DecimalAmount) -> DecimalAmount {
    if lhs.isZero { return rhs }
    if rhs.isZero { return lhs }
    let (a, b, exponent) = aligned(lhs, rhs)
    return DecimalAmount(unscaled: a + b, exponent: exponent)
  }

  static func - (lhs: DecimalAmount, rhs: DecimalAmount) -> DecimalAmount {
    lhs + -rhs
  }

  static func * (lhs: DecimalAmount, rhs: WideInt) -> DecimalAmount {
    DecimalAmount(unscaled: lhs.unscaled * rhs, exponent: lhs.exponent)
  }

  /// The number rounded away from zero to a multiple of 10^exponent, and whether that was exact.
  func roundedAwayFromZero(toExponent target: Int) -> (amount: DecimalAmount, exact: Bool) {
    if exponent >= target { return (self, true) }
    let (quotient, inexact) = unscaled.dividedByPowerOfTen(target - exponent)
    guard inexact else { return (DecimalAmount(unscaled: quotient, exponent: target), true) }
    let bumped = quotient + WideInt(signum < 0 ? -1 : 1)
    return (DecimalAmount(unscaled: bumped, exponent: target), false)
  }

  /// The number as an integer count of 10^scale units, rounded away from zero; nil if it overflows.
  func scaledInteger(_ scale: Int) -> Int64? {
    let rounded = roundedAwayFromZero(toExponent: scale).amount
    let shift = rounded.exponent - scale
    guard shift <= 19 || rounded.isZero else { return nil }
    return rounded.unscaled.timesPowerOfTen(max(shift, 0)).int64
  }

  /// The unscaled value and an exponent that is a multiple of three, as `CanonicalizeBytes` emits.
  var engineeringForm: (mantissa: WideInt, exponent: Int) {
    var exponent = self.exponent
    var shift = 0
    while exponent % 3 != 0 {
      exponent -= 1
      shift += 1
    }
    return (unscaled.timesPowerOfTen(shift), exponent)
  }
}

extension DecimalAmount: Comparable {
  static func < (lhs: DecimalAmount, rhs: DecimalAmount) -> Bool {
    compare(lhs, rhs) < 0
  }

  /// -1, 0 or 1, without building huge powers of ten for numbers of different magnitude.
  static func compare(_ lhs: DecimalAmount, _ rhs: DecimalAmount) -> Int {
    let (ls, rs) = (lhs.signum, rhs.signum)
    if ls != rs { return ls < rs ? -1 : 1 }
    if ls == 0 { return 0 }
    if lhs.exponent == rhs.exponent {
      return lhs.unscaled == rhs.unscaled ? 0 : (lhs.unscaled < rhs.unscaled ? -1 : 1)
    }
    let lm = lhs.unscaled.decimalDigitCount + lhs.exponent
    let rm = rhs.unscaled.decimalDigitCount + rhs.exponent
    if lm != rm { return (lm < rm) == (ls > 0) ? -1 : 1 }
    let (a, b, _) = aligned(lhs, rhs)
    return a == b ? 0 : (a < b ? -1 : 1)
  }
}
