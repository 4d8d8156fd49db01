/// The most bytes a ConfigMap's or Secret's data may hold together: 1 MiB (`MaxSecretSize`).
public let maxConfigDataSize = 1024 * 1024

extension ObjectValidator {
  /// A config map (`ValidateConfigMap`, plus `ValidateConfigMapUpdate` when `old` is given):
  /// valid keys, none in both `data` and `binaryData`, at most 1 MiB in all.
  public static func validateConfigMap(_ configMap: ConfigMap, old: ConfigMap? = nil) -> [ValidationError] {
    var errors = validateMetadata(configMap.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    if let old, old.immutable == true {
      errors += immutableData(
        configMap.immutable, [("data", configMap.data != old.data), ("binaryData", configMap.binaryData != old.binaryData)])
    }
    var totalSize = 0
    let binaryData = configMap.binaryData ?? [:]
    for (key, value) in (configMap.data ?? [:]).sorted(by: { $0.key < $1.key }) {
      let keyPath = FieldPath("data").key(key)
      errors += invalid(keyPath, key, configKeyMessages(key))
      if binaryData[key] != nil {
        errors.append(.invalid(keyPath, .string(key), "duplicate of key present in binaryData"))
      }
      totalSize += value.utf8.count
    }
    for (key, value) in binaryData.sorted(by: { $0.key < $1.key }) {
      errors += invalid(FieldPath("binaryData").key(key), key, configKeyMessages(key))
      totalSize += decodedBase64Length(value)
    }
    if totalSize > maxConfigDataSize {
      errors.append(.tooLong(FieldPath(""), maxLength: maxConfigDataSize))
    }
    return errors
  }

  /// A secret (`ValidateSecret`, plus `ValidateSecretUpdate` when `old` is given): valid keys,
  /// at most 1 MiB, and the keys its `type` requires. `stringData` counts as data, as the
  /// server merges it in before validating.
  public static func validateSecret(_ secret: Secret, old: Secret? = nil) -> [ValidationError] {
    var errors = validateMetadata(secret.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    if let old {
      if (secret.type ?? "Opaque") != (old.type ?? "Opaque") {
        errors.append(.invalid(FieldPath("type"), .string(secret.type ?? ""), fieldImmutableMessage))
      }
      if old.immutable == true {
        errors += immutableData(secret.immutable, [("data", secret.data != old.data || secret.stringData != nil)])
      }
    }
    var sizes: [String: Int] = [:]
    for (key, value) in secret.data ?? [:] { sizes[key] = decodedBase64Length(value) }
    for (key, value) in secret.stringData ?? [:] { sizes[key] = value.utf8.count }
    let dataPath = FieldPath("data")
    for key in sizes.keys.sorted() {
      errors += invalid(dataPath.key(key), key, configKeyMessages(key))
    }
    if sizes.values.reduce(0, +) > maxConfigDataSize {
      errors.append(.tooLong(dataPath, maxLength: maxConfigDataSize))
    }
    var required: [String] = []
    switch secret.type ?? "Opaque" {
    case "kubernetes.io/service-account-token":
      if (secret.metadata.annotations?["kubernetes.io/service-account.name"] ?? "").isEmpty {
        errors.append(.required(FieldPath("metadata", "annotations").key("kubernetes.io/service-account.name")))
      }
    case "kubernetes.io/dockercfg": required = [".dockercfg"]
    case "kubernetes.io/dockerconfigjson": required = [".dockerconfigjson"]
    case "kubernetes.io/basic-auth": if sizes["username"] == nil, sizes["password"] == nil { required = ["username", "password"] }
    case "kubernetes.io/ssh-auth": if (sizes["ssh-privatekey"] ?? 0) == 0 { errors.append(.required(dataPath.key("ssh-privatekey"))) }
    case "kubernetes.io/tls": required = ["tls.crt", "tls.key"]
    default: break
    }
    for key in required where sizes[key] == nil {
      errors.append(.required(dataPath.key(key)))
    }
    return errors
  }

  /// A namespace (`ValidateNamespace`): a DNS-1123 label name and valid finalizers.
  public static func validateNamespace(_ namespace: Namespace, old: Namespace? = nil) -> [ValidationError] {
    var errors = validateMetadata(namespace.metadata, old: old?.metadata, namespaced: false, name: isDNS1123Label)
    let path = FieldPath("spec", "finalizers")
    for finalizer in namespace.spec?.finalizers ?? [] {
      errors += invalid(path, finalizer, isQualifiedName(finalizer))
      if !finalizer.contains("/"), !["kubernetes", "orphan", "foregroundDeletion"].contains(finalizer) {
        errors.append(.invalid(path, .string(finalizer), "name is neither a standard finalizer name nor is it fully qualified"))
      }
    }
    return errors
  }

  /// `IsConfigMapKey`: `[-._a-zA-Z0-9]+`, at most 253 bytes, not `.`, `..` or `..`-prefixed.
  static func configKeyMessages(_ key: String) -> [String] {
    var messages: [String] = []
    if key.utf8.count > dns1123SubdomainMaxLength { messages.append(maxLengthMessage(dns1123SubdomainMaxLength)) }
    let valid =
      !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x2D || byte == 0x2E || byte == 0x5F
      }
    if !valid {
      messages.append(
        regexMessage(
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", pattern: "[-._a-zA-Z0-9]+",
          examples: ["key.name", "KEY_NAME", "key-name"]))
    }
    if key == "." {
      messages.append("must not be '.'")
    } else if key == ".." {
      messages.append("must not be '..'")
    } else if key.hasPrefix("..") {
      messages.append("must not start with '..'")
    }
    return messages
  }

  /// Forbidden changes to an object marked `immutable: true`.
  private static func immutableData(_ immutable: Bool?, _ changes: [(String, Bool)]) -> [ValidationError] {
    var errors: [ValidationError] = []
    if immutable != true {
      errors.append(.forbidden(FieldPath("immutable"), "field is immutable when `immutable` is set"))
    }
    for (field, changed) in changes where changed {
      errors.append(.forbidden(FieldPath(field), "field is immutable when `immutable` is set"))
    }
    return errors
  }

  /// The number of bytes base64 `text` decodes to.
  private static func decodedBase64Length(_ text: String) -> Int {
    let count = text.utf8.count
    let padding = text.utf8.reversed().prefix(2).filter { $0 == UInt8(ascii: "=") }.count
    return count / 4 * 3 + max(0, count % 4 - 1) - padding
  }
}
