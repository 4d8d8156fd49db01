extension Quantity {
  /// The exact sum (`Add`); a zero left-hand side takes the right-hand side's format.
  public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
    Quantity(amount: lhs.amount + rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
  }

  /// The exact difference (`Sub`); a zero left-hand side takes the right-hand side's format.
  public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
    Quantity(amount: lhs.amount - rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
  }

  /// Adds in place.
  public static func += (lhs: inout Quantity, rhs: Quantity) {
    lhs = lhs + rhs
  }

  /// Subtracts in place.
  public static func -= (lhs: inout Quantity, rhs: Quantity) {
    lhs = lhs - rhs
  }

  /// The negated value in the same format (`Neg`).
  public static prefix func - (value: Quantity) -> Quantity {
    Quantity(amount: -value.amount, format: value.format)
  }

  /// The exact product with an integer (`Mul`), in the same format.
  public func multiplied(by factor: Int64) -> Quantity {
    Quantity(amount: amount * WideInt(factor), format: format)
  }

  /// The sum of many quantities, zero for none.
  public static func sum<S: Sequence>(_ quantities: S) -> Quantity where S.Element == Quantity {
    quantities.reduce(.zero, +)
  }
}
