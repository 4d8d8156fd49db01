/// A fixed-point amount such as `100m`, `250Mi` or `1e3`, as Kubernetes writes resource sizes.
///
/// The value is exact: an arbitrary-precision decimal, never a floating-point number.
/// Parsing rounds away from zero to nano units (`0.1n` becomes `1n`), caps `BinarySI`
/// amounts at 2⁶³-1, and remembers the suffix family (`format`) so that `description`
/// writes the canonical form in the same family: `1.5Gi` → `1536Mi`, `0.1` → `100m`,
/// `1000m` → `1`, `1e3` → `1e3`, `1000M` → `1G`.
///
/// Equality, hashing and ordering are by numeric value (upstream `Cmp`), not by text or
/// format: `Quantity(parsing: "1Ki") == Quantity(parsing: "1024")`.
public struct Quantity: Sendable {
  /// The suffix family a quantity is written in (`resource.Format`).
  public enum Format: String, Sendable, Hashable, CaseIterable {
    /// Powers of ten written as `e3`, `E-6`.
    case decimalExponent = "DecimalExponent"
    /// Powers of 1024: `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`.
    case binarySI = "BinarySI"
    /// Powers of 1000: `n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`.
    case decimalSI = "DecimalSI"
  }

  /// The exact value.
  var amount: DecimalAmount
  /// How `description` writes the value.
  public var format: Format

  init(amount: DecimalAmount, format: Format) {
    self.amount = amount
    self.format = format
  }

  /// A whole number of units (`resource.NewQuantity`).
  public init(_ integer: Int64, format: Format = .decimalSI) {
    self.init(amount: DecimalAmount(integer), format: format)
  }

  /// `value × 10^scale` units (`resource.NewScaledQuantity`, with any format).
  public init(scaled value: Int64, scale: Int, format: Format = .decimalSI) {
    self.init(amount: DecimalAmount(value, exponent: scale), format: format)
  }

  /// Thousandths of a unit (`resource.NewMilliQuantity`): `milli(250)` is `250m`.
  public static func milli(_ value: Int64, format: Format = .decimalSI) -> Quantity {
    Quantity(scaled: value, scale: -3, format: format)
  }

  /// Zero, in `DecimalSI`.
  public static let zero = Quantity(0)

  /// The largest magnitude a `BinarySI` quantity parses to: 2⁶³-1.
  static let maxBinaryAmount = DecimalAmount(Int64.max)

  /// Whether the value is zero.
  public var isZero: Bool { amount.isZero }

  /// -1, 0 or 1.
  public var sign: Int { amount.signum }

  /// The value in whole units, rounded away from zero (`Value()`): `1500m` → 2.
  ///
  /// Saturates at `Int64.min`/`Int64.max` when the value does not fit.
  public var value: Int64 { scaledValue(0) }

  /// The value in thousandths, rounded away from zero (`MilliValue()`): `1.0001` → 1001.
  ///
  /// Saturates at `Int64.min`/`Int64.max` when the value does not fit.
  public var milliValue: Int64 { scaledValue(-3) }

  /// The value in units of 10^scale, rounded away from zero (`ScaledValue`).
  public func scaledValue(_ scale: Int) -> Int64 {
    amount.scaledInteger(scale) ?? (amount.signum < 0 ? .min : .max)
  }

  /// The value rounded away from zero to a multiple of 10^scale, and whether nothing was lost (`RoundUp`).
  public func roundedUp(toScale scale: Int) -> (quantity: Quantity, exact: Bool) {
    let (rounded, exact) = amount.roundedAwayFromZero(toExponent: scale)
    return (Quantity(amount: rounded, format: format), exact)
  }

  /// A `Double` near the value (`AsApproximateFloat64`); ±infinity beyond the range of `Double`.
  public var asApproximateDouble: Double {
    let base = amount.unscaled.double
    if amount.exponent == 0 { return base }
    return base * Self.powerOfTen(amount.exponent)
  }

  /// 10^n as Go's `math.Pow10` computes it, so approximations round as upstream's do.
  private static func powerOfTen(_ n: Int) -> Double {
    if n >= 0 && n <= 308 { return positivePowersOf1e32[n / 32] * powersOfTen[n % 32] }
    if n < 0 && n >= -323 { return negativePowersOf1e32[-n / 32] / powersOfTen[-n % 32] }
    return n > 0 ? .infinity : 0
  }

  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
  ]
  private static let positivePowersOf1e32: [Double] = [1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288]
  private static let negativePowersOf1e32: [Double] = [
    1e0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288,
    // Subnormal; spelled as text because the literal would warn about lost precision.
    Double("1e-320") ?? 0,
  ]
}

extension Quantity: Hashable {
  public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
    lhs.amount == rhs.amount
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(amount)
  }
}

extension Quantity: Comparable {
  public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
    DecimalAmount.compare(lhs.amount, rhs.amount) < 0
  }
}
