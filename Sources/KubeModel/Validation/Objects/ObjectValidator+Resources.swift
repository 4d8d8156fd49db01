/// Unprefixed resource names Kubernetes defines (`helper.IsStandardResourceName`).
private let standardResourceNames: Set<String> = [
  "cpu", "memory", "ephemeral-storage", "storage", "pods", "services", "replicationcontrollers", "resourcequotas",
  "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
  "requests.cpu", "requests.memory", "requests.ephemeral-storage", "requests.storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage",
]

/// Unprefixed resource names a container may request (`helper.IsStandardContainerResourceName`).
private let standardContainerResourceNames: Set<String> = ["cpu", "memory", "ephemeral-storage"]

extension ObjectValidator {
  /// `validateResourceRequirements` for a container: valid names and quantities, and each
  /// request at most its limit (equal to it for resources that cannot be overcommitted).
  static func validateResourceRequirements(_ requirements: ResourceRequirements?, _ path: FieldPath) -> [ValidationError] {
    guard let requirements else { return [] }
    var errors: [ValidationError] = []
    let limitsPath = path.child("limits")
    let requestsPath = path.child("requests")
    let limits = requirements.limits ?? [:]
    var hasCPUOrMemory = false
    var hasHugePages = false
    for (name, quantity) in limits.sorted(by: { $0.key < $1.key }) {
      errors += validateContainerResource(name, quantity, limitsPath.key(name))
      hasCPUOrMemory = hasCPUOrMemory || name == "cpu" || name == "memory"
      hasHugePages = hasHugePages || name.hasPrefix("hugepages-")
    }
    for (name, quantity) in (requirements.requests ?? [:]).sorted(by: { $0.key < $1.key }) {
      errors += validateContainerResource(name, quantity, requestsPath.key(name))
      if let limit = limits[name] {
        if quantity != limit, !isOvercommitAllowed(name) {
          errors.append(.invalid(requestsPath, .string(quantity.description), "must be equal to \(name) limit of \(limit)"))
        } else if limit < quantity {
          errors.append(
            .invalid(requestsPath, .string(quantity.description), "must be less than or equal to \(name) limit of \(limit)"))
        }
      } else if !isOvercommitAllowed(name) {
        errors.append(.required(limitsPath, "Limit must be set for non overcommitable resources"))
      }
      hasCPUOrMemory = hasCPUOrMemory || name == "cpu" || name == "memory"
      hasHugePages = hasHugePages || name.hasPrefix("hugepages-")
    }
    if hasHugePages, !hasCPUOrMemory {
      errors.append(.forbidden(path, "HugePages require cpu or memory"))
    }
    return errors
  }

  /// A resource name and quantity in a container's requests or limits.
  private static func validateContainerResource(_ name: String, _ quantity: Quantity, _ path: FieldPath) -> [ValidationError] {
    var errors = validateResourceName(name, path)
    if !name.contains("/") {
      if !standardContainerResourceNames.contains(name), !name.hasPrefix("hugepages-") {
        errors.append(.invalid(path, .string(name), "must be a standard resource for containers"))
      }
    } else if !isNativeResource(name), !isExtendedResourceName(name) {
      errors.append(.invalid(path, .string(name), "doesn't follow extended resource name standard"))
    }
    errors += validateQuantity(name, quantity, path)
    return errors
  }

  /// `validateResourceName`: a qualified name, and a standard one when unprefixed.
  static func validateResourceName(_ name: String, _ path: FieldPath) -> [ValidationError] {
    let messages = isQualifiedName(name)
    if !messages.isEmpty { return invalid(path, name, messages) }
    if !name.contains("/"), !standardResourceNames.contains(name), !name.hasPrefix("hugepages-") {
      return [.invalid(path, .string(name), "must be a standard resource type or fully qualified")]
    }
    return []
  }

  /// `ValidateResourceQuantityValue`: not negative, and whole for integer resources.
  static func validateQuantity(_ name: String, _ quantity: Quantity, _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    if quantity.sign < 0 {
      errors.append(.invalid(path, .string(quantity.description), isNegativeMessage))
    }
    if isIntegerResource(name), quantity.milliValue % 1000 != 0 {
      errors.append(.invalid(path, .string(quantity.description), "must be an integer"))
    }
    return errors
  }

  /// Resources in the `kubernetes.io` domain or without a domain (`IsNativeResource`).
  private static func isNativeResource(_ name: String) -> Bool {
    !name.contains("/") || name.contains("kubernetes.io/")
  }

  /// Native resources other than huge pages may have requests below limits.
  private static func isOvercommitAllowed(_ name: String) -> Bool {
    isNativeResource(name) && !name.hasPrefix("hugepages-")
  }

  private static func isExtendedResourceName(_ name: String) -> Bool {
    if isNativeResource(name) || name.hasPrefix("requests.") { return false }
    return isQualifiedName("requests." + name).isEmpty
  }

  /// Counted resources that must be whole numbers: object counts and extended resources.
  private static func isIntegerResource(_ name: String) -> Bool {
    let counted: Set<String> = [
      "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
      "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
    ]
    return counted.contains(name) || isExtendedResourceName(name)
  }
}
