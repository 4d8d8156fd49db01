import KubeModel

/// Encodes printed tables as `meta.k8s.io/v1 Table`, whose rows carry each object's
/// metadata (kubectl computes `--show-labels` and `-L` from it).
enum TableEncoding {
  /// What the client wants in each row's `object`: `includeObject=None|Metadata|Object`.
  enum IncludeObject: String {
    case none = "None"
    case metadata = "Metadata"
    case object = "Object"
  }

  static func columnsJSON(_ table: ResourceTable) -> JSONValue {
    .array(table.columns.map {
      .object([
        "name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
        "description": .string($0.description), "priority": .int(Int64($0.priority)),
      ])
    })
  }

  static func rowObject(_ object: any KubeObject, include: IncludeObject) -> JSONValue? {
    switch include {
    case .none: return nil
    case .object: return try? ValueEncoder.encode(object)
    case .metadata:
      return .object([
        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
        "metadata": (try? ValueEncoder.encode(object.metadata)) ?? .emptyObject,
      ])
    }
  }

  /// A Table of `objects` of `resource`.
  static func table(
    resource: ResourceType, objects: [any KubeObject], now: Time, resourceVersion: String?, continueToken: String? = nil,
    include: IncludeObject, withColumns: Bool = true
  ) -> JSONValue {
    // An older version prints as the stored one does (its columns read the stored form).
    let printed = AutoscalingV1.stored(resource, objects)
    let table = ResourcePrinters.table(for: printed.resource, objects: printed.objects, now: now)
      ?? ResourcePrinters.defaultTable(objects: objects, now: now)
    var rows: [JSONValue] = []
    rows.reserveCapacity(objects.count)
    for (row, object) in zip(table.rows, objects) {
      var entry: [(String, JSONValue)] = [("cells", .array(row.cells))]
      if let value = rowObject(object, include: include) { entry.append(("object", value)) }
      rows.append(.object(.init(uniqueKeysWithValues: entry)))
    }
    var metadata: [(String, JSONValue)] = []
    if let resourceVersion { metadata.append(("resourceVersion", .string(resourceVersion))) }
    if let continueToken, !continueToken.isEmpty { metadata.append(("continue", .string(continueToken))) }
    var members: [(String, JSONValue)] = [
      ("kind", "Table"), ("apiVersion", "meta.k8s.io/v1"), ("metadata", .object(.init(uniqueKeysWithValues: metadata))),
    ]
    if withColumns { members.append(("columnDefinitions", columnsJSON(table))) }
    members.append(("rows", .array(rows)))
    return .object(.init(uniqueKeysWithValues: members))
  }

  /// Whether the Accept header asks for a Table.
  static func wantsTable(_ accept: String?) -> Bool {
    guard let accept else { return false }
    return accept.split(separator: ",").first.map { $0.contains("as=Table") } ?? false
  }
}
