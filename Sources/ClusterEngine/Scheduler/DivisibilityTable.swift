/// Exact `x % t == 0` tests without a division, for the small divisors `selectHost` draws
/// against (1, 2, 3, … ties): `t = 2^k · d` with `d` odd divides `x` exactly when the low `k`
/// bits of `x` are zero and `x · d⁻¹ mod 2^64` is at most `(2^64 − 1) / d` (multiplying by the
/// inverse maps the multiples of `d` onto 0, 1, 2, … in order). Entries are computed once and
/// kept, so a cycle pays one multiply and two compares per tie instead of a 64-bit division.
struct DivisibilityTable {
  private struct Entry {
    var lowMask: UInt64
    var inverse: UInt64
    var limit: UInt64
  }

  /// Entry `t` describes divisor `t` (entry 0 is unused).
  private var entries: [Entry] = [Entry(lowMask: 0, inverse: 0, limit: 0)]

  /// Makes the table answer for every divisor up to `divisor`.
  mutating func reserve(upTo divisor: Int) {
    guard divisor >= entries.count else { return }
    entries.reserveCapacity(divisor + 1)
    for value in entries.count...divisor {
      let divisor = UInt64(value)
      let shift = UInt64(divisor.trailingZeroBitCount)
      let odd = divisor >> shift
      // Newton's iteration doubles the correct low bits each step: 5 steps reach 64 from 3.
      var inverse = odd
      for _ in 0..<5 { inverse = inverse &* (2 &- odd &* inverse) }
      entries.append(Entry(lowMask: (1 << shift) &- 1, inverse: inverse, limit: UInt64.max / odd))
    }
  }

  /// Whether `divisor` divides `value`; `divisor` must be in 1...the reserved bound.
  @inline(__always)
  func divides(_ value: UInt64, by divisor: Int) -> Bool {
    let entry = entries[divisor]
    return value & entry.lowMask == 0 && value &* entry.inverse <= entry.limit
  }

  /// Reservoir sampling's pick among `count` ties: the largest `k` in 2...`count` whose
  /// `value(k)` is divisible by `k`, tested from `count` down; nil when none is. `count` must
  /// be within the reserved bound.
  @inline(__always)
  func lastDivisible(upTo count: Int, _ value: (Int) -> UInt64) -> Int? {
    entries.withUnsafeBufferPointer { entries in
      var divisor = count
      while divisor >= 2 {
        let entry = entries[divisor]
        let drawn = value(divisor)
        if drawn & entry.lowMask == 0 && drawn &* entry.inverse <= entry.limit { return divisor }
        divisor &-= 1
      }
      return nil
    }
  }
}
