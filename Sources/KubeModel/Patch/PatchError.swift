/// Why a patch could not be applied; the text names the operation and path at fault.
public struct PatchError: Error, Hashable, Sendable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
