import KubeModel

/// `value` as `U` when `T` is exactly `U`, else nil: a cast that costs nothing in code
/// specialised for a kind.
///
/// The write path is generic over the kind, and `as?` there is a runtime cast on every
/// write (a conformance lookup for `as? any P`). Comparing the metatypes instead folds to a
/// constant once the compiler specialises the caller, and the conversion to a no-op.
@inline(__always)
func exactly<T, U>(_ value: T, as type: U.Type) -> U? {
  guard T.self == U.self else { return nil }
  return unsafeBitCast(value, to: U.self)
}
